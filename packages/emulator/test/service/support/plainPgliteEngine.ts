import { PGlite } from '@electric-sql/pglite'
import {
  type Engine,
  type EngineCell,
  type EngineColumn,
  type EngineSession,
  RedshiftSqlError,
  type StatementResult,
} from '../../../src/engine/Engine.js'

/**
 * An Engine over one PGlite instance that runs SQL as PostgreSQL reads it, without the Redshift
 * dialect: enough to test the Data API operations' lifecycle, results and sessions. Sessions are
 * logical (PGlite has one connection), so temp tables are not isolated between them here.
 */
export async function createPlainPgliteEngine(databases: ReadonlyArray<string>): Promise<Engine> {
  const db = await PGlite.create()
  const identity = (value: string): string => value
  for (let oid = 0; oid < 16384; oid++) db.parsers[oid] = identity
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task)
    queue = next.catch(() => undefined)
    return next
  }
  let nextPid = 1000
  const typeNames: Record<number, string> = {
    16: 'bool',
    17: 'varbyte',
    20: 'int8',
    21: 'int2',
    23: 'int4',
    25: 'text',
    700: 'float4',
    701: 'float8',
    1043: 'varchar',
    1082: 'date',
    1114: 'timestamp',
    1700: 'numeric',
  }
  const column = (name: string, typeName: string): EngineColumn => ({
    name,
    label: name,
    typeName,
    nullable: 1,
    precision: 0,
    scale: 0,
    length: 0,
    isSigned: typeName.startsWith('int') || typeName.startsWith('float'),
    isCaseSensitive: typeName === 'varchar' || typeName === 'text',
    isCurrency: false,
    schemaName: '',
    tableName: '',
  })
  const cell = (typeName: string, raw: string | null): EngineCell => {
    if (raw === null) return { kind: 'null' }
    if (typeName.startsWith('int')) return { kind: 'long', value: BigInt(raw) }
    if (typeName.startsWith('float')) return { kind: 'double', value: Number(raw) }
    if (typeName === 'bool') return { kind: 'boolean', value: raw === 't' }
    if (typeName === 'varbyte') return { kind: 'blob', value: Buffer.from(raw.slice(2), 'hex') }
    return { kind: 'string', value: raw }
  }
  const run = async (
    sql: string,
    parameters: ReadonlyArray<{ name: string; value: string }> = [],
  ): Promise<StatementResult> => {
    const names = parameters.map((p) => p.name)
    const text = sql.replace(/:([0-9a-zA-Z_]+)/g, (whole, name: string) => {
      const i = names.indexOf(name)
      return i < 0 ? whole : `$${i + 1}`
    })
    try {
      const result = await db.query<unknown[]>(
        text,
        parameters.map((p) => p.value),
        { rowMode: 'array' },
      )
      const columns = result.fields.map((f) => column(f.name, typeNames[f.dataTypeID] ?? 'varchar'))
      const rows = result.rows.map((row) =>
        row.map((value, i) => cell(columns[i]?.typeName ?? 'varchar', value as string | null)),
      )
      const hasResultSet = result.fields.length > 0
      return {
        hasResultSet,
        columns,
        rows,
        rowCount: hasResultSet ? rows.length : (result.affectedRows ?? 0),
      }
    } catch (error) {
      throw new RedshiftSqlError(`ERROR: ${(error as Error).message}`)
    }
  }
  const engine: Engine = {
    listDatabases: async () => databases,
    async openSession({ database, user }): Promise<EngineSession> {
      const pid = nextPid++
      return {
        pid,
        database,
        user,
        run: (sql, options) => serial(() => run(sql, options?.parameters)),
        begin: () => serial(() => run('begin').then(() => undefined)),
        commit: () => serial(() => run('commit').then(() => undefined)),
        rollback: () => serial(() => run('rollback').then(() => undefined)),
        close: async () => undefined,
      }
    },
    async listSchemas(_database, pattern) {
      const r = await serial(() =>
        run(`select nspname from pg_namespace where nspname like :p order by 1`, [
          { name: 'p', value: pattern ?? '%' },
        ]),
      )
      return r.rows.map((row) => String((row[0] as { value: string }).value))
    },
    async listTables(_database, { schemaPattern, tablePattern }) {
      const r = await serial(() =>
        run(
          `select table_schema, table_name, table_type from information_schema.tables
           where table_schema like :s and table_name like :t order by 1, 2`,
          [
            { name: 's', value: schemaPattern ?? '%' },
            { name: 't', value: tablePattern ?? '%' },
          ],
        ),
      )
      return r.rows.map((row) => {
        const [schema, name, type] = row.map((c) => String((c as { value: string }).value))
        return { schema: schema ?? '', name: name ?? '', type: type === 'VIEW' ? 'VIEW' : 'TABLE' }
      })
    },
    async describeTable(_database, schema, table) {
      const r = await serial(() =>
        run(
          `select column_name, data_type from information_schema.columns
           where table_schema = :s and table_name = :t order by ordinal_position`,
          [
            { name: 's', value: schema },
            { name: 't', value: table },
          ],
        ),
      )
      if (r.rows.length === 0) return undefined
      return r.rows.map((row) => ({
        ...column(
          String((row[0] as { value: string }).value),
          String((row[1] as { value: string }).value),
        ),
        schemaName: schema,
        tableName: table,
      }))
    },
    close: () => db.close(),
  }
  return engine
}
