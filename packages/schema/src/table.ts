import type { DistStyle } from '@redstore/sql'
import {
  createTableDefinition,
  frozenColumns,
  frozenList,
  frozenSortKey,
  isObject,
  unknownOptionsOf,
} from './internal/createTableDefinition.js'
import type { TableColumns, TableDefinition, TableSortKey } from './TableDefinition.js'

type PropertyOf<Columns> = NoInfer<Extract<keyof Columns, string>>

/**
 * The options of `table()`. Keys, dist and sort keys name column properties.
 *
 * @example
 * ```ts
 * const options: TableOptions<{ id: ColumnBuilder<'bigint', false> }> = {
 *   uniqueKeys: ['id'],
 *   columns: { id: bigint() },
 * }
 * ```
 */
export interface TableOptions<Columns extends TableColumns> {
  /** The schema; `'public'` when not given. */
  readonly schema?: string | undefined
  /** The properties that identify a row: the MERGE match columns (at least one). */
  readonly uniqueKeys: ReadonlyArray<PropertyOf<Columns>>
  /** Property name -> column builder; rows and records use the property names. */
  readonly columns: Columns
  /** The distribution style; `KEY` when a `distKey` is given. */
  readonly distStyle?: DistStyle | undefined
  readonly distKey?: PropertyOf<Columns> | undefined
  /** A property list (COMPOUND), `{ style, columns }`, or `'AUTO'`. */
  readonly sortKey?: TableSortKey<PropertyOf<Columns>> | undefined
  /** The table comment. */
  readonly description?: string | undefined
}

const known: ReadonlySet<string> = new Set([
  'schema',
  'uniqueKeys',
  'columns',
  'distStyle',
  'distKey',
  'sortKey',
  'description',
])

/**
 * Describes a table. Never throws, whatever it is given: `validateTableDefinition` reports
 * every problem at once, with its path in these options, and `toTableModel` (or any storage
 * code taking the definition as a `TableModelSource`) refuses a definition with errors.
 *
 * A property maps to the column of its own name folded as Redshift folds it (`customerEmail`
 * -> `customeremail`) unless `.columnName()` says otherwise; rows and records always use the
 * property names.
 *
 * @example
 * ```ts
 * const orders = table('orders', {
 *   schema: 'shop',
 *   uniqueKeys: ['orderId'],
 *   columns: {
 *     orderId: bigint(),
 *     customerEmail: varchar(320).describe('Lowercased'),
 *     total: decimal(12, 2),
 *     note: string().nullable().columnName('order_note'),
 *     placedAt: timestamptz(),
 *   },
 *   sortKey: ['placedAt'],
 * })
 * type OrderRow = InferRow<typeof orders>
 * ```
 */
export const table = <Columns extends TableColumns>(
  name: string,
  options: TableOptions<Columns>,
): TableDefinition<Columns> => {
  const given: Readonly<Record<string, unknown>> = isObject(options) ? options : {}
  return createTableDefinition({
    origin: 'table',
    name,
    schema: (given.schema === undefined ? 'public' : given.schema) as string,
    columns: frozenColumns(given.columns) as Columns,
    uniqueKeys: frozenList(given.uniqueKeys) as ReadonlyArray<string>,
    distStyle: given.distStyle as DistStyle | undefined,
    distKey: given.distKey as string | undefined,
    sortKey: frozenSortKey(given.sortKey) as TableSortKey | undefined,
    description: given.description as string | undefined,
    unknownOptions: Object.freeze(unknownOptionsOf(options, known)),
  })
}
