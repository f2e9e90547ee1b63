import { ListStatementsCommand } from '@aws-sdk/client-redshift-data'
import { dataApiClient } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type InvalidRowsError,
  RedshiftStorage,
  type RedshiftStorageOptions,
  type SaveError,
  type SaveProgress,
  type TableInput,
} from '../src/index.js'
import { collect, rejection, streamOf } from './support/collect.js'
import { startTestBed, type TestBed } from './support/emulator.js'

let bed: TestBed
beforeAll(async () => {
  bed = await startTestBed()
})
afterAll(() => bed?.stop())

const ordersTable = (name: string): TableInput => ({
  schema: 'shop',
  name,
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'email', type: 'VARCHAR(320)' },
    { name: 'total', type: 'DECIMAL(12,2)' },
    { name: 'meta', type: 'SUPER' },
    { name: 'placed_at', type: 'TIMESTAMPTZ' },
  ],
})

/** A storage of a fresh table; closed after `use`. */
const withStorage = async <A>(
  options: Partial<RedshiftStorageOptions> & { readonly prefix?: string },
  use: (storage: RedshiftStorage, table: string) => Promise<A>,
): Promise<A> => {
  const name = bed.fresh(options.prefix ?? 'orders')
  const storage = new RedshiftStorage({
    table: ordersTable(name),
    connection: bed.connection(),
    ...options,
  })
  try {
    return await use(storage, name)
  } finally {
    await storage.close()
  }
}

const countRows = async (table: string): Promise<number> => {
  const [row] = await bed.client.query(`SELECT COUNT(*) AS n FROM shop.${table}`)
  return Number(row?.['n'])
}

