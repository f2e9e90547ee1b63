import { RedshiftDataServiceException, ValidationException } from '@aws-sdk/client-redshift-data'
import { assert, describe, it } from '@effect/vitest'
import { Clock, Duration, Effect, Exit, Fiber, Metric, Stream } from 'effect'
import { makeWithTransport } from '../src/DataApi.js'
import { type DataApiConfigOptions, makeDataApiConfig } from '../src/DataApiConfig.js'
import { DataApiError } from '../src/DataApiError.js'
import { apiCallsTotal, retriesTotal } from '../src/Metrics.js'
import { pollSchedule } from '../src/Poller.js'
import { retrySchedule } from '../src/RetryPolicy.js'
import {
  type Fault,
  makeFakeService,
  runWithClock,
  type StatementPlan,
} from './support/fakeService.js'

const baseOptions: DataApiConfigOptions = {
  workgroupName: 'default',
  database: 'dev',
  region: 'us-east-1',
}

const setup = (
  plan: (sqls: ReadonlyArray<string>, n: number) => StatementPlan,
  faults: ReadonlyArray<Fault> = [],
  options: Partial<DataApiConfigOptions> = {},
) =>
  Effect.gen(function* () {
    const config = yield* makeDataApiConfig({ ...baseOptions, ...options })
    const fake = makeFakeService(plan, faults)
    const api = makeWithTransport(config, fake.transport, {
      retrySchedule: retrySchedule({ maxRetries: 4 }),
      pollSchedule: pollSchedule(),
    })
    return { api, fake }
  })

const throttling = () =>
  new RedshiftDataServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  })

const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })

const failure = <A>(exit: Exit.Exit<A, DataApiError>): DataApiError => {
  if (Exit.isSuccess(exit)) throw new Error('expected a failure')
  const error = exit.cause.reasons.find((r) => r._tag === 'Fail')
  if (error === undefined || error._tag !== 'Fail') throw new Error('expected a typed failure')
  return error.error
}

describe('waiting', () => {
  it.effect('a statement finished within the long-poll costs no DescribeStatement', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({ describesUntilDone: 0 }))
      const result = yield* api.execute('INSERT INTO t VALUES (1)')
      assert.strictEqual(fake.callsOf('DescribeStatement').length, 0)
      assert.strictEqual(fake.callsOf('ExecuteStatement')[0]?.WaitTimeSeconds, 30)
      assert.strictEqual(result.attempts, 1)
    }),
  )

  it.effect('an unfinished statement is described on a backoff schedule until it ends', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({ describesUntilDone: 6, resultRows: 3 }), [], {
        waitTimeSeconds: 0,
      })
      const start = yield* Clock.currentTimeMillis
      const result = yield* runWithClock(api.execute('UPDATE t SET a = 1'), '10 millis')
      const elapsed = (yield* Clock.currentTimeMillis) - start
      assert.strictEqual(fake.callsOf('ExecuteStatement')[0]?.WaitTimeSeconds, undefined)
      assert.strictEqual(fake.callsOf('DescribeStatement').length, 6)
      assert.strictEqual(result.rowsAffected, 3)
      // Polling is not retrying.
      assert.strictEqual((yield* api.stats).retries, 0)
      // Six delays growing from ~50 ms by 1.5: far more than six fixed 50 ms waits, far less than 6 s.
      assert.isAbove(elapsed, 6 * 50)
      assert.isBelow(elapsed, 6000)
    }),
  )

  it.effect('a timeout cancels the statement and fails with a Timeout reason', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({ describesUntilDone: 'never' }))
      const exit = yield* runWithClock(
        Effect.exit(api.execute('SELECT pg_sleep(1000)', { timeout: '2 minutes' })),
        '500 millis',
      )
      const error = failure(exit)
      assert.strictEqual(error.reason._tag, 'Timeout')
      assert.isFalse(error.isRetryable)
      if (error.reason._tag === 'Timeout') assert.isTrue(error.reason.cancelled)
      const id = fake.executions.length === 1 ? [...fake.statements.keys()][0] : undefined
      assert.deepStrictEqual(fake.callsOf('CancelStatement'), [{ Id: id }])
      assert.strictEqual(fake.executions.length, 1)
    }),
  )

  it.effect('a caller that interrupts the wait cancels the statement', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({ describesUntilDone: 'never' }), [], {
        waitTimeSeconds: 0,
      })
      const fiber = yield* Effect.forkChild(api.execute('SELECT pg_sleep(1000)'))
      yield* runWithClock(Effect.sleep('2 seconds'))
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(fake.callsOf('CancelStatement').length, 1)
      assert.strictEqual([...fake.statements.values()][0]?.cancelled, true)
    }),
  )

  it.effect('a timeout before the id is known learns it from the ClientToken and cancels', () =>
    Effect.gen(function* () {
      // Every ExecuteStatement answer is lost after it ran, so the id never arrives.
      const { api, fake } = yield* setup(
        () => ({ describesUntilDone: 'never' }),
        [
          {
            operation: 'ExecuteStatement',
            error: reset,
            calls: [1, 2, 3, 4, 5],
            afterExecute: true,
          },
        ],
        {},
      )
      const error = failure(
        yield* runWithClock(
          Effect.exit(api.execute('SELECT 1', { timeout: '100 millis' })),
          '10 millis',
        ),
      )
      assert.strictEqual(error.reason._tag, 'Timeout')
      assert.strictEqual(fake.executions.length, 1)
      const tokens = new Set(fake.callsOf('ExecuteStatement').map((c) => c.ClientToken))
      assert.strictEqual(tokens.size, 1)
      assert.strictEqual(fake.callsOf('CancelStatement').length, 1)
      if (error.reason._tag === 'Timeout') assert.isTrue(error.reason.cancelled)
    }),
  )

  it.effect('the default timeout is 5 minutes', () =>
    Effect.gen(function* () {
      const { api } = yield* setup(() => ({ describesUntilDone: 'never' }))
      const start = yield* Clock.currentTimeMillis
      const error = failure(yield* runWithClock(Effect.exit(api.execute('SELECT 1')), '1 second'))
      const elapsed = (yield* Clock.currentTimeMillis) - start
      assert.strictEqual(error.reason._tag, 'Timeout')
      if (error.reason._tag === 'Timeout') assert.strictEqual(error.reason.timeoutMillis, 300_000)
      assert.isAtLeast(elapsed, 300_000)
      assert.isBelow(elapsed, 310_000)
    }),
  )
})

