import { quoteLiteral } from '../../literal.js'
import { InvalidLiteralError } from '../../SqlError.js'
import { describeValue } from '../describeValue.js'
import { utf8ByteLength } from '../utf8.js'
import type { ByteTally } from './ByteTally.js'
import type { Fail } from './Fail.js'

/** Writes a string literal, turning a literal error into this value's encoding error. */
export const literalOrFail = (text: string, fail: Fail): string => {
  try {
    return quoteLiteral(text)
  } catch (error) {
    if (error instanceof InvalidLiteralError) {
      fail(`${error.reason} at index ${error.position}, which Redshift strings cannot hold`)
    }
    throw error
  }
}

/**
 * Encodes CHAR(n) / VARCHAR(n): a string, or a finite number, bigint or boolean written as
 * text. Length is checked in UTF-8 bytes; CHAR takes single-byte (ASCII) characters only.
 * The literal's UTF-8 bytes go to `tally`: the text's bytes counted once for the length check,
 * plus the quotes and doubled characters, which are ASCII (one byte per UTF-16 unit).
 */
export const encodeText = (
  value: unknown,
  kind: 'char' | 'varchar',
  length: number,
  fail: Fail,
  tally: ByteTally,
): string => {
  let text: string
  if (typeof value === 'string') text = value
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value)
  else if (typeof value === 'bigint' || typeof value === 'boolean') text = String(value)
  else {
    const hint =
      value instanceof Date
        ? '; pass value.toISOString(), or use a TIMESTAMP column'
        : typeof value === 'object' && value !== null
          ? '; store JSON in a SUPER column, or pass JSON.stringify(value)'
          : ''
    fail(
      `is ${describeValue(value)}; expected a string (or a finite number, bigint or boolean)${hint}`,
    )
  }
  const literal = literalOrFail(text, fail)
  const type = `${kind.toUpperCase()}(${length})`
  if (kind === 'char') {
    const wide = text.search(/[^\u0000-\u007f]/)
    if (wide >= 0) {
      fail(
        `has a multibyte character at index ${wide}; Redshift CHAR holds single-byte characters only, use VARCHAR`,
      )
    }
  }
  const bytes = utf8ByteLength(text)
  if (bytes > length) {
    fail(
      `is ${bytes} UTF-8 bytes long, over the ${length} bytes of ${type}; widen the column or shorten the value`,
    )
  }
  tally.bytes = bytes + literal.length - text.length
  return literal
}
