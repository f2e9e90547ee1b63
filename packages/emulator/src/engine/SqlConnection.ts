import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { pgCopyFrom } from './pgCopyFrom.js'
import { pgliteCopyFrom, pgliteSimpleQuery } from './pgliteSimpleQuery.js'

/** One result column as the PostgreSQL wire protocol describes it. */
export interface RawField {
  readonly name: string
  readonly dataTypeID: number
  /** Type modifier (e.g. varchar length + 4), -1 when unknown. */
  readonly typeModifier: number
  /** OID of the source table, 0 when none or unknown. */
  readonly tableID: number
  readonly columnID: number
}

/** A statement's result with every value left as PostgreSQL's text output. */
export interface RawResult {
  readonly fields: ReadonlyArray<RawField>
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>
  /** Command tag verb: SELECT, INSERT, CREATE, ... */
  readonly command: string
  readonly rowCount: number
}

/** The smallest surface the engine needs from a PostgreSQL connection. */
export interface SqlConnection {
  query(sql: string, params?: ReadonlyArray<string | null>): Promise<RawResult>
  /**
   * Runs `sql`, a `COPY ... FROM STDIN`, with `data` (PostgreSQL's COPY text) as its input;
   * returns the rows copied. A refused row rejects with the database's error, whose `where`
   * says `COPY <table>, line <n>, ...`.
   */
  copyFrom(sql: string, data: Buffer): Promise<number>
}

const identity = (value: string): string => value

/** Makes PGlite hand back every value as text, as node-postgres does with a raw type parser. */
export const rawTextParsers = (db: PGlite): void => {
  for (const key of Object.keys(db.parsers)) db.parsers[key] = identity
  for (let oid = 0; oid < 16384; oid++) db.parsers[oid] = identity
}

const asText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null
  return typeof value === 'string' ? value : String(value)
}

/**
 * The engine's own SQL (catalog look-ups) with `$n` placeholders replaced by literals. PGlite's
 * extended protocol decodes text with a decoder that drops a leading U+FEFF, which would lose
 * it from a name such as a column's; the simple protocol keeps every value whole.
 */
const inlineParameters = (sql: string, params: ReadonlyArray<string | null>): string =>
  sql.replace(/\$(\d+)/g, (placeholder, n: string) => {
    const value = params[Number(n) - 1]
    if (value === undefined) return placeholder
    return value === null ? 'NULL' : `'${value.replaceAll("'", "''")}'`
  })

/** PGlite as a SqlConnection, over the simple query protocol (see `inlineParameters`). */
export const pgliteConnection = (db: PGlite): SqlConnection => ({
  async query(sql, params) {
    return pgliteSimpleQuery(db, params && params.length > 0 ? inlineParameters(sql, params) : sql)
  },
  copyFrom: (sql, data) => pgliteCopyFrom(db, sql, data),
})

const rawTypes = { getTypeParser: () => identity }

export const pgConnection = (client: pg.Client | pg.Pool): SqlConnection => ({
  async query(sql, params) {
    const result = await client.query({
      text: sql,
      values: params ? [...params] : [],
      rowMode: 'array',
      types: rawTypes,
    })
    const fields = result.fields ?? []
    return {
      fields: fields.map((field) => ({
        name: field.name,
        dataTypeID: field.dataTypeID,
        typeModifier: field.dataTypeModifier,
        tableID: field.tableID,
        columnID: field.columnID,
      })),
      rows: (result.rows as unknown[][]).map((row) => row.map(asText)),
      command: result.command ?? '',
      rowCount: fields.length > 0 ? result.rows.length : (result.rowCount ?? 0),
    }
  },
  async copyFrom(sql, data) {
    if (!(client instanceof pg.Pool)) return pgCopyFrom(client, sql, data)
    const pooled = await client.connect()
    try {
      return await pgCopyFrom(pooled, sql, data)
    } finally {
      pooled.release()
    }
  },
})
