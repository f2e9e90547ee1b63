import { normalizeIdent, quoteIdent, quoteQualifiedName } from './identifier.js'
import { quoteLiteral } from './literal.js'
import { InvalidTableModelError } from './SqlError.js'
import { type ColumnModel, type TableModel, type TableRef, tableLabel } from './TableModel.js'
import { formatType, RedshiftType } from './types/RedshiftType.js'

const tableName = (table: TableRef): string => quoteQualifiedName(table.schema, table.name)

const findColumn = (table: TableModel, name: string): ColumnModel => {
  // Model names are folded as Redshift folds them, so any spelling of a column finds it.
  const folded = normalizeIdent(name)
  const column = table.columns.find((c) => c.name === folded)
  if (column === undefined) {
    throw new InvalidTableModelError({
      table: tableLabel(table),
      reason: `"${name}" is not a column of the model`,
    })
  }
  return column
}

const columnDefinition = (column: ColumnModel, withNotNull: boolean): string =>
  [
    quoteIdent(column.name),
    formatType(column.type),
    // Redshift's grammar: column attributes (ENCODE) before column constraints (NOT NULL).
    ...(column.encode === undefined ? [] : [`ENCODE ${column.encode}`]),
    ...(withNotNull && !column.nullable ? ['NOT NULL'] : []),
  ].join(' ')

const quoteList = (names: ReadonlyArray<string>): string => names.map(quoteIdent).join(', ')

/**
 * `CREATE SCHEMA IF NOT EXISTS`.
 *
 * @example
 * ```ts
 * createSchema('analytics') // 'CREATE SCHEMA IF NOT EXISTS "analytics"'
 * ```
 */
export const createSchema = (schema: string): string =>
  `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`

/**
 * `CREATE TABLE IF NOT EXISTS` with NOT NULL, ENCODE, PRIMARY KEY (informational in Redshift),
 * DISTSTYLE, DISTKEY and SORTKEY from the model.
 *
 * @example
 * ```ts
 * createTable(normalizeTableModel({
 *   schema: 'public', name: 'users', keys: ['id'],
 *   columns: [{ name: 'id', type: 'BIGINT' }, { name: 'name', type: 'VARCHAR(100)' }],
 * }))
 * // CREATE TABLE IF NOT EXISTS "public"."users" (
 * //   "id" BIGINT NOT NULL,
 * //   "name" VARCHAR(100),
 * //   PRIMARY KEY ("id")
 * // )
 * ```
 */
export const createTable = (table: TableModel): string => {
  const elements = table.columns.map((c) => columnDefinition(c, true))
  if (table.keys.length > 0) elements.push(`PRIMARY KEY (${quoteList(table.keys)})`)
  const attributes: Array<string> = []
  if (table.distStyle !== undefined) attributes.push(`DISTSTYLE ${table.distStyle}`)
  if (table.distKey !== undefined) attributes.push(`DISTKEY (${quoteIdent(table.distKey)})`)
  if (table.sortKey === 'AUTO') attributes.push('SORTKEY AUTO')
  else if (table.sortKey !== undefined) {
    attributes.push(`${table.sortKey.style} SORTKEY (${quoteList(table.sortKey.columns)})`)
  }
  return [
    `CREATE TABLE IF NOT EXISTS ${tableName(table)} (`,
    elements.map((e) => `  ${e}`).join(',\n'),
    ')',
    ...attributes,
  ].join('\n')
}

/**
 * `COMMENT ON COLUMN`; a null comment removes the comment.
 *
 * @example
 * ```ts
 * commentOnColumn({ schema: 'public', name: 'users' }, 'id', 'Primary key')
 * // COMMENT ON COLUMN "public"."users"."id" IS 'Primary key'
 * ```
 */
export const commentOnColumn = (table: TableRef, column: string, comment: string | null): string =>
  `COMMENT ON COLUMN ${quoteQualifiedName(table.schema, table.name, column)} IS ${
    comment === null ? 'NULL' : quoteLiteral(comment)
  }`

/**
 * `COMMENT ON TABLE`; a null comment removes the comment.
 *
 * @example
 * ```ts
 * commentOnTable({ schema: 'public', name: 'users' }, 'People')
 * // COMMENT ON TABLE "public"."users" IS 'People'
 * ```
 */
export const commentOnTable = (table: TableRef, comment: string | null): string =>
  `COMMENT ON TABLE ${tableName(table)} IS ${comment === null ? 'NULL' : quoteLiteral(comment)}`

/**
 * The COMMENT ON statements for the model's table comment and every column with a comment.
 *
 * @example
 * ```ts
 * commentStatements(model) // ['COMMENT ON COLUMN "public"."users"."id" IS \'Primary key\'']
 * ```
 */
export const commentStatements = (table: TableModel): ReadonlyArray<string> => [
  ...(table.comment === undefined ? [] : [commentOnTable(table, table.comment)]),
  ...table.columns.flatMap((c) =>
    c.comment === undefined ? [] : [commentOnColumn(table, c.name, c.comment)],
  ),
]

/**
 * `ALTER TABLE ... ADD COLUMN` for one model column (Redshift adds one column per statement).
 * The column is added nullable even when the model says NOT NULL: existing rows have no value
 * for it, and Redshift cannot add a NOT NULL column to them without a default. Values are still
 * checked against the model's nullability before they are written.
 *
 * @example
 * ```ts
 * addColumn(model, 'email') // ALTER TABLE "public"."users" ADD COLUMN "email" VARCHAR(320)
 * ```
 */
export const addColumn = (table: TableModel, column: string): string =>
  `ALTER TABLE ${tableName(table)} ADD COLUMN ${columnDefinition(findColumn(table, column), false)}`

/**
 * Widens a VARCHAR column (the only type change Redshift allows). Redshift refuses it inside
 * a transaction block, so run it on its own, not in a TRANSACTION batch.
 *
 * @throws InvalidTypeError when `length` is not 1 to 65535.
 * @example
 * ```ts
 * widenVarchar({ schema: 'public', name: 'users' }, 'name', 1000)
 * // ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE VARCHAR(1000)
 * ```
 */
export const widenVarchar = (table: TableRef, column: string, length: number): string =>
  `ALTER TABLE ${tableName(table)} ALTER COLUMN ${quoteIdent(column)} TYPE ${formatType(
    RedshiftType.varchar(length),
  )}`

/**
 * `DROP TABLE IF EXISTS`.
 *
 * @example
 * ```ts
 * dropTable({ schema: 'public', name: 'users' }) // DROP TABLE IF EXISTS "public"."users"
 * ```
 */
export const dropTable = (table: TableRef): string => `DROP TABLE IF EXISTS ${tableName(table)}`
