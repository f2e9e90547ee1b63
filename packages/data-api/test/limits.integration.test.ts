/** The service's limits: size limits are final, concurrency limits are waited out. */
import { type Emulator, startEmulator } from '@redstore/emulator'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataApi } from '../src/DataApi.js'
import { retrySchedule } from '../src/RetryPolicy.js'
import { layerFor, rows, run, runFailure } from './support/emulator.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({
    limits: { maxActiveStatements: 2, maxActiveSessions: 1 },
    latency: { statementMs: 150 },
  })
}, 60_000)
afterAll(() => emulator?.stop())

const patient = {
  retrySchedule: retrySchedule({ base: '50 millis', cap: '400 millis', maxRetries: 40 }),
}

describe('limits', () => {
  it('SQL over 100 KB is a Validation error, sent once', async () => {
    const layer = layerFor(emulator)
    const sql = `SELECT '${'x'.repeat(102_400)}' AS big`
    const { error, stats } = await run(
      layer,
      Effect.gen(function* () {
        const api = yield* DataApi
        const error = yield* api.execute(sql).pipe(Effect.flip, Effect.orDie)
        return { error, stats: yield* api.stats }
      }),
    )
    expect(error.reason._tag).toBe('Validation')
    expect(error.message).toMatch(/100 ?kB|larger/i)
    expect(stats.apiCalls).toBe(1)
  })

  it('more concurrent statements than the service allows all finish, each applied once', async () => {
    const layer = layerFor(emulator, {}, patient)
    const { n, stats } = await run(
      layer,
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute('CREATE TABLE public.hits (id INT)')
        yield* Effect.forEach(
          Array.from({ length: 8 }, (_, i) => i),
          (i) => api.execute(`INSERT INTO public.hits VALUES (${i})`),
          { concurrency: 'unbounded' },
        )
        const [row] = yield* rows('SELECT COUNT(DISTINCT id) AS d, COUNT(*) AS n FROM public.hits')
        return { n: row, stats: yield* api.stats }
      }),
    )
    expect(n).toEqual({ d: 8, n: 8 })
    // Only two may run at once: the others met ActiveStatementsExceeded and waited.
    expect(stats.retries).toBeGreaterThan(0)
  })

  it('a second session waits until the first one is closed', async () => {
    const layer = layerFor(emulator, {}, patient)
    const users = await run(
      layer,
      Effect.gen(function* () {
        const api = yield* DataApi
        const first = Effect.scoped(
          Effect.flatMap(api.session(), (s) => s.execute('SELECT 1').pipe(Effect.as('first'))),
        )
        const second = Effect.scoped(
          Effect.flatMap(api.session(), (s) => s.execute('SELECT 2').pipe(Effect.as('second'))),
        )
        return yield* Effect.all([first, second], { concurrency: 1 })
      }),
    )
    expect(users).toEqual(['first', 'second'])
  })

  it('a session limit that never clears fails as LimitExceeded after bounded retries', async () => {
    const layer = layerFor(emulator)
    const error = await runFailure(
      layer,
      Effect.gen(function* () {
        const api = yield* DataApi
        const holder = yield* api.session({ keepAliveSeconds: 600 })
        yield* holder.execute('SELECT 1')
        const other = yield* api.session()
        return yield* other.execute('SELECT 2')
      }).pipe(Effect.scoped),
    )
    expect(error.reason).toMatchObject({ _tag: 'LimitExceeded', limit: 'ActiveSessions' })
  })
})
