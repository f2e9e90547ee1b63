/**
 * The statement engine: one request with its retries, one submission waited for (long-poll,
 * then polling) under a timeout that cancels, and whole-work resubmission for 1023.
 */
import type {
  DescribeStatementCommandOutput,
  SqlParameter,
  SubStatementData,
} from '@aws-sdk/client-redshift-data'
import { Duration, Effect } from 'effect'
import { classify } from '../classify.js'
import type { ResolvedDataApiConfig } from '../DataApiConfig.js'
import { DataApiError, TimeoutReason, ValidationReason } from '../DataApiError.js'
import type { ParameterValue } from '../DataApiShape.js'
import type { StatsTally } from '../Metrics.js'
import { isTerminalStatus, type PollSchedule, pollUntilTerminal } from '../Poller.js'
import type { RetrySchedule } from '../RetryPolicy.js'
import type { InputOf, OperationName, OutputOf, Transport } from '../Transport.js'

export interface Engine {
  readonly config: ResolvedDataApiConfig
  readonly transport: Transport
  readonly retrySchedule: RetrySchedule
  readonly pollSchedule: PollSchedule
  readonly tally: StatsTally
  readonly newClientToken: () => string
}

/**
 * One API request. Transient failures are retried with the SAME input, so a submission keeps
 * its ClientToken and a retry after a lost response never runs the work twice.
 */
export const request = <K extends OperationName>(
  engine: Engine,
  operation: K,
  input: InputOf<K>,
  statementId?: string,
): Effect.Effect<OutputOf<K>, DataApiError> =>
  Effect.suspend(() => {
    // Per run: the same request effect is repeated by polling, and each run counts afresh.
    let sent = 0
    const once = Effect.suspend(() =>
      Effect.andThen(
        sent++ === 0
          ? engine.tally.recordCall(operation)
          : Effect.andThen(engine.tally.recordRetry(operation), engine.tally.recordCall(operation)),
        Effect.tryPromise({
          try: (signal) => engine.transport.send(operation, input, signal),
          catch: (error) =>
            classify(
              statementId === undefined
                ? { _tag: 'RequestFailure', operation, error }
                : { _tag: 'RequestFailure', operation, error, statementId },
            ),
        }),
      ),
    )
    return once.pipe(
      Effect.tapError((e) =>
        e.isRetryable
          ? Effect.logDebug(`${operation} failed, may retry: ${e.message}`)
          : Effect.void,
      ),
      Effect.retry({
        schedule: engine.retrySchedule,
        while: (e: DataApiError) => e.isRetryable,
      }),
      // Retries are counted when they happen: a schedule step is also taken for errors it rejects.
      Effect.ensuring(
        Effect.suspend(() => Effect.annotateCurrentSpan('retries', Math.max(0, sent - 1))),
      ),
      Effect.withSpan(`RedshiftData.${operation}`, {
        attributes: statementId === undefined ? { operation } : { operation, statementId },
      }),
    )
  })

/** What a submitting call returns that the engine needs. */
export interface Submitted {
  readonly Id?: string | undefined
  readonly Status?: string | undefined
  readonly HasResultSet?: boolean | undefined
  readonly SessionId?: string | undefined
}

/** The work: how to submit it once with a ClientToken and a long-poll window. */
export interface Work {
  readonly operation: 'ExecuteStatement' | 'BatchExecuteStatement'
  readonly sqls: ReadonlyArray<string>
  /** All or nothing: a failed attempt left no trace, so the work may be submitted anew. */
  readonly atomic: boolean
  readonly timeout: Duration.Duration
  readonly submit: (
    engine: Engine,
    clientToken: string,
    waitTimeSeconds: number | undefined,
  ) => Effect.Effect<Submitted, DataApiError>
}

/** A statement or batch that FINISHED. */
export interface Finished {
  readonly statementId: string
  readonly hasResultSet: boolean
  readonly sessionId: string | undefined
  /** Present when a DescribeStatement was needed to see it finish. */
  readonly description: DescribeStatementCommandOutput | undefined
  /** Submissions made (1 unless a 1023 or similar made the work run again). */
  readonly attempts: number
  /** API requests this work sent, and how many of them (or of its submissions) were retries. */
  readonly apiCalls: number
  readonly retries: number
}

