import { encodeSizedRow, type KeyColumn, lookupFor } from './internal/encodeSizedRow.js'
import type { TableModel } from './TableModel.js'

/**
 * One row encoded for a table: the columns it carries (indices into `model.columns`,
 * ascending) and their SQL text. Absent fields are not carried, so they are never written.
 *
 * @example
 * ```ts
 * const row: EncodedRow = { rowIndex: 0, columns: [0, 2], values: ['1', "'Ann'"] }
 * ```
 */
export interface EncodedRow {
  /** Index of the row in the caller's input. */
  readonly rowIndex: number
  readonly columns: ReadonlyArray<number>
  readonly values: ReadonlyArray<string>
}

/**
 * Options of `encodeRow`.
 *
 * @example
 * ```ts
 * encodeRow(model, { id: 1, extra: 'x' }, 0, { unknownFields: 'ignore' })
 * ```
 */
export interface EncodeRowOptions {
  /** `error` (default) throws `UnknownColumnError` for a field no column has; `ignore` skips it. */
  readonly unknownFields?: 'error' | 'ignore' | undefined
}

/**
 * Encodes one input row for a table model. Field names match columns after folding as Redshift
 * folds them (`userId` is column `userid`). A field that is missing or `undefined` is absent:
 * it is not written, so the stored value stays; `null` writes NULL.
 *
 * @throws InvalidRowError when the row is not a plain object or names one column twice.
 * @throws UnknownColumnError for a field the model does not have (unless `unknownFields: 'ignore'`).
 * @throws NullKeyError when a key column is null or absent.
 * @throws ValueEncodingError for a bad value, or an absent NOT NULL column.
 * @example
 * ```ts
 * encodeRow(model, { id: 1, name: "O'Brien" }, 0)
 * // { rowIndex: 0, columns: [0, 1], values: ['1', "'O''Brien'"] }
 * ```
 */
export const encodeRow = (
  model: TableModel,
  row: unknown,
  rowIndex: number,
  options: EncodeRowOptions = {},
): EncodedRow => {
  const { columns, values } = encodeSizedRow(model, row, rowIndex, options.unknownFields)
  return { rowIndex, columns, values }
}

/**
 * The identity of a row's key as Redshift compares it: the encoded key values, with trailing
 * blanks of CHAR/VARCHAR keys dropped (Redshift ignores them when comparing) and REAL keys
 * rounded to single precision as they are stored. Two rows with
 * the same identity would match the same target row.
 *
 * @example
 * ```ts
 * rowKeyIdentity(model, encodeRow(model, { id: 1 }, 0)) === rowKeyIdentity(model, encodeRow(model, { id: '1' }, 1)) // true
 * ```
 */
export const rowKeyIdentity = (model: TableModel, row: EncodedRow): string => {
  const { keyColumns } = lookupFor(model)
  if (keyColumns.length === 1) return keyPart(row, keyColumns[0] as KeyColumn)
  // Encoded values never contain NUL, so it separates parts unambiguously.
  return keyColumns.map((key) => keyPart(row, key)).join('\u0000')
}

/** One key value as Redshift compares it. */
const keyPart = (row: EncodedRow, key: KeyColumn): string => {
  const value = row.values[row.columns.indexOf(key.index)] ?? 'NULL'
  if (key.kind === 'varchar' || key.kind === 'char') return value.replace(/ +'$/, "'")
  // Two doubles can round to one stored REAL.
  if (key.kind === 'real') return String(Math.fround(Number(value)))
  return value
}
