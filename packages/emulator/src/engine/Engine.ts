/**
 * The contract between the Data API service layer (protocol, statements, sessions)
 * and the SQL engine that runs Redshift dialect on PGlite or a PostgreSQL server.
 *
 * The service layer knows nothing of PostgreSQL; the engine knows nothing of HTTP.
 */
import { TaggedError } from '@redstore/errors'

/** One result column, described as the Data API's ColumnMetadata describes it. */
export interface EngineColumn {
  /** Column name as Redshift reports it (folded to lowercase unless case sensitivity is on). */
  readonly name: string
  readonly label: string
  /** Redshift type name as the Data API reports it: int8, int4, int2, float8, float4, numeric, bool, varchar, bpchar, date, time, timetz, timestamp, timestamptz, super, varbyte, ... */
  readonly typeName: string
  readonly nullable: 0 | 1 | 2
  readonly precision: number
  readonly scale: number
  readonly length: number
  readonly isSigned: boolean
  readonly isCaseSensitive: boolean
  readonly isCurrency: boolean
  readonly schemaName: string
  readonly tableName: string
}

/**
 * One result cell, already mapped to the Data API `Field` union member its column
 * type uses: integer types -> long, REAL/DOUBLE -> double, BOOLEAN -> boolean,
 * DECIMAL, dates, times, character types and SUPER -> string, VARBYTE -> blob.
 */
export type EngineCell =
  | { readonly kind: 'null' }
  | { readonly kind: 'long'; readonly value: bigint }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'blob'; readonly value: Uint8Array }

export interface StatementResult {
  /** True when the statement returns rows (SELECT, SHOW, ... ). */
  readonly hasResultSet: boolean
  /** Empty when `hasResultSet` is false. */
  readonly columns: ReadonlyArray<EngineColumn>
  readonly rows: ReadonlyArray<ReadonlyArray<EngineCell>>
  /** Rows returned, or rows affected by INSERT/UPDATE/DELETE/MERGE; 0 for DDL. */
  readonly rowCount: number
}

/** A named parameter of ExecuteStatement/BatchExecuteStatement: `:name` in the SQL, value as text. */
export interface SqlParameter {
  readonly name: string
  readonly value: string
}

/**
 * An error raised by the database while running a statement, worded as Redshift
 * words it (the text DescribeStatement puts in `Error`), e.g.
 * `ERROR: relation "public.t" does not exist`.
 */
export class RedshiftSqlError extends TaggedError(
  'RedshiftSqlError',
  (f: {
    readonly message: string
    /** The SQLSTATE where one applies (e.g. 40001 for a serializable conflict). */
    readonly sqlState: string | undefined
  }) => f.message,
) {
  constructor(message: string, sqlState?: string) {
    super({ message, sqlState })
  }
}

export interface RunOptions {
  readonly parameters?: ReadonlyArray<SqlParameter>
  /** Aborting cancels the running statement; the promise then rejects with a RedshiftSqlError. */
  readonly signal?: AbortSignal
  /** The statement's RedshiftQueryId, as COPY's load errors and PG_LAST_COPY_ID report it. */
  readonly queryId?: number
}

/** One SQL session: a connection on a server backend, a logical session on PGlite. */
export interface EngineSession {
  /** The backend process id, reported as RedshiftPid. */
  readonly pid: number
  readonly database: string
  /** The session's current_user. */
  readonly user: string
  /** Runs one Redshift statement. Outside `begin()` it autocommits. */
  run(sql: string, options?: RunOptions): Promise<StatementResult>
  /** Opens a transaction block: statements until commit/rollback land together or not at all. */
  begin(): Promise<void>
  commit(): Promise<void>
  rollback(): Promise<void>
  /** Ends the session: rolls back an open transaction and drops its temp tables. */
  close(): Promise<void>
}

export interface TableInfo {
  readonly schema: string
  readonly name: string
  /** As ListTables reports it: TABLE, VIEW, ... */
  readonly type: string
}

/** The SQL engine behind the emulator. */
export interface Engine {
  /** Databases this engine serves. */
  listDatabases(): Promise<ReadonlyArray<string>>
  /** Opens a session on `database` whose current_user is `user` (created on first use). */
  openSession(options: { readonly database: string; readonly user: string }): Promise<EngineSession>
  /** Schemas whose name matches the LIKE pattern (`%`, `_`) when one is given. */
  listSchemas(database: string, schemaPattern?: string): Promise<ReadonlyArray<string>>
  listTables(
    database: string,
    options: { readonly schemaPattern?: string; readonly tablePattern?: string },
  ): Promise<ReadonlyArray<TableInfo>>
  /** Columns of one table, or undefined when the table does not exist. */
  describeTable(
    database: string,
    schema: string,
    table: string,
  ): Promise<ReadonlyArray<EngineColumn> | undefined>
  close(): Promise<void>
}

/**
 * Where the engine runs SQL (see `createEngine` in `./createEngine.ts`).
 *
 * - `'pglite'`: embedded PGlite in memory. Each configured database is its own PGlite
 *   instance, started on first use (about 2 s and several hundred MB each). One statement
 *   runs at a time per database; `begin()`..`commit()` holds the instance exclusively.
 *   Temp tables are emulated: a private schema per session, first on its search_path,
 *   dropped on `close()`.
 * - `{ pgliteDataDir }`: the same, persisted under `<pgliteDataDir>/<database>/`.
 * - `{ postgresUrl }`: a PostgreSQL server reached with a superuser URL. Every configured
 *   database is created when missing; each session is one connection (native TEMP tables),
 *   SERIALIZABLE by default, so concurrent conflicting writes fail with Redshift's 1023.
 *
 * On every backend a session's `user` becomes its current_user and session_user: the role
 * is created (as a superuser, so every session can read every table) on first use. The
 * engine's own schemas (`redstore_internal`, `redstore_session_*`, `pg_temp_*`) are hidden
 * from the metadata methods.
 */
export type BackendOptions =
  | 'pglite'
  | { readonly pgliteDataDir: string }
  | { readonly postgresUrl: string }
