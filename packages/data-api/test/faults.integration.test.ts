/**
 * Transient faults injected by the emulator: every piece of work still succeeds and is applied
 * exactly once. The tests run in order; each rule counts the calls of its operation.
 */
import { type Emulator, startEmulator } from '@redstore/emulator'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataApi } from '../src/DataApi.js'
import { layerFor, rows, run } from './support/emulator.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({
    faults: {
      rules: [
        // ExecuteStatement #1 creates the table; #2 and #3 are throttled.
        { kind: 'throttling', operation: 'ExecuteStatement', schedule: [2, 3] },
        // The first page of the first read: connection dropped, then throttled.
        { kind: 'drop-connection', operation: 'GetStatementResult', schedule: [1] },
        { kind: 'throttling', operation: 'GetStatementResult', schedule: [2] },
        // The first batch: a 500, a connection dropped before, then one dropped after it ran.
        { kind: 'internal', operation: 'BatchExecuteStatement', schedule: [1] },
        { kind: 'drop-connection', operation: 'BatchExecuteStatement', schedule: [2] },
        {
          kind: 'drop-connection',
          operation: 'BatchExecuteStatement',
          schedule: [3],
          afterExecute: true,
        },
        // The second batch statement created ends with 1023.
        { kind: 'serializable', operation: 'BatchExecuteStatement', schedule: [2] },
      ],
    },
  })
}, 60_000)
afterAll(() => emulator?.stop())

const count = Effect.map(rows('SELECT COUNT(*) AS n FROM public.events'), (r) => r[0]?.n)

describe('transient faults', () => {
  it('throttled ExecuteStatement and a dropped, throttled result page: applied once', async () => {
    const result = await run(
      layerFor(emulator),
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute('CREATE TABLE public.events (id INT, name VARCHAR(20))')
        const insert = yield* api.execute("INSERT INTO public.events VALUES (1, 'one')")
        const n = yield* count
        return { insert, n, stats: yield* api.stats }
      }),
    )
    expect(result.n).toBe(1)
    expect(result.insert.attempts).toBe(1)
    expect([result.insert.apiCalls, result.insert.retries]).toEqual([3, 2])
    expect(result.stats.retries).toBe(4)
    expect(result.stats.apiCallsByOperation.ExecuteStatement).toBe(5)
    expect(result.stats.apiCallsByOperation.GetStatementResult).toBe(3)
  })

  it('a batch through a 500 and connections dropped before and after it ran: applied once', async () => {
    const result = await run(
      layerFor(emulator),
      Effect.gen(function* () {
        const api = yield* DataApi
        const batch = yield* api.batch(
          [
            "INSERT INTO public.events VALUES (2, 'two')",
            "INSERT INTO public.events VALUES (3, 'three')",
          ],
          { mode: 'TRANSACTION' },
        )
        return { batch, n: yield* count, stats: yield* api.stats }
      }),
    )
    expect(result.n).toBe(3)
    expect(result.batch.attempts).toBe(1)
    expect([result.batch.apiCalls, result.batch.retries]).toEqual([4, 3])
    expect(result.stats.apiCallsByOperation.BatchExecuteStatement).toBe(4)
    expect(result.stats.retries).toBe(3)
  })

  it('a 1023 serializable conflict resubmits the whole transaction: applied once', async () => {
    const result = await run(
      layerFor(emulator),
      Effect.gen(function* () {
        const api = yield* DataApi
        const batch = yield* api.batch(
          [
            'CREATE TEMP TABLE staging (LIKE public.events)',
            "INSERT INTO staging VALUES (4, 'four'), (1, 'uno')",
            'MERGE INTO public.events USING staging s ON public.events.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)',
          ],
          { mode: 'TRANSACTION' },
        )
        const all = yield* rows('SELECT id, name FROM public.events ORDER BY id')
        return { batch, all }
      }),
    )
    expect(result.batch.attempts).toBe(2)
    expect(result.all).toEqual([
      { id: 1, name: 'uno' },
      { id: 2, name: 'two' },
      { id: 3, name: 'three' },
      { id: 4, name: 'four' },
    ])
  })
})
