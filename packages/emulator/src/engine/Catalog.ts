import type { EngineColumn, TableInfo } from './Engine.js'
import { PRIVATE_SCHEMA_FILTER } from './internalSchema.js'
import { columnOfType, redshiftTypeOfName } from './RedshiftTypes.js'
import type { SqlConnection } from './SqlConnection.js'

/** Schemas matching a LIKE pattern, the engine's own hidden. */
export const listSchemas = async (
  connection: SqlConnection,
  pattern = '%',
): Promise<ReadonlyArray<string>> => {
  const raw = await connection.query(
    `SELECT n.nspname FROM pg_catalog.pg_namespace AS n WHERE n.nspname LIKE $1 AND ${PRIVATE_SCHEMA_FILTER} ORDER BY n.nspname`,
    [pattern],
  )
  return raw.rows.map((row) => row[0] ?? '')
}

/** Tables and views matching LIKE patterns on schema and name, as ListTables reports them. */
export const listTables = async (
  connection: SqlConnection,
  schemaPattern = '%',
  tablePattern = '%',
): Promise<ReadonlyArray<TableInfo>> => {
  const raw = await connection.query(
    `SELECT n.nspname, c.relname,
            CASE WHEN n.nspname IN ('pg_catalog', 'information_schema') THEN 'SYSTEM ' ELSE '' END ||
            CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'EXTERNAL TABLE' ELSE 'TABLE' END
       FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname LIKE $1 AND c.relname LIKE $2 AND ${PRIVATE_SCHEMA_FILTER}
      ORDER BY n.nspname, c.relname`,
    [schemaPattern, tablePattern],
  )
  return raw.rows.map((row) => ({ schema: row[0] ?? '', name: row[1] ?? '', type: row[2] ?? '' }))
}

/** A table's columns with Redshift type names (domains resolved to varchar(n)/char(n)). */
export const describeColumns = async (
  connection: SqlConnection,
  schema: string,
  table: string,
): Promise<ReadonlyArray<EngineColumn> | undefined> => {
  const raw = await connection.query(
    `SELECT a.attname, coalesce(bt.typname, t.typname),
            CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
            a.attnotnull OR coalesce(t.typnotnull, false), c.oid, t.typname
       FROM pg_catalog.pg_class AS c
       JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_type AS bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      ORDER BY a.attnum`,
    [schema, table],
  )
  if (raw.rows.length === 0) return undefined
  return raw.rows
    .filter((row) => row[0] !== null)
    .map((row) => {
      const column = columnOfType(redshiftTypeOfName(row[1] ?? ''), {
        name: row[0] ?? '',
        typmod: Number(row[2] ?? -1),
        nullable: row[3] === 't' ? 0 : 1,
        schemaName: schema,
        tableName: table,
      })
      // VARBYTE(n) is the domain varbyte_<n>: its length is in the name, not a typmod.
      const varbyte = /^varbyte_(\d+)$/.exec(row[5] ?? '')
      return varbyte ? { ...column, length: Number(varbyte[1]) } : column
    })
}
