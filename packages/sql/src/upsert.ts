import { quoteIdent, quoteQualifiedName } from './identifier.js'
import type { TableModel, TableRef } from './TableModel.js'

/**
 * Where an INSERT goes: a table of the database, or a temp table by its bare name.
 *
 * @example
 * ```ts
 * const into: InsertTarget = 'redstore_stage_x_b0_g0'
 * ```
 */
export type InsertTarget = TableRef | string

const relation = (target: InsertTarget): string =>
  typeof target === 'string' ? quoteIdent(target) : quoteQualifiedName(target.schema, target.name)

/**
 * `CREATE TEMP TABLE <name> (LIKE <target>)`: same columns, types and NOT NULL as the target.
 * A temp table lives only in its session, so run it in the same batch as its INSERTs and MERGE.
 *
 * @example
 * ```ts
 * createTempTableLike('stage_1', { schema: 'public', name: 'users' })
 * // CREATE TEMP TABLE "stage_1" (LIKE "public"."users")
 * ```
 */
export const createTempTableLike = (tempTable: string, target: TableRef): string =>
  `CREATE TEMP TABLE ${quoteIdent(tempTable)} (LIKE ${relation(target)})`

/**
 * A staging table like the target: `CREATE TEMP TABLE` for a bare name (see
 * `createTempTableLike`), `CREATE TABLE` for a table of a schema, which every session sees and
 * which stays until dropped (see `dropTables`).
 *
 * @example
 * ```ts
 * createStagingTableLike({ schema: 'etl', name: 'stage_1' }, { schema: 'public', name: 'users' })
 * // CREATE TABLE "etl"."stage_1" (LIKE "public"."users")
 * ```
 */
export const createStagingTableLike = (staging: InsertTarget, target: TableRef): string =>
  typeof staging === 'string'
    ? createTempTableLike(staging, target)
    : `CREATE TABLE ${relation(staging)} (LIKE ${relation(target)})`

/**
 * `DROP TABLE IF EXISTS` of several tables in one statement.
 *
 * @throws RangeError when `tables` is empty (misuse).
 * @example
 * ```ts
 * dropTables(['stage_1', { schema: 'etl', name: 'stage_2' }])
 * // DROP TABLE IF EXISTS "stage_1", "etl"."stage_2"
 * ```
 */
export const dropTables = (tables: ReadonlyArray<InsertTarget>): string => {
  if (tables.length === 0) throw new RangeError('dropTables needs at least one table')
  return `DROP TABLE IF EXISTS ${tables.map(relation).join(', ')}`
}

/**
 * The `INSERT INTO <table> (<columns>) VALUES ` prefix that every row tuple follows.
 *
 * @example
 * ```ts
 * insertHeader('stage_1', ['id', 'name']) // 'INSERT INTO "stage_1" ("id", "name") VALUES '
 * ```
 */
export const insertHeader = (into: InsertTarget, columns: ReadonlyArray<string>): string =>
  `INSERT INTO ${relation(into)} (${columns.map(quoteIdent).join(', ')}) VALUES `

/**
 * One row tuple of a multi-row INSERT from already encoded values (see `encodeValue`).
 *
 * @example
 * ```ts
 * rowTuple(['1', "'Ann'"]) // "(1, 'Ann')"
 * ```
 */
export const rowTuple = (encodedValues: ReadonlyArray<string>): string =>
  `(${encodedValues.join(', ')})`

/**
 * A multi-row INSERT from already encoded values (see `encodeValue`); each row lists the
 * values of `columns` in order.
 *
 * @throws RangeError when there are no rows or a row's width differs from `columns` (misuse).
 * @example
 * ```ts
 * insertRows('stage_1', ['id', 'name'], [['1', "'Ann'"], ['2', 'NULL']])
 * // INSERT INTO "stage_1" ("id", "name") VALUES (1, 'Ann'), (2, NULL)
 * ```
 */
