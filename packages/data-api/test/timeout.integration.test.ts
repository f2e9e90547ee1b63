/** Waiting and timeouts against statements that take time on the emulator. */
import { type Emulator, startEmulator } from '@redstore/emulator'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataApi } from '../src/DataApi.js'
import { layerFor, rows, run } from './support/emulator.js'

let emulator: Emulator
beforeAll(async () => {
  // Every statement stays STARTED for 1.5 s before it runs.
  emulator = await startEmulator({ latency: { statementMs: 1500 } })
}, 60_000)
afterAll(() => emulator?.stop())

describe('waiting', () => {
  it('a statement that finishes inside the long-poll costs no DescribeStatement', async () => {
    const stats = await run(
      layerFor(emulator),
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute('CREATE TABLE public.slow (id INT)')
        return yield* api.stats
      }),
    )
    expect(stats.apiCallsByOperation).toEqual({ ExecuteStatement: 1 })
  })

  it('without the long-poll, DescribeStatement polls until the statement finishes', async () => {
    const { result, stats } = await run(
      layerFor(emulator, { waitTimeSeconds: 0 }),
      Effect.gen(function* () {
        const api = yield* DataApi
        const result = yield* api.execute('INSERT INTO public.slow VALUES (1), (2)')
        return { result, stats: yield* api.stats }
      }),
    )
    expect(result.rowsAffected).toBe(2)
    expect(stats.apiCallsByOperation.DescribeStatement).toBeGreaterThan(1)
  })

  it('a statement past its timeout is cancelled and fails with Timeout', async () => {
    const { error, described } = await run(
      layerFor(emulator, { statementTimeout: '500 millis' }),
      Effect.gen(function* () {
        const api = yield* DataApi
        const error = yield* api
          .execute('INSERT INTO public.slow VALUES (99)')
          .pipe(Effect.flip, Effect.orDie)
        const id = error.location.statementId
        const described = id === undefined ? undefined : yield* api.describe(id)
        return { error, described }
      }),
    )
    expect(error.reason._tag).toBe('Timeout')
    expect(error.reason).toMatchObject({ timeoutMillis: 500, cancelled: true })
    expect(error.isRetryable).toBe(false)
    expect(described?.Status).toBe('ABORTED')
    // The cancelled INSERT never ran.
    const found = await run(
      layerFor(emulator),
      rows('SELECT COUNT(*) AS n FROM public.slow WHERE id = 99'),
    )
    expect(found).toEqual([{ n: 0 }])
  })
})
