import { assert, describe, it } from '@effect/vitest'
import { Clock, Effect } from 'effect'
import { DataApiError, ThrottledReason } from '../src/DataApiError.js'
import { pollSchedule, pollUntilTerminal } from '../src/Poller.js'
import { isRetryable, retrySchedule } from '../src/RetryPolicy.js'
import { runWithClock } from './support/fakeService.js'

const throttled = new DataApiError({
  reason: new ThrottledReason({ message: 'Rate exceeded', code: 'ThrottlingException' }),
  location: { operation: 'ExecuteStatement' },
})

/** Times (virtual ms since start) at which each attempt ran. */
const attemptTimes = (effect: (record: Effect.Effect<void>) => Effect.Effect<unknown, unknown>) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const times: Array<number> = []
    const record = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.sync(() => times.push(now - start)),
    )
    yield* runWithClock(Effect.exit(effect(record)), '5 millis')
    return times
  })

const failing = (
  record: Effect.Effect<void>,
  error: DataApiError,
): Effect.Effect<never, DataApiError> => Effect.andThen(record, Effect.fail(error))

const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((t, i) => t - (times[i] ?? 0))

describe('retrySchedule', () => {
  it.effect('grows exponentially with jitter, is capped, and stops after maxRetries', () =>
    Effect.gen(function* () {
      const schedule = retrySchedule({
        base: '100 millis',
        factor: 2,
        cap: '1 second',
        maxRetries: 6,
      })
      const times = yield* attemptTimes((record) =>
        Effect.retry(failing(record, throttled), { schedule, while: isRetryable }),
      )
      assert.strictEqual(times.length, 7)
      const delays = gaps(times)
      const nominal = [100, 200, 400, 800, 1000, 1000]
      delays.forEach((d, i) => {
        const n = nominal[i] ?? 0
        // jitter is 0.8..1.2 of the exponential delay; the cap applies after jitter
        assert.isAtLeast(d, Math.min(n * 0.8, 1000) - 5, `delay ${i}`)
        assert.isAtMost(d, Math.min(n * 1.2 + 10, 1000 + 10), `delay ${i}`)
      })
    }),
  )

  it.effect('a non-retryable error is not retried', () =>
    Effect.gen(function* () {
      const notRetryable = new DataApiError({
        reason: new ThrottledReason({ message: 'x', code: 'x' }),
        location: { operation: 'x' },
      })
      Object.defineProperty(notRetryable, 'isRetryable', { value: false })
      const times = yield* attemptTimes((record) =>
        Effect.retry(failing(record, notRetryable), {
          schedule: retrySchedule(),
          while: isRetryable,
        }),
      )
      assert.strictEqual(times.length, 1)
    }),
  )
})

describe('pollSchedule', () => {
  it.effect('starts fast, backs off, and never waits longer than the cap', () =>
    Effect.gen(function* () {
      let describes = 0
      const times = yield* attemptTimes((record) =>
        pollUntilTerminal(
          Effect.andThen(
            record,
            Effect.sync(() => ({ Status: ++describes >= 20 ? 'FINISHED' : 'STARTED' })),
          ),
          pollSchedule({ initial: '50 millis', factor: 1.5, cap: '2 seconds' }),
        ),
      )
      assert.strictEqual(times.length, 20)
      const first = times[0] ?? 0
      assert.isAtLeast(first, 40)
      assert.isAtMost(first, 70)
      for (const d of gaps(times)) assert.isAtMost(d, 2010)
      const last = gaps(times).slice(-3)
      for (const d of last) assert.isAtLeast(d, 1990)
    }),
  )
})