describe.each([1, 4])('with concurrency %i', (concurrency) => {
  it('creates the table, upserts and reads rows back', async () => {
    await withStorage({ concurrency }, async (storage, table) => {
      expect((await storage.init()).created).toBe(true)
      const first = await storage.saveData([
        { id: 1, email: "o'brien@example.com", total: '10.50', meta: { tags: ['a'] } },
        { id: 2, email: 'back\\slash', total: 3, placed_at: '2026-01-02T03:04:05.123456Z' },
      ])
      expect(first).toMatchObject({
        rowsReceived: 2,
        rowsWritten: 2,
        duplicateKeysCollapsed: 0,
        batches: 1,
        method: 'insert',
        columnsAdded: [],
      })
      expect(first.apiCalls).toBeGreaterThanOrEqual(1)
      expect(first.saveId).toMatch(/^[0-9a-z]+_[0-9a-z]{8}$/)
      const lister = dataApiClient(bed.emulator)
      const named = await lister
        .send(
          new ListStatementsCommand({ StatementName: `redstore:shop.${table}:${first.saveId}:b0` }),
        )
        .finally(() => lister.destroy())
      expect(
        named.Statements?.map((s) => s.StatementName?.split(':').slice(3).join(':')).sort(),
      ).toEqual(concurrency === 1 ? ['b0'] : ['b0:create', 'b0:merge', 'b0:stage0', 'b0:stage1'])
      expect(first.statements).toBeGreaterThanOrEqual(3)
      await storage.saveData([
        { id: 2, total: '4.00' },
        { id: 3, meta: null },
      ])
      expect(await collect(storage.read())).toEqual([
        {
          id: 1n,
          email: "o'brien@example.com",
          total: '10.50',
          meta: { tags: ['a'] },
          placed_at: null,
        },
        {
          id: 2n,
          email: 'back\\slash',
          total: '4.00',
          meta: null,
          placed_at: '2026-01-02 03:04:05.123456+00',
        },
        { id: 3n, email: null, total: null, meta: null, placed_at: null },
      ])
    })
  })

  it('keeps stored values of absent fields, writes NULL for null, and lets the last duplicate win', async () => {
    await withStorage({ concurrency }, async (storage) => {
      await storage.saveData([{ id: 1, email: 'a@x', total: 1 }])
      const summary = await storage.saveData([
        { id: 1, total: null },
        { id: 2, email: 'first' },
        { id: 2, email: 'second', total: '2.50' },
        { id: 2, meta: [1, 2] },
      ])
      expect(summary).toMatchObject({ rowsReceived: 4, rowsWritten: 2, duplicateKeysCollapsed: 2 })
      expect(await collect(storage.read())).toEqual([
        { id: 1n, email: 'a@x', total: null, meta: null, placed_at: null },
        { id: 2n, email: 'second', total: '2.50', meta: [1, 2], placed_at: null },
      ])
    })
  })

  it('runs many batches in input order, so the last write of a key wins across batches', async () => {
    await withStorage(
      { concurrency, maxStatementBytes: 1024, maxStatementsPerBatch: 4 },
      async (storage) => {
        const rows = Array.from({ length: 1200 }, (_, i) => ({
          id: i % 100,
          email: `v${i}-${'x'.repeat(i % 40)}`,
        }))
        const progress: Array<SaveProgress> = []
        const summary = await storage.saveData(rows, { onProgress: (p) => progress.push(p) })
        expect(summary.batches).toBeGreaterThan(3)
        expect(progress).toHaveLength(summary.batches)
        for (let i = 1; i < progress.length; i++) {
          expect(progress[i]?.rowsLanded).toBeGreaterThan(progress[i - 1]?.rowsLanded ?? 0)
          expect(progress[i]?.rowsWritten).toBeGreaterThan(progress[i - 1]?.rowsWritten ?? 0)
        }
        expect(progress.at(-1)).toMatchObject({ rowsLanded: 1200, batches: summary.batches })
        const stored = await collect(storage.read())
        expect(stored).toHaveLength(100)
        for (const record of stored) {
          const id = Number(record['id'])
          expect(record['email']).toBe(rows[1100 + id]?.email)
        }
      },
    )
  })

  it('sends nothing when any row of an array is bad, and lists every bad row', async () => {
    await withStorage({ concurrency }, async (storage, table) => {
      await storage.init()
      const error = (await rejection(() =>
        storage.saveData([
          { id: 1, email: 'fine' },
          { id: null, email: 'no key' },
          { id: 3, total: 'not a number' },
          { id: 4, email: 'x'.repeat(321) },
          { id: 5, nope: 1 },
        ]),
      )) as InvalidRowsError
      expect(error._tag).toBe('InvalidRowsError')
      expect(error.errors.map((e) => [e._tag, 'rowIndex' in e ? e.rowIndex : -1])).toEqual([
        ['NullKeyError', 1],
        ['ValueEncodingError', 2],
        ['ValueEncodingError', 3],
        ['UnknownColumnError', 4],
      ])
      expect(error.message).toContain('nothing was written')
      expect(error.message).toContain('"total"')
      expect(await countRows(table)).toBe(0)
    })
  })

  it('checks an array before init: an invalid first save creates nothing', async () => {
    await withStorage({ concurrency }, async (storage, table) => {
      const error = await rejection(() => storage.saveData([{ id: 1 }, { id: 2, total: 'x' }]))
      expect((error as InvalidRowsError)._tag).toBe('InvalidRowsError')
      expect(await bed.client.describeTable({ schema: 'shop', table })).toEqual([])
    })
  })

  it('lands every row before a bad row of a stream, and says so', async () => {
    await withStorage(
      { concurrency, maxStatementBytes: 1024, maxStatementsPerBatch: 4 },
      async (storage, table) => {
        const rows = Array.from({ length: 120 }, (_, i) =>
          i === 77 ? { id: i, total: 'bad' } : { id: i, email: `row ${i} ${'y'.repeat(30)}` },
        )
        const error = (await rejection(() => storage.saveData(streamOf(rows)))) as SaveError
        expect(error._tag).toBe('SaveError')
        expect(error.rowsLanded).toBe(77)
        expect(error.cause).toMatchObject({
          _tag: 'ValueEncodingError',
          rowIndex: 77,
          column: 'total',
        })
        expect(error.message).toContain('rows from 77 on did not land')
        expect(await countRows(table)).toBe(77)
        const [last] = await bed.client.query(`SELECT MAX(id) AS m FROM shop.${table}`)
        expect(Number(last?.['m'])).toBe(76)
      },
    )
  })

  it('reports a source that throws, after landing the rows it gave', async () => {
    await withStorage({ concurrency }, async (storage, table) => {
      const rows = Array.from({ length: 40 }, (_, i) => ({ id: i }))
      const error = (await rejection(() => storage.saveData(streamOf(rows, 30)))) as SaveError
      expect(error._tag).toBe('SaveError')
      expect(error.rowsLanded).toBe(30)
      expect(error.cause).toMatchObject({ _tag: 'SourceError', rowIndex: 30 })
      expect(await countRows(table)).toBe(30)
    })
  })

  it('takes a sync iterable (a generator) as a stream', async () => {
    await withStorage({ concurrency }, async (storage, table) => {
      function* rows() {
        for (let i = 0; i < 1000; i++) yield { id: i, email: `e${i}` }
      }
      const summary = await storage.saveData(rows())
      expect(summary).toMatchObject({ rowsReceived: 1000, rowsWritten: 1000 })
      expect(await countRows(table)).toBe(1000)
    })
  })
})

