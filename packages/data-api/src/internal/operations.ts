/**
 * The DataApi operations over an engine: execute, batch, query (paged, decoded), describe,
 * cancel, and sessions that stay open for the life of a scope.
 */
import type {
  ColumnMetadata,
  DescribeStatementCommandOutput,
  SqlParameter,
} from '@aws-sdk/client-redshift-data'
import { Duration, Effect, Option, type Scope, Semaphore, Stream } from 'effect'
import type { ResolvedDataApiConfig } from '../DataApiConfig.js'
import { DataApiError, ValidationReason } from '../DataApiError.js'
import { columnKeys, type DecodeOptions, decodeRecord, type Row } from '../decode.js'
import type { DataApiStats } from '../Metrics.js'
import {
  type Engine,
  type Finished,
  type ParameterValue,
  request,
  runWork,
  type Submitted,
  toSqlParameters,
} from './engine.js'

export interface ExecuteOptions {
  /** Named parameters, referenced as `:name` in the SQL. Values are sent as text. */
  readonly parameters?: Readonly<Record<string, ParameterValue>> | undefined
  /** Run inside this session (temp tables and session state survive between statements). */
  readonly session?: Session | undefined
  /** Overrides the configured per-statement timeout. */
  readonly timeout?: Duration.Input | undefined
  readonly statementName?: string | undefined
}

export interface BatchOptions extends ExecuteOptions {
  /** TRANSACTION (default): all statements commit together or not at all. */
  readonly mode?: 'TRANSACTION' | 'AUTO_COMMIT' | undefined
}

export interface QueryOptions extends ExecuteOptions, DecodeOptions {}

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

export interface SessionOptions {
  /** Idle seconds before the service closes the session. Default: the configured value. */
  readonly keepAliveSeconds?: number
}

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
  readonly stats: Effect.Effect<DataApiStats>
}

interface SessionState {
  id: string | undefined
  readonly keepAliveSeconds: number
  readonly lock: Semaphore.Semaphore
  closed: boolean
}

const invalid = (operation: string, message: string, code: string) =>
  new DataApiError({ reason: new ValidationReason({ message, code }), location: { operation } })

const connectionMembers = (config: ResolvedDataApiConfig) => ({
  Database: config.database,
  ...(config.target._tag === 'Workgroup'
    ? { WorkgroupName: config.target.workgroupName }
    : { ClusterIdentifier: config.target.clusterIdentifier }),
  ...(config.databaseAuth._tag === 'SecretArn' ? { SecretArn: config.databaseAuth.secretArn } : {}),
  ...(config.databaseAuth._tag === 'DbUser' ? { DbUser: config.databaseAuth.dbUser } : {}),
})

const timeoutOf = (
  engine: Engine,
  operation: string,
  input: Duration.Input | undefined,
): Effect.Effect<Duration.Duration, DataApiError> => {
  if (input === undefined) return Effect.succeed(engine.config.statementTimeout)
  const d = Duration.fromInput(input)
  return Option.isSome(d) && Duration.toMillis(d.value) > 0 && Duration.isFinite(d.value)
    ? Effect.succeed(d.value)
    : Effect.fail(
        invalid(operation, `timeout ${String(input)} is not a positive finite duration`, 'Timeout'),
      )
}

/** Where a statement runs: the session it belongs to (opened by its first statement) or none. */
const placement = (engine: Engine, state: SessionState | undefined) => {
  if (state === undefined) return connectionMembers(engine.config)
  if (state.id !== undefined) return { SessionId: state.id }
  return { ...connectionMembers(engine.config), SessionKeepAliveSeconds: state.keepAliveSeconds }
}

/** The first answer that names the session fixes it, even if its statement then fails. */
const rememberSession = (state: SessionState | undefined, sessionId: string | undefined) =>
  Effect.sync(() => {
    if (state !== undefined && state.id === undefined && sessionId !== undefined)
      state.id = sessionId
  })

