/**
 * A Promise facade over the DataApi service, for callers who do not use Effect. Failures
 * reject with the same `DataApiError` instances.
 */
import type {
  ColumnMetadata,
  DescribeStatementCommandOutput,
  TableMember,
} from '@aws-sdk/client-redshift-data'
import { Cause, Effect, Exit, Layer, ManagedRuntime, Stream } from 'effect'
import { DataApi, type DataApiOptions } from './DataApi.js'
import { DataApiConfig, type DataApiConfigOptions } from './DataApiConfig.js'
import type { DataApiError } from './DataApiError.js'
import type {
  BatchOptions,
  BatchResult,
  ExecuteOptions,
  ListTablesOptions,
  QueryOptions,
  Session,
  SessionOptions,
  StatementResult,
  TableName,
} from './DataApiShape.js'
import type { Row } from './decode.js'
import type { DataApiStats } from './Metrics.js'

/** The statements a client runs, with or without a session. */
export interface PromiseStatements {
  readonly execute: (
    sql: string,
    options?: Omit<ExecuteOptions, 'session'>,
  ) => Promise<StatementResult>
  readonly batch: (
    sqls: ReadonlyArray<string>,
    options?: Omit<BatchOptions, 'session'>,
  ) => Promise<BatchResult>
  /** All rows of a query (every page). */
  readonly query: (sql: string, options?: Omit<QueryOptions, 'session'>) => Promise<Array<Row>>
}

/** Statements bound to one session, for `withSession`. */
export interface PromiseSession extends PromiseStatements {
  readonly sessionId: () => Promise<string | undefined>
}

export interface DataApiClient extends PromiseStatements {
  readonly describe: (statementId: string) => Promise<DescribeStatementCommandOutput>
  readonly cancel: (statementId: string) => Promise<boolean>
  /** Runs `use` in a session that is closed when its promise settles. */
  readonly withSession: <A>(
    use: (session: PromiseSession) => Promise<A>,
    options?: SessionOptions,
  ) => Promise<A>
  /** The columns of a table (DescribeTable, every page); empty when it does not exist. */
  readonly describeTable: (table: TableName) => Promise<ReadonlyArray<ColumnMetadata>>
  /** Tables and views matching the patterns (ListTables, every page). */
  readonly listTables: (options?: ListTablesOptions) => Promise<ReadonlyArray<TableMember>>
  readonly stats: () => Promise<DataApiStats>
  /** Releases the SDK client. */
  readonly close: () => Promise<void>
}

/**
 * A Promise client; without options it is configured from the environment.
 *
 * @example
 * ```ts
 * const client = createDataApiClient({ workgroupName: 'default', database: 'dev', region: 'us-east-1' })
 * const rows = await client.query('SELECT 1 AS one')
 * await client.close()
 * ```
 */
export const createDataApiClient = (
  options?: DataApiConfigOptions & DataApiOptions,
): DataApiClient => {
  // Without options the configuration comes from the environment (see `fromEnv`).
  const runtime = ManagedRuntime.make(
    options === undefined
      ? DataApi.layerConfig()
      : DataApi.layer(options).pipe(Layer.provide(DataApiConfig.layer(options))),
  )
  const run = async <A>(effect: Effect.Effect<A, DataApiError, DataApi>): Promise<A> => {
    const exit = await runtime.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) return exit.value
    const error = Cause.findErrorOption(exit.cause)
    throw error._tag === 'Some' ? error.value : Cause.squash(exit.cause)
  }
  const bind = (session: Session | undefined) => ({
    execute: (sql: string, o: Omit<ExecuteOptions, 'session'> = {}) =>
      run(Effect.flatMap(DataApi, (api) => api.execute(sql, { ...o, session }))),
    batch: (sqls: ReadonlyArray<string>, o: Omit<BatchOptions, 'session'> = {}) =>
      run(Effect.flatMap(DataApi, (api) => api.batch(sqls, { ...o, session }))),
    query: (sql: string, o: Omit<QueryOptions, 'session'> = {}) =>
      run(Effect.flatMap(DataApi, (api) => Stream.runCollect(api.query(sql, { ...o, session })))),
  })
  const free = bind(undefined)
  return {
    ...free,
    describe: (id) => run(Effect.flatMap(DataApi, (api) => api.describe(id))),
    cancel: (id) => run(Effect.flatMap(DataApi, (api) => api.cancel(id))),
    withSession: (use, sessionOptions) =>
      run(
        Effect.scoped(
          Effect.gen(function* () {
            const api = yield* DataApi
            const session = yield* api.session(sessionOptions)
            const bound = bind(session)
            return yield* Effect.promise(() =>
              use({ ...bound, sessionId: () => Effect.runPromise(session.sessionId) }).then(
                (value) => ({ ok: true as const, value }),
                (error: unknown) => ({ ok: false as const, error }),
              ),
            ).pipe(Effect.flatMap((r) => (r.ok ? Effect.succeed(r.value) : Effect.die(r.error))))
          }),
        ),
      ),
    describeTable: (table) => run(Effect.flatMap(DataApi, (api) => api.describeTable(table))),
    listTables: (o) => run(Effect.flatMap(DataApi, (api) => api.listTables(o))),
    stats: () => run(Effect.flatMap(DataApi, (api) => api.stats)),
    close: () => runtime.dispose(),
  }
}