/** Requests and retries of one piece of work. */
interface WorkCounter {
  calls: number
  retries: number
}

/** The engine, with its tally also counting into `counter`. */
const counting = (engine: Engine, counter: WorkCounter): Engine => ({
  ...engine,
  tally: {
    ...engine.tally,
    recordCall: (operation) =>
      Effect.andThen(
        Effect.sync(() => {
          counter.calls++
        }),
        engine.tally.recordCall(operation),
      ),
    recordRetry: (operation) =>
      Effect.andThen(
        Effect.sync(() => {
          counter.retries++
        }),
        engine.tally.recordRetry(operation),
      ),
  },
})

const subStatementIndex = (sub: SubStatementData): number | undefined => {
  const match = /:(\d+)$/.exec(sub.Id ?? '')
  return match?.[1] === undefined ? undefined : Number(match[1])
}

const failureOf = (
  work: Work,
  statementId: string,
  d: DescribeStatementCommandOutput,
): DataApiError => {
  const failedSub = d.SubStatements?.find((s) => s.Status === 'FAILED' || s.Status === 'ABORTED')
  const index = failedSub === undefined ? undefined : subStatementIndex(failedSub)
  const sql =
    failedSub?.QueryString ??
    (index === undefined ? undefined : work.sqls[index - 1]) ??
    d.QueryString ??
    work.sqls.join('; ')
  return classify({
    _tag: 'StatementFailure',
    operation: work.operation,
    status: d.Status === 'ABORTED' ? 'ABORTED' : 'FAILED',
    statementId,
    subStatementIndex: index,
    databaseMessage: failedSub?.Error ?? d.Error ?? '',
    sql,
  })
}

const describe = (engine: Engine, id: string) =>
  request(engine, 'DescribeStatement', { Id: id }, id)

/** Cancels after a timeout; learns the id by resubmitting with the same ClientToken if needed. */
const cancelAfterTimeout = (
  engine: Engine,
  work: Work,
  clientToken: string,
  knownId: string | undefined,
): Effect.Effect<never, DataApiError> =>
  Effect.gen(function* () {
    let id = knownId
    const cancel = Effect.gen(function* () {
      if (id === undefined) {
        id = yield* work.submit(engine, clientToken, undefined).pipe(
          Effect.map((s) => s.Id),
          Effect.orElseSucceed(() => undefined),
        )
      }
      if (id === undefined) return false
      return yield* request(engine, 'CancelStatement', { Id: id }, id).pipe(
        Effect.map((r) => r.Status === true),
        Effect.orElseSucceed(() => false),
      )
    })
    const cancelled = yield* cancel.pipe(
      Effect.timeoutOrElse({ duration: Duration.seconds(15), orElse: () => Effect.succeed(false) }),
    )
    return yield* new DataApiError({
      reason: new TimeoutReason({
        message: `did not finish within ${Duration.format(work.timeout)}`,
        timeoutMillis: Duration.toMillis(work.timeout),
        cancelled,
      }),
      location:
        id === undefined
          ? { operation: work.operation }
          : { operation: work.operation, statementId: id },
    })
  })

const waitTime = (engine: Engine, timeout: Duration.Duration): number | undefined => {
  const seconds = Math.min(
    engine.config.waitTimeSeconds,
    Math.floor(Duration.toSeconds(timeout)) - 1,
  )
  return seconds >= 1 ? seconds : undefined
}

