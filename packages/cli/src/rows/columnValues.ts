import {
  type ColumnModel,
  columnField,
  formatType,
  type RedshiftTypeKind,
  type TableModel,
} from '@redstore/sql'
import { memberTexts } from '../input/ndjson.js'

/**
 * A row field's value after the input format's rules, or why it has none.
 *
 * @example
 * ```ts
 * const converted: Converted = { ok: false, problem: 'column "paid" (BOOLEAN): "maybe" is not a boolean; write true or false' }
 * ```
 */
export type Converted =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: string }

const foldAscii = (name: string): string => name.replace(/[A-Z]+/g, (s) => s.toLowerCase())

/**
 * The column a row field names, as the storage matches them: the column's field name exactly,
 * else after folding ASCII letters to lowercase (as Redshift folds names).
 *
 * @example
 * ```ts
 * const columnOf = columnLookup(model)
 * columnOf('customerEmail')?.name // 'customeremail'
 * ```
 */
export const columnLookup = (model: TableModel): ((field: string) => ColumnModel | undefined) => {
  const exact = new Map(model.columns.map((c) => [columnField(c), c] as const))
  const folded = new Map(model.columns.map((c) => [foldAscii(columnField(c)), c] as const))
  return (field) => exact.get(field) ?? folded.get(foldAscii(field))
}

const excerpt = (text: string): string =>
  JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text)

const where = (column: ColumnModel): string =>
  `column ${JSON.stringify(columnField(column))} (${formatType(column.type)})`

const hexDigits = /^[0-9a-fA-F]*$/

/**
 * Bytes from hexadecimal text (`00ff`, upper or lower case, an optional `\x` or `0x` prefix):
 * how VARBYTE values are written in NDJSON and CSV, as COPY reads them.
 *
 * @example
 * ```ts
 * hexBytes('00ff') // Uint8Array [0, 255]
 * hexBytes('0f0')  // 'has an odd number of hex digits'
 * ```
 */
export const hexBytes = (text: string): Uint8Array | string => {
  const digits = /^(\\x|0x)/i.test(text) ? text.slice(2) : text
  if (!hexDigits.test(digits)) return 'is not hexadecimal (write bytes as hex digits, e.g. 00ff)'
  if (digits.length % 2 !== 0) return 'has an odd number of hex digits'
  return Uint8Array.from(Buffer.from(digits, 'hex'))
}

const trueWords: ReadonlySet<string> = new Set(['true', 't', 'yes', 'y', '1'])
const falseWords: ReadonlySet<string> = new Set(['false', 'f', 'no', 'n', '0'])

/**
 * The value of one CSV field's text for its column. Text is passed as it is to the storage,
 * which checks it against the column (numbers, DECIMAL digits, dates and times are given as
 * text); BOOLEAN takes true/false, t/f, yes/no, y/n, 1/0 in any case (as COPY does); SUPER is
 * read as JSON text (a JSON string is `"text"`, which CSV writes `"""text"""`); VARBYTE is hex.
 *
 * @example
 * ```ts
 * csvValue('TRUE', booleanColumn) // { ok: true, value: true }
 * csvValue('{"a":1}', superColumn) // { ok: true, value: { a: 1 } }
 * ```
 */
export const csvValue = (text: string, column: ColumnModel): Converted => {
  switch (column.type.kind) {
    case 'boolean': {
      const word = text.trim().toLowerCase()
      if (trueWords.has(word)) return { ok: true, value: true }
      if (falseWords.has(word)) return { ok: true, value: false }
      return {
        ok: false,
        problem: `${where(column)}: ${excerpt(text)} is not a boolean; write true or false (or t/f, yes/no, 1/0)`,
      }
    }
    case 'super': {
      try {
        return { ok: true, value: JSON.parse(text) as unknown }
      } catch {
        return {
          ok: false,
          problem: `${where(column)}: ${excerpt(text)} is not JSON; a SUPER field holds JSON text, so a string is written with JSON quotes ("""text""" in CSV)`,
        }
      }
    }
    case 'varbyte': {
      const bytes = hexBytes(text)
      return typeof bytes === 'string'
        ? { ok: false, problem: `${where(column)}: ${excerpt(text)} ${bytes}` }
        : { ok: true, value: bytes }
    }
    default:
      return { ok: true, value: text }
  }
}

const integerKinds: ReadonlySet<RedshiftTypeKind> = new Set(['smallint', 'integer', 'bigint'])

const setField = (row: Record<string, unknown>, field: string, value: unknown): void => {
  // defineProperty, so that a field named __proto__ stays a field.
  Object.defineProperty(row, field, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * Applies NDJSON's rules to a parsed object, in place: a number for a DECIMAL column, or an
 * integer past 2^53 for an integer column, is taken from the line's text with every digit
 * (JSON.parse would round it); a string for a VARBYTE column is hex. Other values go to the
 * storage as JSON.parse made them; fields no column has are left for the storage to judge.
 *
 * @example
 * ```ts
 * ndjsonRow(columnOf, { id: 9007199254740992 }, '{"id": 9007199254740993}') // { ok: true, value: { id: '9007199254740993' } }
 * ```
 */
export const ndjsonRow = (
  columnOf: (field: string) => ColumnModel | undefined,
  row: Record<string, unknown>,
  text: string,
): Converted => {
  let texts: Map<string, string> | undefined
  for (const [field, value] of Object.entries(row)) {
    const column = columnOf(field)
    if (column === undefined) continue
    const kind = column.type.kind
    if (
      typeof value === 'number' &&
      (kind === 'decimal' || (integerKinds.has(kind) && !Number.isSafeInteger(value)))
    ) {
      texts ??= memberTexts(text)
      const exact = texts.get(field)
      if (exact !== undefined) setField(row, field, exact)
    } else if (kind === 'varbyte' && typeof value === 'string') {
      const bytes = hexBytes(value)
      if (typeof bytes === 'string') {
        return { ok: false, problem: `${where(column)}: ${excerpt(value)} ${bytes}` }
      }
      setField(row, field, bytes)
    }
  }
  return { ok: true, value: row }
}