describe('retries', () => {
  it.effect('throttling is retried with the same ClientToken', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(
        () => ({}),
        [{ operation: 'ExecuteStatement', error: throttling, calls: [1, 2] }],
      )
      yield* runWithClock(api.execute('INSERT INTO t VALUES (1)'))
      const tokens = fake.callsOf('ExecuteStatement').map((c) => c.ClientToken)
      assert.strictEqual(tokens.length, 3)
      assert.strictEqual(new Set(tokens).size, 1)
      const stats = yield* api.stats
      assert.strictEqual(stats.retries, 2)
      assert.strictEqual(stats.apiCalls, 3)
      const again = yield* api.execute('INSERT INTO t VALUES (2)')
      assert.deepStrictEqual([again.apiCalls, again.retries], [1, 0])
    }),
  )

  it.effect('a response lost after execution is retried with its token: the work runs once', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(
        () => ({}),
        [{ operation: 'BatchExecuteStatement', error: reset, calls: [1], afterExecute: true }],
      )
      yield* runWithClock(api.batch(['INSERT INTO t VALUES (1)', 'INSERT INTO t VALUES (2)']))
      assert.strictEqual(fake.callsOf('BatchExecuteStatement').length, 2)
      assert.strictEqual(fake.executions.length, 1)
    }),
  )

  it.effect('a 1023 conflict resubmits the whole transaction with a new ClientToken', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup((_, n) =>
        n === 1
          ? {
              describesUntilDone: 0,
              error: 'ERROR: 1023 DETAIL: Serializable isolation violation on table - 100123',
              failedSub: 2,
            }
          : {},
      )
      const result = yield* runWithClock(
        api.batch(['CREATE TEMP TABLE s (LIKE t)', 'MERGE INTO t USING s ON t.id = s.id'], {
          mode: 'TRANSACTION',
        }),
      )
      const tokens = fake.callsOf('BatchExecuteStatement').map((c) => c.ClientToken)
      assert.strictEqual(new Set(tokens).size, 2)
      assert.strictEqual(fake.executions.length, 2)
      assert.strictEqual(result.attempts, 2)
      assert.strictEqual((yield* api.stats).retries, 1)
      // Two submissions and the describe of the failed one.
      assert.deepStrictEqual([result.apiCalls, result.retries], [3, 1])
    }),
  )

  it.effect('a 1023 in AUTO_COMMIT mode is not resubmitted (earlier statements committed)', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({
        error: 'ERROR: 1023 DETAIL: Serializable isolation violation on table - 100123',
        failedSub: 2,
      }))
      const error = failure(
        yield* runWithClock(
          Effect.exit(api.batch(['INSERT 1', 'INSERT 2'], { mode: 'AUTO_COMMIT' })),
        ),
      )
      assert.strictEqual(fake.executions.length, 1)
      assert.strictEqual(error.reason._tag, 'StatementFailed')
      if (error.reason._tag === 'StatementFailed') {
        assert.strictEqual(error.reason.subStatementIndex, 2)
        assert.strictEqual(error.reason.sqlExcerpt, 'INSERT 2')
        assert.strictEqual(error.reason.kind, 'SerializableIsolation')
      }
    }),
  )

  it.effect('a permanent fault fails with a typed error after bounded retries', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(
        () => ({}),
        [{ operation: 'ExecuteStatement', error: throttling, calls: [1, 2, 3, 4, 5, 6, 7, 8, 9] }],
      )
      const error = failure(yield* runWithClock(Effect.exit(api.execute('SELECT 1'))))
      assert.strictEqual(error.reason._tag, 'Throttled')
      assert.strictEqual(fake.callsOf('ExecuteStatement').length, 5)
      assert.strictEqual((yield* api.stats).retries, 4)
      assert.strictEqual(fake.executions.length, 0)
    }),
  )

  it.effect('validation errors are not retried', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(
        () => ({}),
        [
          {
            operation: 'ExecuteStatement',
            error: () =>
              new ValidationException({
                $metadata: { httpStatusCode: 400 },
                message: 'Cannot process query string larger than 100kB',
              }),
            calls: [1],
          },
        ],
      )
      const error = failure(yield* Effect.exit(api.execute('SELECT 1')))
      assert.strictEqual(error.reason._tag, 'Validation')
      assert.strictEqual(fake.callsOf('ExecuteStatement').length, 1)
      const stats = yield* api.stats
      assert.strictEqual(stats.retries, 0)
      assert.strictEqual(stats.statementsFailed, 1)
    }),
  )

  it.effect('a syntax error carries statement id, message and SQL excerpt and is not retried', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({
        describesUntilDone: 1,
        error: 'ERROR: syntax error at or near "SELEC"',
      }))
      const error = failure(yield* runWithClock(Effect.exit(api.execute('SELEC   1\n FROM t'))))
      assert.strictEqual(fake.executions.length, 1)
      assert.instanceOf(error, DataApiError)
      assert.strictEqual(error.reason._tag, 'StatementFailed')
      if (error.reason._tag === 'StatementFailed') {
        assert.strictEqual(error.reason.statementId, [...fake.statements.keys()][0])
        assert.strictEqual(error.reason.sqlExcerpt, 'SELEC 1 FROM t')
        assert.strictEqual(error.reason.kind, 'Syntax')
        assert.strictEqual(error.reason.subStatementIndex, undefined)
      }
      assert.include(error.message, 'syntax error at or near')
    }),
  )

  it.effect('transient DescribeStatement failures keep waiting instead of abandoning', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(
        () => ({ describesUntilDone: 3 }),
        [{ operation: 'DescribeStatement', error: reset, calls: [1, 2] }],
        { waitTimeSeconds: 0 },
      )
      yield* runWithClock(api.execute('SELECT 1'))
      assert.strictEqual(fake.executions.length, 1)
      assert.strictEqual(fake.callsOf('DescribeStatement').length, 5)
    }),
  )
})

