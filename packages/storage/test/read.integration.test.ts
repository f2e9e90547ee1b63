import { DataApi, DataApiConfig } from '@redstore/data-api'
import { Effect, Layer, Stream } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedshiftStorage, Storage, type StorageError } from '../src/index.js'
import { collect } from './support/collect.js'
import { fastRetries, startTestBed, type TestBed } from './support/emulator.js'

let bed: TestBed
beforeAll(async () => {
  bed = await startTestBed({ limits: { resultPageRows: 50 } })
})
afterAll(() => bed?.stop())

const table = {
  schema: 'reading',
  name: 'events',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'big', type: 'BIGINT' },
    { name: 'small', type: 'SMALLINT' },
    { name: 'price', type: 'DECIMAL(12,3)' },
    { name: 'ratio', type: 'REAL' },
    { name: 'ok', type: 'BOOLEAN' },
    { name: 'code', type: 'CHAR(3)' },
    { name: 'day', type: 'DATE' },
    { name: 'at', type: 'TIMESTAMP' },
    { name: 'at_tz', type: 'TIMESTAMPTZ' },
    { name: 't', type: 'TIME' },
    { name: 'doc', type: 'SUPER' },
    { name: 'bytes', type: 'VARBYTE(16)' },
  ],
} as const

describe('read', () => {
  it('decodes every type and pages through the whole table in key order', async () => {
    const storage = new RedshiftStorage({ table, connection: bed.connection() })
    try {
      const rows = Array.from({ length: 230 }, (_, i) => ({ id: 229 - i, small: i }))
      rows.push({
        id: 1000,
        big: 2n ** 62n,
        small: -7,
        price: '123456789.125',
        ratio: 0.5,
        ok: true,
        code: 'abc',
        day: '2026-02-28',
        at: '2026-02-28T23:59:59.999999',
        at_tz: new Date('2026-02-28T23:59:59.123Z'),
        t: '12:34:56.789',
        doc: { a: [1, 'two', null, { b: false }] },
        bytes: new Uint8Array([0, 255, 16]),
      } as never)
      await storage.saveData(rows)
      const stored = await collect(storage.read())
      expect(stored).toHaveLength(231)
      expect(stored.map((r) => r['id'])).toEqual([
        ...Array.from({ length: 230 }, (_, i) => BigInt(i)),
        1000n,
      ])
      expect(stored.at(-1)).toEqual({
        id: 1000n,
        big: 2n ** 62n,
        small: -7,
        price: '123456789.125',
        ratio: 0.5,
        ok: true,
        code: 'abc',
        day: '2026-02-28',
        at: '2026-02-28 23:59:59.999999',
        at_tz: '2026-02-28 23:59:59.123+00',
        t: '12:34:56.789',
        doc: { a: [1, 'two', null, { b: false }] },
        bytes: new Uint8Array([0, 255, 16]),
      })
      expect(await collect(storage.read({ limit: 3 }))).toHaveLength(3)
      expect((await collect(storage.read({ orderBy: 'none' }))).length).toBe(231)
    } finally {
      await storage.close()
    }
  })

  it('is a Stream in the Effect API', async () => {
    const layer = Storage.layer({ table }).pipe(
      Layer.provide(DataApi.layer({ retrySchedule: fastRetries })),
      Layer.provide(DataApiConfig.layer(bed.connection())),
    )
    const program = Effect.gen(function* () {
      const storage = yield* Storage
      yield* storage.saveData([{ id: 5000, code: 'zzz' }])
      const all = yield* Stream.runCollect(storage.read({ orderBy: 'keys' }))
      const model = yield* storage.model
      return { count: all.length, last: all.at(-1), model }
    })
    const result = await Effect.runPromise(Effect.provide(program, layer))
    expect(result.count).toBe(232)
    expect(result.last).toMatchObject({ id: 5000n, code: 'zzz' })
    expect(result.model.name).toBe('events')
    const failure: StorageError = await Effect.runPromise(
      Effect.provide(
        Effect.flip(Effect.flatMap(Storage, (s) => s.saveData([{ id: 1, small: 1e9 }]))),
        layer,
      ),
    )
    expect(failure._tag).toBe('InvalidRowsError')
  })
})
