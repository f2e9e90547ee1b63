import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedshiftStorage, type TableInput } from '../src/index.js'
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
    { name: 'customerEmail', type: 'VARCHAR(320)' },
    { name: 'total', type: 'DECIMAL(12,2)' },
    { name: 'meta', type: 'SUPER' },
    { name: 'placedAt', type: 'TIMESTAMPTZ' },
  ],
})

const collect = async <A>(iterable: AsyncIterable<A>): Promise<Array<A>> => {
  const out: Array<A> = []
  for await (const a of iterable) out.push(a)
  return out
}

describe.each([1, 4])('saveData with concurrency %i', (concurrency) => {
  it('creates the table, upserts and reads rows back', async () => {
    const storage = new RedshiftStorage({
      table: ordersTable(bed.fresh(`orders_c${concurrency}`)),
      connection: bed.connection(),
      concurrency,
    })
    try {
      const init = await storage.init()
      expect(init.created).toBe(true)
      const first = await storage.saveData([
        { id: 1, customerEmail: "o'brien@example.com", total: '10.50', meta: { tags: ['a'] } },
        { id: 2, customerEmail: 'back\\slash', total: 3, placedAt: '2026-01-02T03:04:05.123456Z' },
      ])
      expect(first).toMatchObject({ rowsReceived: 2, rowsWritten: 2, batches: 1 })
      const second = await storage.saveData([{ id: 2, total: '4.00' }, { id: 3, meta: null }])
      expect(second.rowsWritten).toBe(2)
      expect(await collect(storage.read())).toEqual([
        {
          id: 1n,
          customeremail: "o'brien@example.com",
          total: '10.50',
          meta: { tags: ['a'] },
          placedat: null,
        },
        {
          id: 2n,
          customeremail: 'back\\slash',
          total: '4.00',
          meta: null,
          placedat: '2026-01-02 03:04:05.123456+00',
        },
        { id: 3n, customeremail: null, total: null, meta: null, placedat: null },
      ])
    } finally {
      await storage.close()
    }
  })
})