describe('unknown fields', () => {
  it('fail by default, are dropped with ignore', async () => {
    await withStorage({}, async (storage) => {
      const error = (await rejection(() =>
        storage.saveData([{ id: 1, extra: 1 }]),
      )) as InvalidRowsError
      expect(error.errors[0]).toMatchObject({ _tag: 'UnknownColumnError', column: 'extra' })
    })
    await withStorage({ unknownFields: 'ignore' }, async (storage) => {
      await storage.saveData([{ id: 1, extra: 1, email: 'kept' }])
      expect(await collect(storage.read())).toEqual([
        { id: 1n, email: 'kept', total: null, meta: null, placed_at: null },
      ])
    })
  })

  it('become columns of the type their values suggest with addColumn, in arrays and streams', async () => {
    await withStorage({ unknownFields: 'addColumn' }, async (storage, table) => {
      const first = await storage.saveData([
        { id: 1, score: 1, nickName: 'ann', tags: ['a'], onlyNull: null },
        { id: 2, score: 2.5, seenAt: new Date('2026-01-01T00:00:00Z'), active: true },
      ])
      expect([...first.columnsAdded].sort()).toEqual([
        'active',
        'nickname',
        'score',
        'seenat',
        'tags',
      ])
      const second = await storage.saveData(
        streamOf([
          { id: 3, score: 3 },
          { id: 4, lateField: 'late' },
          { id: 5, lateField: 'x' },
        ]),
      )
      expect(second.columnsAdded).toEqual(['latefield'])
      const columns = await bed.client.describeTable({ schema: 'shop', table })
      const typeOf = (name: string) => columns.find((c) => c.name === name)?.typeName
      expect(typeOf('score')).toBe('float8')
      expect(typeOf('nickname')).toBe('varchar')
      expect(typeOf('tags')).toBe('super')
      expect(typeOf('seenat')).toBe('timestamptz')
      expect(typeOf('active')).toBe('bool')
      expect(typeOf('onlynull')).toBeUndefined()
      const records = await collect(storage.read())
      expect(records.map((r) => [r['id'], r['nickName'], r['lateField']])).toEqual([
        [1n, 'ann', null],
        [2n, null, null],
        [3n, null, null],
        [4n, null, 'late'],
        [5n, null, 'x'],
      ])
    })
  })

  it('whose values need different types are an error naming the field', async () => {
    await withStorage({ unknownFields: 'addColumn' }, async (storage, table) => {
      const error = (await rejection(() =>
        storage.saveData([
          { id: 1, score: 1 },
          { id: 2, score: 'high' },
        ]),
      )) as InvalidRowsError
      expect(error.errors[0]).toMatchObject({
        _tag: 'UnknownFieldTypeError',
        field: 'score',
        rowIndex: 1,
      })
      expect(await bed.client.describeTable({ schema: 'shop', table })).toEqual([])
    })
  })
})

describe('staging', () => {
  it('leaves no staging tables behind after parallel saves, successful or not', async () => {
    await withStorage({ concurrency: 4, maxStatementBytes: 1024 }, async (storage) => {
      await storage.saveData(Array.from({ length: 200 }, (_, i) => ({ id: i, email: `e${i}` })))
      await rejection(() =>
        storage.saveData(
          streamOf([...Array.from({ length: 50 }, (_, i) => ({ id: i })), { id: 51, total: 'x' }]),
        ),
      )
      const staging = await bed.client.listTables({
        schemaPattern: 'shop',
        tablePattern: 'redstore_stage%',
      })
      expect(staging).toEqual([])
    })
  })

  it('drops staging tables a crash left behind more than a day ago, and only those', async () => {
    const old = (Date.now() - 25 * 3600_000).toString(36)
    const young = (Date.now() - 3600_000).toString(36)
    await bed.client.batch([
      'CREATE SCHEMA IF NOT EXISTS stage_sweep',
      `CREATE TABLE stage_sweep.redstore_stage_${old}_abcdefgh_b0_g0 (id INT)`,
      `CREATE TABLE stage_sweep.redstore_stage_${young}_abcdefgh_b0_g0 (id INT)`,
      'CREATE TABLE stage_sweep.redstore_stage_unrelated (id INT)',
    ])
    await withStorage({ concurrency: 2, stagingSchema: 'stage_sweep' }, async (storage) => {
      expect((await storage.init()).staleStagingTablesDropped).toBe(1)
    })
    const left = await bed.client.listTables({ schemaPattern: 'stage_sweep' })
    expect(left.map((t) => t.name).sort()).toEqual([
      `redstore_stage_${young}_abcdefgh_b0_g0`,
      'redstore_stage_unrelated',
    ])
  })

  it('keeps temp tables from piling up in a reused session', async () => {
    await withStorage(
      { concurrency: 1, reuseSession: true, maxStatementBytes: 1024 },
      async (storage) => {
        for (let run = 0; run < 3; run++) {
          await storage.saveData(
            Array.from({ length: 100 }, (_, i) => ({ id: i, email: `r${run}` })),
          )
        }
        const left = await bed.client.query(
          `SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE 'redstore_stage%' AND n.nspname NOT IN ('shop', 'stage_sweep')`,
        )
        expect(left).toEqual([])
        const stored = await collect(storage.read())
        expect(stored.every((r) => r['email'] === 'r2')).toBe(true)
      },
    )
  })
})
