/** Permanent faults: a typed error after a bounded number of retries, and no work applied. */
import { type Emulator, startEmulator } from '@redstore/emulator'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataApi } from '../src/DataApi.js'
import type { DataApiError } from '../src/DataApiError.js'
import { layerFor, run } from './support/emulator.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({
    faults: {
      rules: [
        { kind: 'throttling', operation: 'ExecuteStatement' },
        { kind: 'internal', operation: 'BatchExecuteStatement' },
      ],
    },
  })
}, 60_000)
afterAll(() => emulator?.stop())

const outcome = <A>(work: (api: DataApi['Service']) => Effect.Effect<A, DataApiError>) =>
  run(
    layerFor(emulator),
    Effect.gen(function* () {
      const api = yield* DataApi
      const error = yield* work(api).pipe(Effect.flip, Effect.orDie)
      return { error, stats: yield* api.stats }
    }),
  )

describe('permanent faults', () => {
  it('permanent throttling fails as Throttled after 5 retries', async () => {
    const { error, stats } = await outcome((api) => api.execute('SELECT 1'))
    expect(error).toMatchObject({ _tag: 'DataApiError', reason: { _tag: 'Throttled' } })
    expect(stats.apiCalls).toBe(6)
    expect(stats.retries).toBe(5)
    expect(stats.statementsFailed).toBe(1)
  })

  it('a permanent 500 fails as Server after 5 retries', async () => {
    const { error, stats } = await outcome((api) => api.batch(['SELECT 1', 'SELECT 2']))
    expect(error).toMatchObject({
      _tag: 'DataApiError',
      reason: { _tag: 'Server', status: 500 },
      location: { operation: 'BatchExecuteStatement' },
    })
    expect(stats.apiCalls).toBe(6)
  })
})
