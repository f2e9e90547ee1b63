import { quoteLiteral } from '../../literal.js'
import { InvalidLiteralError } from '../../SqlError.js'
import { describeValue } from '../describeValue.js'
import { stringLiteral } from '../stringLiteral.js'
import { loneSurrogateIndex, storableUtf8Bytes, utf8ByteLength } from '../utf8.js'
import type { ByteTally } from './ByteTally.js'
import type { Fail } from './Fail.js'

/** Writes a string literal, turning a literal error into this value's encoding error. */
export const literalOrFail = (text: string, fail: Fail): string => {
  try {
    return quoteLiteral(text)
  } catch (error) {
    if (InvalidLiteralError.is(error)) {
      fail(`${error.reason} at index ${error.position}, which Redshift strings cannot hold`)
    }
    throw error
  }
}

/** Longest VARCHAR text checked by one plain scan (`storableUtf8Bytes`) rather than natively. */
const SHORT_TEXT = 64

/** The text of a CHAR/VARCHAR value: a string, or a finite number, bigint or boolean as text. */
const textOf = (value: unknown, fail: Fail): string => {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  const hint =
    value instanceof Date
      ? '; pass value.toISOString(), or use a TIMESTAMP column'
      : typeof value === 'object' && value !== null
        ? '; store JSON in a SUPER column, or pass JSON.stringify(value)'
        : ''
  return fail(
    `is ${describeValue(value)}; expected a string (or a finite number, bigint or boolean)${hint}`,
  )
}

/**
 * Checks a CHAR(n) / VARCHAR(n) value and returns its text: Redshift strings hold no NUL and no
 * lone surrogate, CHAR takes single-byte (ASCII) characters only, and n counts UTF-8 bytes.
 * `bytes.bytes` is set to the text's UTF-8 bytes. The checks of both the INSERT and COPY paths.
 */
export const checkedText = (
  value: unknown,
  kind: 'char' | 'varchar',
  length: number,
  fail: Fail,
  tally: ByteTally,
): string => {
  const text = textOf(value, fail)
  if (kind === 'varchar' && text.length <= SHORT_TEXT) {
    const bytes = storableUtf8Bytes(text)
    if (bytes >= 0 && bytes <= length) {
      tally.bytes = bytes
      return text
    }
  }
  const nul = text.indexOf('\u0000')
  if (nul >= 0) fail(`contains NUL (U+0000) at index ${nul}, which Redshift strings cannot hold`)
  const lone = loneSurrogateIndex(text)
  if (lone >= 0) {
    fail(`contains a lone UTF-16 surrogate at index ${lone}, which Redshift strings cannot hold`)
  }
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
      `is ${bytes} UTF-8 bytes long, over the ${length} bytes of ${kind.toUpperCase()}(${length}); widen the column or shorten the value`,
    )
  }
  tally.bytes = bytes
  return text
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
  const text = checkedText(value, kind, length, fail, tally)
  // Checked above: no NUL, no lone surrogate, so the literal is written directly.
  const literal = stringLiteral(text)
  tally.bytes += literal.length - text.length
  return literal
}
