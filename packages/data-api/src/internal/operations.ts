/**
 * The DataApi operations over an engine: execute, batch, query (paged, decoded), describe,
 * cancel, and sessions that stay open for the life of a scope.
 */
import type { ColumnMetadata, SqlParameter, TableMember } from '@aws-sdk/client-redshift-data'
import { Duration, Effect, Option, Semaphore, Stream } from 'effect'
import type { ResolvedDataApiConfig } from '../DataApiConfig.js'
import { DataApiError, ValidationReason } from '../DataApiError.js'
import type {
  BatchOptions,
  BatchResult,
  DataApiShape,
  ExecuteOptions,
  ListTablesOptions,
  QueryOptions,
  Session,
  SessionOptions,
  StatementResult,
  TableName,
} from '../DataApiShape.js'
import { columnKeys, type DecodeOptions, decodeRecord, type Row } from '../decode.js'
import {
  type Engine,
  type Finished,
  request,
  runWork,
  type Submitted,
  toSqlParameters,
} from './engine.js'

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
  /**
   * The one submit path of ExecuteStatement and BatchExecuteStatement: the statement runs in
   * its session (if any), with its parameters, ClientToken and long-poll, and is waited for
   * under its timeout.
   */
  const submitWork = (
    work:
      | { readonly operation: 'ExecuteStatement'; readonly sql: string }
      | {
          readonly operation: 'BatchExecuteStatement'
          readonly sqls: ReadonlyArray<string>
          readonly mode: 'TRANSACTION' | 'AUTO_COMMIT'
        },
    options: ExecuteOptions,
  ): Effect.Effect<Finished, DataApiError> =>
    Effect.gen(function* () {
      const { operation } = work
      const state = yield* sessionStateOf(sessions, operation, options.session)
      const parameters: Array<SqlParameter> | undefined = yield* toSqlParameters(
        operation,
        options.parameters,
      )
      const common = (token: string, wait: number | undefined) => ({
        ...placement(engine, state),
        ClientToken: token,
        ...(parameters === undefined ? {} : { Parameters: parameters }),
        ...(wait === undefined ? {} : { WaitTimeSeconds: wait }),
        ...(options.statementName === undefined ? {} : { StatementName: options.statementName }),
      })
      const submit = (
        local: Engine,
        token: string,
        wait: number | undefined,
      ): Effect.Effect<Submitted, DataApiError> =>
        (work.operation === 'ExecuteStatement'
          ? request(local, 'ExecuteStatement', { Sql: work.sql, ...common(token, wait) })
          : request(local, 'BatchExecuteStatement', {
              Sqls: [...work.sqls],
              ExecutionMode: work.mode,
              ...common(token, wait),
            })
        ).pipe(Effect.tap((out) => rememberSession(state, out.SessionId)))
      return yield* inSession(
        state,
        operation,
        runWork(engine, {
          operation,
          sqls: work.operation === 'ExecuteStatement' ? [work.sql] : work.sqls,
          atomic: work.operation === 'ExecuteStatement' || work.mode === 'TRANSACTION',
          timeout: yield* timeoutOf(engine, operation, options.timeout),
          submit,
        }),
      )
    })

  const execute = (sql: string, options: ExecuteOptions = {}) =>
    submitWork({ operation: 'ExecuteStatement', sql }, options).pipe(
      Effect.map(statementResult),
      Effect.withSpan('DataApi.execute'),
    )

  const batch = (sqls: ReadonlyArray<string>, options: BatchOptions = {}) =>
    (sqls.length < 1 || sqls.length > 40
      ? Effect.fail(
          invalid(
            'BatchExecuteStatement',
            `a batch holds 1 to 40 statements, got ${sqls.length}; split it`,
            'BatchSize',
          ),
        )
      : submitWork(
          { operation: 'BatchExecuteStatement', sqls, mode: options.mode ?? 'TRANSACTION' },
          options,
        ).pipe(
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
        )
    ).pipe(Effect.withSpan('DataApi.batch', { attributes: { statements: sqls.length } }))

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

  /** Every page of a catalog listing: the operation is repeated with each NextToken. */
  const allPages = <A>(
    page: (
      nextToken: string | undefined,
    ) => Effect.Effect<
      { readonly items: ReadonlyArray<A>; readonly next: string | undefined },
      DataApiError
    >,
  ): Effect.Effect<ReadonlyArray<A>, DataApiError> =>
    Effect.gen(function* () {
      const items: Array<A> = []
      let nextToken: string | undefined
      do {
        const answer = yield* page(nextToken)
        items.push(...answer.items)
        nextToken = answer.next === '' ? undefined : answer.next
      } while (nextToken !== undefined)
      return items
    })

  const describeTable = (table: TableName) =>
    allPages((nextToken) =>
      request(engine, 'DescribeTable', {
        ...connectionMembers(engine.config),
        Schema: table.schema,
        Table: table.table,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }).pipe(Effect.map((out) => ({ items: out.ColumnList ?? [], next: out.NextToken }))),
    ).pipe(Effect.withSpan('DataApi.describeTable'))

  const listTables = (options: ListTablesOptions = {}) =>
    allPages((nextToken) =>
      request(engine, 'ListTables', {
        ...connectionMembers(engine.config),
        ...(options.schemaPattern === undefined ? {} : { SchemaPattern: options.schemaPattern }),
        ...(options.tablePattern === undefined ? {} : { TablePattern: options.tablePattern }),
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }).pipe(
        Effect.map((out): { items: ReadonlyArray<TableMember>; next: string | undefined } => ({
          items: out.Tables ?? [],
          next: out.NextToken,
        })),
      ),
    ).pipe(Effect.withSpan('DataApi.listTables'))

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
    describeTable,
    listTables,
    stats: engine.tally.snapshot,
  }
}