const inSession = <A>(
  state: SessionState | undefined,
  operation: string,
  run: Effect.Effect<A & { readonly sessionId: string | undefined }, DataApiError>,
): Effect.Effect<A & { readonly sessionId: string | undefined }, DataApiError> => {
  if (state === undefined) return run
  return Semaphore.withPermit(
    state.lock,
    Effect.suspend(() =>
      state.closed
        ? Effect.fail(
            invalid(operation, 'the session is closed (its scope ended)', 'SessionClosed'),
          )
        : run.pipe(
            Effect.tap((r) =>
              Effect.sync(() => {
                if (state.id === undefined && r.sessionId !== undefined) state.id = r.sessionId
              }),
            ),
          ),
    ),
  )
}

const sessionStateOf = (
  sessions: WeakMap<Session, SessionState>,
  operation: string,
  session: Session | undefined,
) => {
  if (session === undefined) return Effect.succeed(undefined)
  const state = sessions.get(session)
  return state === undefined
    ? Effect.fail(invalid(operation, 'the session belongs to another client', 'UnknownSession'))
    : Effect.succeed(state)
}

const statementResult = (f: Finished): StatementResult => ({
  statementId: f.statementId,
  hasResultSet: f.hasResultSet,
  rowsAffected: f.description?.ResultRows,
  sessionId: f.sessionId,
  attempts: f.attempts,
  apiCalls: f.apiCalls,
  retries: f.retries,
})