describe('metrics', () => {
  it.effect('global counters count calls and retries by operation', () =>
    Effect.gen(function* () {
      const calls = Metric.withAttributes(apiCallsTotal, { operation: 'ExecuteStatement' })
      const retries = Metric.withAttributes(retriesTotal, { operation: 'ExecuteStatement' })
      const before = [(yield* Metric.value(calls)).count, (yield* Metric.value(retries)).count]
      const { api } = yield* setup(
        () => ({}),
        [{ operation: 'ExecuteStatement', error: throttling, calls: [1] }],
      )
      yield* runWithClock(api.execute('SELECT 1'))
      const after = [(yield* Metric.value(calls)).count, (yield* Metric.value(retries)).count]
      assert.deepStrictEqual([after[0]! - before[0]!, after[1]! - before[1]!], [2, 1])
    }),
  )
})

describe('requests', () => {
  it.effect('connection members follow the configuration; parameters are sent as text', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({}), [], {
        workgroupName: undefined,
        clusterIdentifier: 'redstore-cluster',
        dbUser: 'loader',
      })
      yield* api.execute('SELECT :id, :name', { parameters: { id: 7n, name: "O'Brien\\" } })
      const input = fake.callsOf('ExecuteStatement')[0]
      assert.strictEqual(input?.ClusterIdentifier, 'redstore-cluster')
      assert.strictEqual(input?.DbUser, 'loader')
      assert.strictEqual(input?.WorkgroupName, undefined)
      assert.deepStrictEqual(input?.Parameters, [
        { name: 'id', value: '7' },
        { name: 'name', value: "O'Brien\\" },
      ])
    }),
  )

  it.effect('bad parameter names and empty values are rejected before sending', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({}))
      const bad = failure(yield* Effect.exit(api.execute('SELECT 1', { parameters: { 'a-b': 1 } })))
      const empty = failure(yield* Effect.exit(api.execute('SELECT 1', { parameters: { a: '' } })))
      assert.strictEqual(bad.reason._tag, 'Validation')
      assert.strictEqual(empty.reason._tag, 'Validation')
      assert.strictEqual(fake.calls.length, 0)
    }),
  )

  it.effect('a session of another client and a bad timeout are rejected before sending', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({}))
      const other = yield* setup(() => ({}))
      const error = yield* Effect.scoped(
        Effect.flatMap(other.api.session(), (session) =>
          Effect.flip(api.execute('SELECT 1', { session })),
        ),
      )
      assert.strictEqual(error.reason._tag, 'Validation')
      const timeout = failure(yield* Effect.exit(api.execute('SELECT 1', { timeout: -1 })))
      assert.strictEqual(timeout.reason._tag, 'Validation')
      assert.strictEqual(fake.calls.length, 0)
    }),
  )

  it.effect('a batch of 0 or 41 statements is rejected before sending', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({}))
      const none = failure(yield* Effect.exit(api.batch([])))
      const many = failure(
        yield* Effect.exit(api.batch(Array.from({ length: 41 }, () => 'SELECT 1'))),
      )
      assert.strictEqual(none.reason._tag, 'Validation')
      assert.strictEqual(many.reason._tag, 'Validation')
      assert.strictEqual(fake.calls.length, 0)
    }),
  )

  it.effect('query pages through NextToken and decodes rows', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({
        columns: [
          { name: 'id', typeName: 'int8' },
          { name: 'amount', typeName: 'numeric' },
        ],
        pages: [
          [[{ longValue: 1 }, { stringValue: '1.50' }]],
          [[{ longValue: 2 }, { isNull: true }]],
          [[{ stringValue: '9007199254740993' }, { stringValue: '0.01' }]],
        ],
      }))
      const rows = yield* Stream.runCollect(api.query('SELECT id, amount FROM t'))
      assert.deepStrictEqual(rows, [
        { id: 1, amount: '1.50' },
        { id: 2, amount: null },
        { id: 9007199254740993n, amount: '0.01' },
      ])
      assert.deepStrictEqual(
        fake.callsOf('GetStatementResult').map((c) => c.NextToken),
        [undefined, '1', '2'],
      )
    }),
  )

  it.effect('a session opens with the first statement and then sends only its SessionId', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup(() => ({}))
      yield* Effect.scoped(
        Effect.gen(function* () {
          const session = yield* api.session({ keepAliveSeconds: 60 })
          yield* session.execute('CREATE TEMP TABLE s (a int)')
          yield* session.batch(['INSERT INTO s VALUES (1)', 'INSERT INTO s VALUES (2)'])
          assert.strictEqual(yield* session.sessionId, 'session-1')
        }),
      )
      const [first, close] = fake.callsOf('ExecuteStatement')
      assert.strictEqual(first?.SessionKeepAliveSeconds, 60)
      assert.strictEqual(first?.WorkgroupName, 'default')
      assert.strictEqual(first?.SessionId, undefined)
      const batch = fake.callsOf('BatchExecuteStatement')[0]
      assert.strictEqual(batch?.SessionId, 'session-1')
      assert.strictEqual(batch?.WorkgroupName, undefined)
      assert.strictEqual(batch?.Database, undefined)
      // Closing the scope shortens the keep-alive to 1 s so the service ends the session.
      assert.strictEqual(close?.SessionId, 'session-1')
      assert.strictEqual(close?.SessionKeepAliveSeconds, 1)
    }),
  )

  it.effect('a session whose first statement failed keeps its id for the next statement', () =>
    Effect.gen(function* () {
      const { api, fake } = yield* setup((sqls) =>
        sqls[0] === 'SELEC 1'
          ? { describesUntilDone: 0, error: 'ERROR: syntax error at or near "SELEC"' }
          : {},
      )
      yield* Effect.scoped(
        Effect.gen(function* () {
          const session = yield* api.session()
          yield* Effect.flip(session.execute('SELEC 1'))
          yield* session.execute('SELECT 1')
        }),
      )
      const [first, second] = fake.callsOf('ExecuteStatement')
      assert.strictEqual(first?.SessionId, undefined)
      assert.strictEqual(second?.SessionId, 'session-1')
      assert.strictEqual(second?.SessionKeepAliveSeconds, undefined)
    }),
  )

  it.effect('Duration of an unknown timeout input is rejected by the configuration', () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        makeDataApiConfig({ ...baseOptions, statementTimeout: Duration.millis(-5) }),
      )
      assert.strictEqual(failure(exit).reason._tag, 'Config')
    }),
  )
})
