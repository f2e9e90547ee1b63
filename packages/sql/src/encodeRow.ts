import {
  InvalidRowError,
  NullKeyError,
  UnknownColumnError,
  ValueEncodingError,
} from './SqlError.js'
import { type TableModel, tableLabel } from './TableModel.js'
import { formatType } from './types/RedshiftType.js'
import { encodeValue } from './values/encodeValue.js'

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

interface Lookup {
  readonly byName: ReadonlyMap<string, number>
  readonly isKey: ReadonlyArray<boolean>
}

const lookups = new WeakMap<TableModel, Lookup>()

const lookupFor = (model: TableModel): Lookup => {
  let lookup = lookups.get(model)
  if (lookup === undefined) {
    const keys = new Set(model.keys)
    lookup = {
      byName: new Map(model.columns.map((c, i) => [c.name, i] as const)),
      isKey: model.columns.map((c) => keys.has(c.name)),
    }
    lookups.set(model, lookup)
  }
  return lookup
}

const foldAscii = (name: string): string => name.replace(/[A-Z]+/g, (s) => s.toLowerCase())

/**
 * Encodes one input row for a table model. Field names match columns after folding as Redshift
 * folds them (`userId` is column `userid`). A field that is missing or `undefined` is absent:
 * it is not written, so the stored value stays; `null` writes NULL.
 *
 * @throws InvalidRowError when the row is not a plain object or names one column twice.
 * @throws UnknownColumnError for a field the model does not have.
 * @throws NullKeyError when a key column is null or absent.
 * @throws ValueEncodingError for a bad value, or an absent NOT NULL column.
 * @example
 * ```ts
 * encodeRow(model, { id: 1, name: "O'Brien" }, 0)
 * // { rowIndex: 0, columns: [0, 1], values: ['1', "'O''Brien'"] }
 * ```
 */
export const encodeRow = (model: TableModel, row: unknown, rowIndex: number): EncodedRow => {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new InvalidRowError({
      rowIndex,
      reason: `is ${row === null ? 'null' : Array.isArray(row) ? 'an array' : `a ${typeof row}`}, not an object of column values`,
    })
  }
  const { byName, isKey } = lookupFor(model)
  const given = new Array<unknown>(model.columns.length)
  const fieldOf = new Array<string | undefined>(model.columns.length)
  for (const [field, value] of Object.entries(row)) {
    const index = byName.get(field) ?? byName.get(foldAscii(field))
    if (index === undefined) {
      throw new UnknownColumnError({ rowIndex, column: field, table: tableLabel(model) })
    }
    const earlier = fieldOf[index]
    if (earlier !== undefined) {
      throw new InvalidRowError({
        rowIndex,
        reason: `has fields ${JSON.stringify(earlier)} and ${JSON.stringify(field)}, which are the same column ${JSON.stringify(model.columns[index]?.name)} once folded to lowercase; keep one`,
      })
    }
    fieldOf[index] = field
    given[index] = value
  }
  const columns: Array<number> = []
  const values: Array<string> = []
  model.columns.forEach((column, index) => {
    const value = given[index]
    if (isKey[index] === true && (value === undefined || value === null)) {
      throw new NullKeyError({ rowIndex, column: column.name })
    }
    if (value === undefined) {
      if (!column.nullable) {
        throw new ValueEncodingError({
          column: column.name,
          type: formatType(column.type),
          rowIndex,
          reason:
            'is absent, but the column is NOT NULL; give every row a value for it or make it nullable',
        })
      }
      return
    }
    columns.push(index)
    values.push(encodeValue(value, column, rowIndex))
  })
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
  const { byName } = lookupFor(model)
  const parts: Array<string> = []
  for (const key of model.keys) {
    const index = byName.get(key) ?? -1
    const position = row.columns.indexOf(index)
    const value = row.values[position] ?? 'NULL'
    const kind = model.columns[index]?.type.kind
    // Encoded values never contain NUL, so it separates parts unambiguously.
    if (kind === 'varchar' || kind === 'char') parts.push(value.replace(/ +'$/, "'"))
    // Two doubles can round to one stored REAL.
    else if (kind === 'real') parts.push(String(Math.fround(Number(value))))
    else parts.push(value)
  }
  return parts.join('\u0000')
}