export const makeOperations = (engine: Engine): DataApiShape => {
  const sessions = new WeakMap<Session, SessionState>()
  const execute = (sql: string, options: ExecuteOptions = {}) =>
    Effect.gen(function* () {
      const state = yield* sessionStateOf(sessions, 'ExecuteStatement', options.session)
      const parameters = yield* toSqlParameters('ExecuteStatement', options.parameters)
      const submit = (
        local: Engine,
        token: string,
        wait: number | undefined,
      ): Effect.Effect<Submitted, DataApiError> =>
        request(local, 'ExecuteStatement', {
          Sql: sql,
          ...placement(engine, state),
          ClientToken: token,
          ...(parameters === undefined ? {} : { Parameters: parameters }),
          ...(wait === undefined ? {} : { WaitTimeSeconds: wait }),
          ...(options.statementName === undefined ? {} : { StatementName: options.statementName }),
        }).pipe(Effect.tap((out) => rememberSession(state, out.SessionId)))
      const finished = yield* inSession(
        state,
        'ExecuteStatement',
        runWork(engine, {
          operation: 'ExecuteStatement',
          sqls: [sql],
          atomic: true,
          timeout: yield* timeoutOf(engine, 'ExecuteStatement', options.timeout),
          submit,
        }).pipe(Effect.map(statementResult)),
      )
      return finished
    }).pipe(Effect.withSpan('DataApi.execute'))

  const batch = (sqls: ReadonlyArray<string>, options: BatchOptions = {}) =>
    Effect.gen(function* () {
      if (sqls.length < 1 || sqls.length > 40) {
        return yield* invalid(
          'BatchExecuteStatement',
          `a batch holds 1 to 40 statements, got ${sqls.length}; split it`,
          'BatchSize',
        )
      }
      const mode = options.mode ?? 'TRANSACTION'
      const state = yield* sessionStateOf(sessions, 'BatchExecuteStatement', options.session)
      const parameters: Array<SqlParameter> | undefined = yield* toSqlParameters(
        'BatchExecuteStatement',
        options.parameters,
      )
      const submit = (local: Engine, token: string, wait: number | undefined) =>
        request(local, 'BatchExecuteStatement', {
          Sqls: [...sqls],
          ...placement(engine, state),
          ClientToken: token,
          ExecutionMode: mode,
          ...(parameters === undefined ? {} : { Parameters: parameters }),
          ...(wait === undefined ? {} : { WaitTimeSeconds: wait }),
          ...(options.statementName === undefined ? {} : { StatementName: options.statementName }),
        }).pipe(Effect.tap((out) => rememberSession(state, out.SessionId)))
      return yield* inSession(
        state,
        'BatchExecuteStatement',
        runWork(engine, {
          operation: 'BatchExecuteStatement',
          sqls,
          atomic: mode === 'TRANSACTION',
          timeout: yield* timeoutOf(engine, 'BatchExecuteStatement', options.timeout),
          submit,
        }).pipe(
          Effect.map(
            (f): BatchResult => ({
              ...statementResult(f),
              subStatements: (f.description?.SubStatements ?? []).map((s) => ({
                statementId: s.Id ?? '',
                rowsAffected: s.ResultRows,
                hasResultSet: s.HasResultSet === true,
              })),
            }),
          ),
        ),
      )
    }).pipe(Effect.withSpan('DataApi.batch', { attributes: { statements: sqls.length } }))

  const resultPages = (
    statementId: string,
    decode: DecodeOptions,
  ): Stream.Stream<Row, DataApiError> => {
    let columns: ReadonlyArray<ColumnMetadata> = []
    let keys: ReadonlyArray<string> = []
    return Stream.paginate(undefined as string | undefined, (nextToken) =>
      request(
        engine,
        'GetStatementResult',
        nextToken === undefined ? { Id: statementId } : { Id: statementId, NextToken: nextToken },
        statementId,
      ).pipe(
        Effect.map((page) => {
          if (page.ColumnMetadata !== undefined && page.ColumnMetadata.length > 0) {
            columns = page.ColumnMetadata
            keys = columnKeys(columns)
          }
          const rows = (page.Records ?? []).map((r) => decodeRecord(r, columns, keys, decode))
          const next = page.NextToken
          return [
            rows,
            next === undefined || next === '' ? Option.none() : Option.some(next),
          ] as const
        }),
      ),
    )
  }

  const query = (sql: string, options: QueryOptions = {}): Stream.Stream<Row, DataApiError> =>
    Stream.unwrap(
      execute(sql, options).pipe(
        Effect.map((r) =>
          r.hasResultSet
            ? resultPages(
                r.statementId,
                options.timestamps === undefined ? {} : { timestamps: options.timestamps },
              )
            : Stream.empty,
        ),
      ),
    )

  const describe = (statementId: string) =>
    request(engine, 'DescribeStatement', { Id: statementId }, statementId)

  const cancel = (statementId: string) =>
    request(engine, 'CancelStatement', { Id: statementId }, statementId).pipe(
      Effect.map((r) => r.Status === true),
    )

  const session = (options: SessionOptions = {}) =>
    Effect.acquireRelease(
      Effect.gen(function* () {
        const keepAliveSeconds = options.keepAliveSeconds ?? engine.config.sessionKeepAliveSeconds
        if (
          !Number.isInteger(keepAliveSeconds) ||
          keepAliveSeconds < 1 ||
          keepAliveSeconds > 86400
        ) {
          return yield* invalid(
            'Session',
            'keepAliveSeconds must be an integer 1..86400',
            'KeepAlive',
          )
        }
        const state: SessionState = {
          id: undefined,
          keepAliveSeconds,
          lock: yield* Semaphore.make(1),
          closed: false,
        }
        const handle: Session = {
          sessionId: Effect.sync(() => state.id),
          execute: (sql, o = {}) => execute(sql, { ...o, session: handle }),
          batch: (sqls, o = {}) => batch(sqls, { ...o, session: handle }),
          query: (sql, o = {}) => query(sql, { ...o, session: handle }),
        }
        sessions.set(handle, state)
        return handle
      }),
      (handle) => closeSession(handle),
    )

  // The Data API has no close call: a last statement that shortens the keep-alive to 1 s ends it.
  const closeSession = (handle: Session) =>
    Effect.gen(function* () {
      const state = sessions.get(handle)
      if (state === undefined) return
      yield* Semaphore.withPermit(
        state.lock,
        Effect.gen(function* () {
          state.closed = true
          if (state.id === undefined) return
          yield* request(engine, 'ExecuteStatement', {
            Sql: 'SELECT 1',
            SessionId: state.id,
            SessionKeepAliveSeconds: 1,
            ClientToken: engine.newClientToken(),
          }).pipe(
            Effect.tapError((e) => Effect.logDebug(`closing session ${state.id}: ${e.message}`)),
            Effect.ignore,
          )
        }),
      )
    })

  return {
    config: engine.config,
    execute,
    batch,
    query,
    describe,
    cancel,
    session,
    stats: engine.tally.snapshot,
  }
}
