import type { EncodedRow } from '../encodeRow.js'
import {
  InvalidRowError,
  NullKeyError,
  UnknownColumnError,
  ValueEncodingError,
} from '../SqlError.js'
import { type ColumnModel, columnField, type TableModel, tableLabel } from '../TableModel.js'
import { formatType, type RedshiftTypeKind } from '../types/RedshiftType.js'
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
  /** Every column index, ascending: the columns of a row that carries them all. */
  readonly allColumns: ReadonlyArray<number>
  /** The key columns, in key order. */
  readonly keyColumns: ReadonlyArray<KeyColumn>
}

export interface KeyColumn {
  /** Index in `model.columns`. */
  readonly index: number
  readonly kind: RedshiftTypeKind
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
      allColumns: Object.freeze(model.columns.map((_, i) => i)),
      keyColumns: model.keys.map((key) => {
        const index = byName.get(key) ?? -1
        return { index, kind: model.columns[index]?.type.kind as RedshiftTypeKind }
      }),
    }
    lookups.set(model, lookup)
  }
  return lookup
}

const describeRowKind = (row: unknown): string =>
  row === null ? 'null' : Array.isArray(row) ? 'an array' : `a ${typeof row}`

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
      reason: `is ${describeRowKind(row)}, not an object of column values`,
    })
  }
  const fields = row as Readonly<Record<string, unknown>>
  const { byField } = lookupFor(model)
  const given = new Array<unknown>(model.columns.length)
  const names = Object.keys(fields)
  for (let at = 0; at < names.length; at++) {
    const field = names[at] as string
    const index = byField.get(field)
    // Exact field names always name distinct columns; any other spelling may name no column,
    // or a column another field names too, which `matchSpellings` checks.
    if (index === undefined) {
      return matchSpellings(model, fields, names, at, given, rowIndex, unknownFields)
    }
    given[index] = fields[field]
  }
  return given
}

/**
 * `rowFieldValues` from the first field not spelled exactly as a column's (`names[from]`):
 * matches the rest after folding, skips or rejects unknown fields, and rejects a column named
 * twice. Reads every remaining value first, in order, as the fields are all read before any
 * is checked.
 */
const matchSpellings = (
  model: TableModel,
  fields: Readonly<Record<string, unknown>>,
  names: ReadonlyArray<string>,
  from: number,
  given: Array<unknown>,
  rowIndex: number,
  unknownFields: UnknownFieldPolicy,
): Array<unknown> => {
  const { byField, byFoldedField } = lookupFor(model)
  const fieldOf = new Array<string | undefined>(model.columns.length)
  for (let at = 0; at < from; at++) {
    const field = names[at] as string
    fieldOf[byField.get(field) as number] = field
  }
  const values = names.slice(from).map((field) => fields[field])
  for (let at = from; at < names.length; at++) {
    const field = names[at] as string
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
    given[index] = values[at - from]
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
  if (value !== undefined && value !== null) return true
  const column = model.columns[index] as ColumnModel
  if (lookupFor(model).isKey[index] === true) {
    throw new NullKeyError({ rowIndex, column: column.name })
  }
  if (value === null) return true
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

/** An encoded row with the UTF-8 bytes of all its values together, counted while encoding. */
export interface StagedValues extends EncodedRow {
  /** UTF-8 bytes of all `values` together. */
  readonly valueBytes: number
}

/**
 * Encodes a row's present values; with `bytesOf`, pushes each value's UTF-8 bytes to it. With
 * `shareColumns`, a row that carries every column gets the model's one list of them.
 */
const encodePresent = (
  model: TableModel,
  row: unknown,
  rowIndex: number,
  unknownFields: UnknownFieldPolicy,
  bytesOf: Array<number> | undefined,
  shareColumns: boolean,
): StagedValues => {
  const given = rowFieldValues(model, row, rowIndex, unknownFields)
  const columns = model.columns
  const present: Array<number> = []
  const values: Array<string> = []
  const tally: ByteTally = { bytes: 0 }
  let valueBytes = 0
  for (let index = 0; index < columns.length; index++) {
    const value = given[index]
    if (!checkPresence(model, index, value, rowIndex)) continue
    present.push(index)
    values.push(encodeColumnValue(value, columns[index] as ColumnModel, rowIndex, tally))
    valueBytes += tally.bytes
    bytesOf?.push(tally.bytes)
  }
  const { allColumns } = lookupFor(model)
  const shared = shareColumns && present.length === allColumns.length
  return { rowIndex, columns: shared ? allColumns : present, values, valueBytes }
}

/** `encodeRow`, keeping the byte length of every value. */
export const encodeSizedRow = (
  model: TableModel,
  row: unknown,
  rowIndex: number,
  unknownFields: UnknownFieldPolicy = 'error',
): SizedRow => {
  const bytes: Array<number> = []
  const { columns, values } = encodePresent(model, row, rowIndex, unknownFields, bytes, false)
  return { rowIndex, columns, values, bytes }
}

/**
 * `encodeRow`, keeping the UTF-8 bytes of all values together: what the planner stages. Rows
 * that carry every column (most do) share one list of them, as a batch holds thousands.
 */
export const encodeStagedValues = (
  model: TableModel,
  row: unknown,
  rowIndex: number,
  unknownFields: UnknownFieldPolicy,
): StagedValues => encodePresent(model, row, rowIndex, unknownFields, undefined, true)
