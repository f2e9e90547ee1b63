import type { ColumnBuilder } from '../ColumnBuilder.js'
import { createTableDefinition, frozenList, isObject } from '../internal/createTableDefinition.js'
import { owoxColumn } from '../internal/owoxColumn.js'
import type { TableDefinition } from '../TableDefinition.js'
import type { OwoxSchema } from './OwoxSchema.js'

/**
 * The columns of a definition made from an OWOX-style schema: field name -> column builder.
 * Their types are known only at run time (a code generator emits exact row types from the
 * model).
 *
 * @example
 * ```ts
 * const columns: OwoxColumns = fromOwoxSchema(schema).columns
 * ```
 */
export type OwoxColumns = { readonly [field: string]: ColumnBuilder }

const known: ReadonlySet<string> = new Set([
  'table',
  'schema',
  'uniqueKeys',
  'fields',
  'description',
])

/**
 * A table definition from an OWOX-style schema object: field types mapped by
 * `resolveSourceType` (a `RedshiftType` wins), descriptions as column comments, unique key
 * fields NOT NULL and the others nullable. Never throws: `validateTableDefinition` reports
 * problems at paths of the schema object, e.g. `['fields', 'created_at', 'type']`,
 * `['fields', 'amount', 'RedshiftType']`, `['table']`. Members starting with `$` (such as
 * `$schema`) are ignored; other unknown members are reported.
 *
 * @example
 * ```ts
 * const events = fromOwoxSchema({
 *   table: 'events', uniqueKeys: ['id'],
 *   fields: { id: { type: 'integer' }, amount: { type: 'float', RedshiftType: 'DECIMAL(10,2)' } },
 * })
 * toTableModel(events).columns[1]?.type // { kind: 'decimal', precision: 10, scale: 2 }
 * ```
 */
export const fromOwoxSchema = (schema: OwoxSchema): TableDefinition<OwoxColumns> => {
  const given: Readonly<Record<string, unknown>> = isObject(schema) ? schema : {}
  const keys: ReadonlyArray<unknown> = Array.isArray(given.uniqueKeys) ? given.uniqueKeys : []
  const fields = given.fields
  const columns = isObject(fields)
    ? Object.freeze(
        Object.fromEntries(
          Object.entries(fields).map(([name, field]) => [
            name,
            owoxColumn(name, field, keys.includes(name)),
          ]),
        ),
      )
    : fields
  return createTableDefinition({
    origin: 'owoxSchema',
    name: given.table as string,
    schema: (given.schema === undefined ? 'public' : given.schema) as string,
    columns: columns as OwoxColumns,
    uniqueKeys: frozenList(given.uniqueKeys) as ReadonlyArray<string>,
    distStyle: undefined,
    distKey: undefined,
    sortKey: undefined,
    description: given.description as string | undefined,
    unknownOptions: Object.freeze(
      Object.keys(given).filter((key) => !known.has(key) && !key.startsWith('$')),
    ),
  })
}
