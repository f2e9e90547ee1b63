import { tableModelSource } from '@redstore/sql'
import {
  type TableColumns,
  type TableDefinition,
  tableDefinitionBrand,
} from '../TableDefinition.js'
import { toTableModel } from '../toTableModel.js'

/** The members of a definition besides its brand and model source. */
export type TableDefinitionMembers<Columns extends TableColumns> = Omit<
  TableDefinition<Columns>,
  typeof tableDefinitionBrand | typeof tableModelSource
>

/** A frozen definition whose model source is `toTableModel` (memoized per definition). */
export const createTableDefinition = <Columns extends TableColumns>(
  members: TableDefinitionMembers<Columns>,
): TableDefinition<Columns> => {
  const definition: TableDefinition<Columns> = Object.freeze({
    [tableDefinitionBrand]: true as const,
    [tableModelSource]: () => toTableModel(definition),
    ...members,
  })
  return definition
}

/** A non-null object that is not an array. */
export const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** A frozen shallow copy of an array, or the value as given (validation reports it). */
export const frozenList = (u: unknown): unknown => (Array.isArray(u) ? Object.freeze([...u]) : u)

/** A frozen copy of a sort key, or the value as given. */
export const frozenSortKey = (u: unknown): unknown => {
  if (Array.isArray(u)) return Object.freeze([...u])
  if (isObject(u)) return Object.freeze({ ...u, columns: frozenList(u.columns) })
  return u
}

/** A frozen copy of a columns object, keeping its property order, or the value as given. */
export const frozenColumns = (u: unknown): unknown => (isObject(u) ? Object.freeze({ ...u }) : u)

/** The options of `options` that are not in `known`. */
export const unknownOptionsOf = (options: unknown, known: ReadonlySet<string>): Array<string> =>
  isObject(options) ? Object.keys(options).filter((key) => !known.has(key)) : []