export const insertRows = (
  into: InsertTarget,
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
): string => {
  if (rows.length === 0) throw new RangeError('insertRows needs at least one row')
  for (const row of rows) {
    if (row.length !== columns.length) {
      throw new RangeError(
        `insertRows: a row has ${row.length} values for ${columns.length} columns`,
      )
    }
  }
  return insertHeader(into, columns) + rows.map(rowTuple).join(', ')
}

/**
 * MERGE from a staged temp table into the target, matching on the model's keys. `columns` are
 * the columns the staged rows carry (all keys included): matched rows get their non-key
 * columns updated, other rows are inserted. Columns not listed are left as stored on update,
 * and get their default (NULL) on insert.
 *
 * When every staged column is a key there is nothing to update, and Redshift's MERGE grammar
 * has no INSERT-only form (`WHEN MATCHED` and `WHEN NOT MATCHED` come as a pair), so the
 * statement is the INSERT-only equivalent: `INSERT ... SELECT ... WHERE NOT EXISTS (...)`.
 *
 * @throws RangeError when the model has no keys or a key is not staged (misuse).
 * @example
 * ```ts
 * mergeFromTemp(model, 'stage_1', ['id', 'name'])
 * // MERGE INTO "public"."users"
 * // USING "stage_1"
 * // ON "public"."users"."id" = "stage_1"."id"
 * // WHEN MATCHED THEN UPDATE SET "name" = "stage_1"."name"
 * // WHEN NOT MATCHED THEN INSERT ("id", "name") VALUES ("stage_1"."id", "stage_1"."name")
 * ```
 */
export const mergeFromTemp = (
  target: TableModel,
  tempTable: string,
  columns: ReadonlyArray<string>,
): string => mergeFromStaging(target, tempTable, columns)

/**
 * `mergeFromTemp` from any staging table: a temp table by its bare name or a table of a schema.
 *
 * @throws RangeError when the model has no keys or a key is not staged (misuse).
 * @example
 * ```ts
 * mergeFromStaging(model, { schema: 'etl', name: 'stage_1' }, ['id', 'name'])
 * // MERGE INTO "public"."users" USING "etl"."stage_1" ON ...
 * ```
 */
export const mergeFromStaging = (
  target: TableModel,
  staging: InsertTarget,
  columns: ReadonlyArray<string>,
): string => {
  if (target.keys.length === 0) throw new RangeError('mergeFromTemp needs a model with key columns')
  for (const key of target.keys) {
    if (!columns.includes(key)) throw new RangeError(`mergeFromTemp: key "${key}" is not staged`)
  }
  const targetName = quoteQualifiedName(target.schema, target.name)
  const source = relation(staging)
  const targetColumn = (c: string) => `${targetName}.${quoteIdent(c)}`
  const sourceColumn = (c: string) => `${source}.${quoteIdent(c)}`
  const on = target.keys.map((k) => `${targetColumn(k)} = ${sourceColumn(k)}`).join(' AND ')
  const nonKeys = columns.filter((c) => !target.keys.includes(c))
  const columnList = columns.map(quoteIdent).join(', ')
  const sourceList = columns.map(sourceColumn).join(', ')
  if (nonKeys.length === 0) {
    return [
      `INSERT INTO ${targetName} (${columnList})`,
      `SELECT ${sourceList} FROM ${source}`,
      `WHERE NOT EXISTS (SELECT 1 FROM ${targetName} WHERE ${on})`,
    ].join('\n')
  }
  return [
    `MERGE INTO ${targetName}`,
    `USING ${source}`,
    `ON ${on}`,
    `WHEN MATCHED THEN UPDATE SET ${nonKeys.map((c) => `${quoteIdent(c)} = ${sourceColumn(c)}`).join(', ')}`,
    `WHEN NOT MATCHED THEN INSERT (${columnList}) VALUES (${sourceList})`,
  ].join('\n')
}
