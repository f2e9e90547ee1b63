/**
 * `@redstore/schema`: describe a Redshift table once, with typed column builders or an
 * OWOX-style schema object; validate it with every problem reported at once; infer its row and
 * record types; hand it to storage code as a `TableModelSource`. No I/O.
 *
 * @example
 * ```ts
 * import { bigint, table, toTableModel, varchar, type InferRow } from '@redstore/schema'
 * const users = table('users', { uniqueKeys: ['id'], columns: { id: bigint(), email: varchar(320) } })
 * type UserRow = InferRow<typeof users> // { id: number | bigint; email: string }
 * const model = toTableModel(users)
 * ```
 */
export type { JsonValue } from '@redstore/sql'
export * from './ColumnBuilder.js'
export * from './columns/boolean.js'
export * from './columns/decimal.js'
export * from './columns/float.js'
export * from './columns/integer.js'
export * from './columns/json.js'
export * from './columns/temporal.js'
export * from './columns/text.js'
export * from './columns/varbyte.js'
export * from './columnValueTypes.js'
export type * from './infer.js'
export * from './owox/fromOwoxSchema.js'
export * from './owox/OwoxSchema.js'
export * from './owox/parseOwoxSchemaJson.js'
export * from './SchemaDefinitionError.js'
export * from './SchemaProblem.js'
export * from './TableDefinition.js'
export * from './table.js'
export * from './toTableModel.js'
export * from './validateTableDefinition.js'
