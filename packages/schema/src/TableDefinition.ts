import type { DistStyle, TableModelSource } from '@redstore/sql'
import type { ColumnBuilder } from './ColumnBuilder.js'

/**
 * The brand of table definitions: a registered symbol, so a definition made by another loaded
 * copy of this package is still recognised (never `instanceof`).
 *
 * @example
 * ```ts
 * tableDefinitionBrand === Symbol.for('@redstore/schema/TableDefinition') // true
 * ```
 */
export const tableDefinitionBrand: unique symbol = Symbol.for('@redstore/schema/TableDefinition')

/**
 * The columns of a table definition: row property name -> column builder.
 *
 * @example
 * ```ts
 * const columns: TableColumns = { id: bigint(), email: varchar(320) }
 * ```
 */
export type TableColumns = { readonly [property: string]: ColumnBuilder }

/**
 * A sort key over column properties: a list (COMPOUND), an explicit style, or `'AUTO'`.
 *
 * @example
 * ```ts
 * const sortKey: TableSortKey<'day' | 'id'> = { style: 'INTERLEAVED', columns: ['day', 'id'] }
 * ```
 */
export type TableSortKey<Property extends string = string> =
  | 'AUTO'
  | ReadonlyArray<Property>
  | { readonly style: 'COMPOUND' | 'INTERLEAVED'; readonly columns: ReadonlyArray<Property> }

/**
 * What a definition was written as, which decides the paths its problems are reported at:
 * `table()` options (`columns`, `name`, `redshiftType`) or an OWOX-style schema object
 * (`fields`, `table`, `RedshiftType`).
 *
 * @example
 * ```ts
 * const origin: TableDefinitionOrigin = 'owoxSchema'
 * ```
 */
export type TableDefinitionOrigin = 'table' | 'owoxSchema'

/**
 * A table described once, as written: from `table()` or `fromOwoxSchema()`. It is a
 * `TableModelSource`, so storage code takes it wherever it takes a table model; its values
 * are kept as given (possibly invalid) until `validateTableDefinition` or `toTableModel`.
 *
 * @example
 * ```ts
 * const users = table('users', { uniqueKeys: ['id'], columns: { id: bigint(), name: string() } })
 * users.columns.name.kind // 'varchar'
 * ```
 */
export interface TableDefinition<Columns extends TableColumns = TableColumns>
  extends TableModelSource {
  readonly [tableDefinitionBrand]: true
  readonly origin: TableDefinitionOrigin
  readonly name: string
  /** `'public'` unless given. */
  readonly schema: string
  readonly columns: Columns
  /** Properties, as given (`table()` checks them against `columns` when type-checking). */
  readonly uniqueKeys: ReadonlyArray<string>
  readonly distStyle: DistStyle | undefined
  readonly distKey: string | undefined
  readonly sortKey: TableSortKey | undefined
  /** The table comment. */
  readonly description: string | undefined
  /** Option names the definition does not know (typos), reported by validation. */
  readonly unknownOptions: ReadonlyArray<string>
}

/**
 * True when `u` is a table definition from any loaded copy of this package.
 *
 * @example
 * ```ts
 * isTableDefinition(users) // true
 * ```
 */
export const isTableDefinition = (u: unknown): u is TableDefinition =>
  typeof u === 'object' &&
  u !== null &&
  (u as { [tableDefinitionBrand]?: unknown })[tableDefinitionBrand] === true