/** One submission, waited for under the work's timeout. */
const attempt = (
  engine: Engine,
  work: Work,
  attemptNo: number,
): Effect.Effect<Finished, DataApiError> =>
  Effect.suspend(() => {
    const clientToken = engine.newClientToken()
    let knownId: string | undefined
    const run = Effect.gen(function* () {
      const submitted = yield* work.submit(engine, clientToken, waitTime(engine, work.timeout))
      const id = submitted.Id
      if (id === undefined) {
        return yield* new DataApiError({
          reason: new ValidationReason({
            message: 'the service returned no statement id',
            code: 'NoId',
          }),
          location: { operation: work.operation },
        })
      }
      knownId = id
      yield* Effect.annotateCurrentSpan('statementId', id)
      if (submitted.Status === 'FINISHED') {
        return {
          statementId: id,
          hasResultSet: submitted.HasResultSet === true,
          sessionId: submitted.SessionId,
          description: undefined,
          attempts: attemptNo,
          apiCalls: 0,
          retries: 0,
        } satisfies Finished
      }
      const done = yield* (
        isTerminalStatus(submitted.Status)
          ? describe(engine, id)
          : pollUntilTerminal(describe(engine, id), engine.pollSchedule)
      ).pipe(Effect.annotateLogs({ statementId: id }))
      if (done === undefined || !isTerminalStatus(done.Status)) {
        // A finite poll schedule ran out: treat it as the timeout.
        return yield* cancelAfterTimeout(engine, work, clientToken, id)
      }
      if (done.Status !== 'FINISHED') return yield* failureOf(work, id, done)
      return {
        statementId: id,
        hasResultSet: done.HasResultSet === true,
        sessionId: submitted.SessionId ?? done.SessionId,
        description: done,
        attempts: attemptNo,
        apiCalls: 0,
        retries: 0,
      } satisfies Finished
    })
    return run.pipe(
      Effect.timeoutOrElse({
        duration: work.timeout,
        orElse: () => Effect.suspend(() => cancelAfterTimeout(engine, work, clientToken, knownId)),
      }),
      // A caller that gives up (interrupts) also stops the statement it started.
      Effect.onInterrupt(() =>
        knownId === undefined
          ? Effect.void
          : request(engine, 'CancelStatement', { Id: knownId }, knownId).pipe(Effect.ignore),
      ),
    )
  })

/**
 * Runs the work to completion. A retryable statement failure (1023 serializable isolation,
 * a lost database connection) of atomic work is a NEW submission with a new ClientToken.
 */
export const runWork = (parent: Engine, work: Work): Effect.Effect<Finished, DataApiError> =>
  Effect.suspend(() => {
    const counter: WorkCounter = { calls: 0, retries: 0 }
    const engine = counting(parent, counter)
    let attempts = 0
    const next = Effect.suspend(() =>
      ++attempts === 1
        ? attempt(engine, work, attempts)
        : Effect.andThen(engine.tally.recordRetry(work.operation), attempt(engine, work, attempts)),
    )
    return next.pipe(
      Effect.retry({
        schedule: engine.retrySchedule,
        while: (e: DataApiError) =>
          work.atomic && e.reason._tag === 'StatementFailed' && e.isRetryable,
      }),
      Effect.map((f): Finished => ({ ...f, apiCalls: counter.calls, retries: counter.retries })),
      Effect.tap((f) =>
        Effect.andThen(
          engine.tally.recordOutcome(true),
          Effect.logDebug(`${work.operation} ${f.statementId} finished`),
        ),
      ),
      Effect.tapError(() => engine.tally.recordOutcome(false)),
      Effect.annotateLogs({ operation: work.operation }),
      Effect.withLogSpan(work.operation),
    )
  })

const parameterName = /^[0-9a-zA-Z_]+$/

/** `{ id: 1 }` -> `[{ name: 'id', value: '1' }]`, rejecting what the service would reject. */
export const toSqlParameters = (
  operation: string,
  parameters: Readonly<Record<string, ParameterValue>> | undefined,
): Effect.Effect<Array<SqlParameter> | undefined, DataApiError> =>
  Effect.suspend(() => {
    if (parameters === undefined) return Effect.succeed(undefined)
    const out: Array<SqlParameter> = []
    for (const [name, value] of Object.entries(parameters)) {
      const text = String(value)
      const problem = !parameterName.test(name)
        ? `parameter name ${JSON.stringify(name)} must match [0-9a-zA-Z_]+`
        : text === ''
          ? `parameter ${name} is empty; the Data API rejects empty values (write '' or NULL in the SQL)`
          : undefined
      if (problem !== undefined) {
        return Effect.fail(
          new DataApiError({
            reason: new ValidationReason({ message: problem, code: 'InvalidParameter' }),
            location: { operation },
          }),
        )
      }
      out.push({ name, value: text })
    }
    return Effect.succeed(out.length === 0 ? undefined : out)
  })
