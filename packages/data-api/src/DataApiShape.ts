/**
 * The DataApi service's interface: what a caller can do with the Data API, the options each
 * call takes and the results it returns.
 */
import type {
  ColumnMetadata,
  DescribeStatementCommandOutput,
  TableMember,
} from '@aws-sdk/client-redshift-data'
import type { Duration, Effect, Scope, Stream } from 'effect'
import type { ResolvedDataApiConfig } from './DataApiConfig.js'
import type { DataApiError } from './DataApiError.js'
import type { DecodeOptions, Row } from './decode.js'
import type { DataApiStats } from './Metrics.js'

/** A named SQL parameter value; sent as text. */
export type ParameterValue = string | number | bigint | boolean

/** Options of `execute`. */
export interface ExecuteOptions {
  /** Named parameters, referenced as `:name` in the SQL. Values are sent as text. */
  readonly parameters?: Readonly<Record<string, ParameterValue>> | undefined
  /** Run inside this session (temp tables and session state survive between statements). */
  readonly session?: Session | undefined
  /** Overrides the configured per-statement timeout. */
  readonly timeout?: Duration.Input | undefined
  readonly statementName?: string | undefined
}

/** Options of `batch`. */
export interface BatchOptions extends ExecuteOptions {
  /** TRANSACTION (default): all statements commit together or not at all. */
  readonly mode?: 'TRANSACTION' | 'AUTO_COMMIT' | undefined
}

/** Options of `query`. */
export interface QueryOptions extends ExecuteOptions, DecodeOptions {}

/** A table of the database, by schema and name (as stored: folded to lowercase). */
export interface TableName {
  readonly schema: string
  readonly table: string
}

/** Filters of `listTables`: SQL LIKE patterns. */
export interface ListTablesOptions {
  readonly schemaPattern?: string | undefined
  readonly tablePattern?: string | undefined
}

/** A statement that FINISHED. */
export interface StatementResult {
  readonly statementId: string
  readonly hasResultSet: boolean
  /** Rows affected or returned, when the service reported it (it does when polling was needed). */
  readonly rowsAffected: number | undefined
  readonly sessionId: string | undefined
  /** Submissions made: more than 1 when a 1023 conflict made the work run again. */
  readonly attempts: number
  /** API requests this statement cost (submission, polls, cancel), retries included. */
  readonly apiCalls: number
  /** Retried requests plus resubmissions of this statement. */
  readonly retries: number
}

/** One statement of a finished batch, as the service described it. */
export interface SubStatementResult {
  readonly statementId: string
  readonly rowsAffected: number | undefined
  readonly hasResultSet: boolean
}

/** A batch that FINISHED. */
export interface BatchResult extends StatementResult {
  /** Per statement, when the service described them (empty when it finished within the long-poll). */
  readonly subStatements: ReadonlyArray<SubStatementResult>
}

/** A Data API session: statements run one at a time on the same database connection. */
export interface Session {
  /** The service's session id, once the first statement opened it. */
  readonly sessionId: Effect.Effect<string | undefined>
  readonly execute: (
    sql: string,
    options?: Omit<ExecuteOptions, 'session'>,
  ) => Effect.Effect<StatementResult, DataApiError>
  readonly batch: (
    sqls: ReadonlyArray<string>,
    options?: Omit<BatchOptions, 'session'>,
  ) => Effect.Effect<BatchResult, DataApiError>
  readonly query: (
    sql: string,
    options?: Omit<QueryOptions, 'session'>,
  ) => Stream.Stream<Row, DataApiError>
}

/** Options of `session`. */
export interface SessionOptions {
  /** Idle seconds before the service closes the session. Default: the configured value. */
  readonly keepAliveSeconds?: number
}

/**
 * The DataApi service.
 *
 * @example
 * ```ts
 * const columns = yield* api.describeTable({ schema: 'public', table: 'users' })
 * ```
 */
export interface DataApiShape {
  readonly config: ResolvedDataApiConfig
  readonly execute: (
    sql: string,
    options?: ExecuteOptions,
  ) => Effect.Effect<StatementResult, DataApiError>
  readonly batch: (
    sqls: ReadonlyArray<string>,
    options?: BatchOptions,
  ) => Effect.Effect<BatchResult, DataApiError>
  readonly query: (sql: string, options?: QueryOptions) => Stream.Stream<Row, DataApiError>
  readonly describe: (
    statementId: string,
  ) => Effect.Effect<DescribeStatementCommandOutput, DataApiError>
  /** Asks the service to cancel; true when it accepted. */
  readonly cancel: (statementId: string) => Effect.Effect<boolean, DataApiError>
  /** A session closed when the scope closes. */
  readonly session: (options?: SessionOptions) => Effect.Effect<Session, DataApiError, Scope.Scope>
  /**
   * The columns of one table (DescribeTable, every page), in order; empty when the table does
   * not exist. One request for tables of up to 1,000 columns, and no statement to wait for.
   */
  readonly describeTable: (
    table: TableName,
  ) => Effect.Effect<ReadonlyArray<ColumnMetadata>, DataApiError>
  /** Tables and views matching the patterns (ListTables, every page). */
  readonly listTables: (
    options?: ListTablesOptions,
  ) => Effect.Effect<ReadonlyArray<TableMember>, DataApiError>
  readonly stats: Effect.Effect<DataApiStats>
}
