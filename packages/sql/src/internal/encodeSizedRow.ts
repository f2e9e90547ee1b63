import type { EncodedRow } from '../encodeRow.js'
import {
  InvalidRowError,
  NullKeyError,
  UnknownColumnError,
  ValueEncodingError,
} from '../SqlError.js'
import { type ColumnModel, columnField, type TableModel, tableLabel } from '../TableModel.js'
import { formatType } from '../types/RedshiftType.js'
import { foldAscii } from './foldAscii.js'
import type { ByteTally } from './values/ByteTally.js'
import { encodeColumnValue } from './values/encodeColumnValue.js'

/** What encoding does with a field no column has: throw `UnknownColumnError`, or skip it. */
export type UnknownFieldPolicy = 'error' | 'ignore'

/** An encoded row with the UTF-8 bytes of each value, counted while encoding. */
export interface SizedRow extends EncodedRow {
  /** UTF-8 bytes of `values[i]`, for each i. */
  readonly bytes: ReadonlyArray<number>
}

export interface Lookup {
  /** Column index by column name. */
  readonly byName: ReadonlyMap<string, number>
  /** Column index by the name rows use (`columnField`), exactly. */
  readonly byField: ReadonlyMap<string, number>
  /** Column index by the name rows use, folded to lowercase. */
  readonly byFoldedField: ReadonlyMap<string, number>
  readonly isKey: ReadonlyArray<boolean>
}

const lookups = new WeakMap<TableModel, Lookup>()

export const lookupFor = (model: TableModel): Lookup => {
  let lookup = lookups.get(model)
  if (lookup === undefined) {
    const keys = new Set(model.keys)
    const byName = new Map(model.columns.map((c, i) => [c.name, i] as const))
    // Without fields, the names rows use are the (folded) column names: one map serves all.
    const hasFields = model.columns.some((c) => c.field !== undefined)
    lookup = {
      byName,
      byField: hasFields
        ? new Map(model.columns.map((c, i) => [columnField(c), i] as const))
        : byName,
      byFoldedField: hasFields
        ? new Map(model.columns.map((c, i) => [foldAscii(columnField(c)), i] as const))
        : byName,
      isKey: model.columns.map((c) => keys.has(c.name)),
    }
    lookups.set(model, lookup)
  }
  return lookup
}

/**
 * The values of a row's fields by column index (undefined = absent), after the checks every
 * path makes: the row is a plain object, every field names a column (unless ignored), and no
 * column is named twice.
 */
export const rowFieldValues = (
  model: TableModel,
  row: unknown,
  rowIndex: number,
  unknownFields: UnknownFieldPolicy,
): Array<unknown> => {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new InvalidRowError({
      rowIndex,
      reason: `is ${row === null ? 'null' : Array.isArray(row) ? 'an array' : `a ${typeof row}`}, not an object of column values`,
    })
  }
  const { byField, byFoldedField } = lookupFor(model)
  const given = new Array<unknown>(model.columns.length)
  const fieldOf = new Array<string | undefined>(model.columns.length)
  for (const [field, value] of Object.entries(row)) {
    const index = byField.get(field) ?? byFoldedField.get(foldAscii(field))
    if (index === undefined) {
      if (unknownFields === 'ignore') continue
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
  return given
}

/**
 * Checks that column `index` may hold `value` being absent (undefined) or null as a key:
 * keys are never null or absent, and an absent NOT NULL column is an error. Returns false when
 * the value is absent (nothing to write).
 */
export const checkPresence = (
  model: TableModel,
  index: number,
  value: unknown,
  rowIndex: number,
): boolean => {
  const column = model.columns[index] as ColumnModel
  if (lookupFor(model).isKey[index] === true && (value === undefined || value === null)) {
    throw new NullKeyError({ rowIndex, column: column.name })
  }
  if (value !== undefined) return true
  if (!column.nullable) {
    throw new ValueEncodingError({
      column: column.name,
      type: formatType(column.type),
      rowIndex,
      reason:
        'is absent, but the column is NOT NULL; give every row a value for it or make it nullable',
    })
  }
  return false
}

/** `encodeRow`, keeping the byte length of every value. */
export const encodeSizedRow = (
  model: TableModel,
  row: unknown,
  rowIndex: number,
  unknownFields: UnknownFieldPolicy = 'error',
): SizedRow => {
  const given = rowFieldValues(model, row, rowIndex, unknownFields)
  const columns: Array<number> = []
  const values: Array<string> = []
  const bytes: Array<number> = []
  const tally: ByteTally = { bytes: 0 }
  model.columns.forEach((column, index) => {
    const value = given[index]
    if (!checkPresence(model, index, value, rowIndex)) return
    columns.push(index)
    values.push(encodeColumnValue(value, column, rowIndex, tally))
    bytes.push(tally.bytes)
  })
  return { rowIndex, columns, values, bytes }
}
