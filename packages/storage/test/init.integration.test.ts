import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedshiftStorage, type TableConflictError, type TableInput } from '../src/index.js'
import { collect, rejection } from './support/collect.js'
import { startTestBed, type TestBed } from './support/emulator.js'

let bed: TestBed
beforeAll(async () => {
  bed = await startTestBed()
})
afterAll(() => bed?.stop())

type Columns = ReadonlyArray<{
  readonly name: string
  readonly type: string
  readonly comment?: string
}>

const version = (name: string, columns: Columns): TableInput => ({
  schema: 'evolve',
  name,
  keys: ['id'],
  columns,
})

const withStorage = async <A>(
  table: TableInput,
  use: (s: RedshiftStorage) => Promise<A>,
): Promise<A> => {
  const storage = new RedshiftStorage({ table, connection: bed.connection() })
  try {
    return await use(storage)
  } finally {
    await storage.close()
  }
}

const columnsOf = async (table: string) =>
  (await bed.client.describeTable({ schema: 'evolve', table })).map((c) => [
    c.name,
    c.typeName,
    c.length || c.precision,
  ])

describe('init', () => {
  it('creates the table once; a second init changes nothing', async () => {
    const table = version('once', [
      { name: 'id', type: 'BIGINT' },
      { name: 'note', type: 'VARCHAR(10)', comment: 'a note' },
    ])
    await withStorage(table, async (storage) => {
      expect(await storage.init()).toMatchObject({ created: true, columnsAdded: [], statements: 3 })
      expect(await storage.init()).toMatchObject({
        created: false,
        columnsAdded: [],
        columnsWidened: [],
        statements: 0,
        // One DescribeTable, and one ListTables for staging tables a crash left behind.
        apiCalls: 2,
      })
    })
  })

  it('evolves a table across runs: adds columns, widens VARCHAR, keeps rows and extra columns', async () => {
    const v1 = version('orders', [
      { name: 'id', type: 'BIGINT' },
      { name: 'note', type: 'VARCHAR(10)' },
    ])
    await withStorage(v1, async (storage) => {
      await storage.saveData([{ id: 1, note: 'short' }])
    })
    await bed.client.execute('ALTER TABLE evolve.orders ADD COLUMN legacy INTEGER')
    const v2 = version('orders', [
      { name: 'id', type: 'BIGINT' },
      { name: 'note', type: 'VARCHAR(200)' },
      { name: 'total', type: 'DECIMAL(12,2)', comment: 'with tax' },
      { name: 'tags', type: 'SUPER' },
    ])
    await withStorage(v2, async (storage) => {
      expect(await storage.init()).toMatchObject({
        created: false,
        columnsAdded: ['total', 'tags'],
        columnsWidened: ['note'],
        extraColumns: ['legacy'],
      })
      await storage.saveData([
        { id: 2, note: 'a note longer than ten bytes', total: '9.99', tags: ['x'] },
      ])
      expect(await collect(storage.read())).toEqual([
        { id: 1n, note: 'short', total: null, tags: null },
        { id: 2n, note: 'a note longer than ten bytes', total: '9.99', tags: ['x'] },
      ])
    })
    expect((await columnsOf('orders')).map(([name, type]) => `${name} ${type}`)).toEqual([
      'id int8',
      'note varchar',
      'legacy int4',
      'total numeric',
      'tags super',
    ])
    expect((await columnsOf('orders'))[1]?.[2]).toBe(200)
    const [comment] = await bed.client.query(
      `SELECT col_description(c.oid, 4) AS d FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'evolve' AND c.relname = 'orders'`,
    )
    expect(comment).toEqual({ d: 'with tax' })
  })

  it('never narrows: a model shorter than the table is fine, a conflicting type changes nothing', async () => {
    const wide = version('wide', [
      { name: 'id', type: 'INTEGER' },
      { name: 'note', type: 'VARCHAR(500)' },
      { name: 'at', type: 'TIMESTAMP' },
    ])
    await withStorage(wide, (storage) => storage.init())
    const narrower = version('wide', [
      { name: 'id', type: 'INTEGER' },
      { name: 'note', type: 'VARCHAR(50)' },
      { name: 'at', type: 'TIMESTAMP' },
    ])
    await withStorage(narrower, async (storage) => {
      expect(await storage.init()).toMatchObject({ columnsAdded: [], columnsWidened: [] })
    })
    const conflicting = version('wide', [
      { name: 'id', type: 'BIGINT' },
      { name: 'note', type: 'VARCHAR(500)' },
      { name: 'at', type: 'TIMESTAMPTZ' },
      { name: 'extra', type: 'BOOLEAN' },
    ])
    await withStorage(conflicting, async (storage) => {
      const error = (await rejection(() => storage.init())) as TableConflictError
      expect(error._tag).toBe('TableConflictError')
      expect(error.conflicts.map((c) => [c.column, c.liveType, c.modelType])).toEqual([
        ['id', 'int4', 'BIGINT'],
        ['at', 'timestamp', 'TIMESTAMPTZ'],
      ])
      expect(error.message).toContain('nothing was changed')
      expect(error.message).toContain('Fix:')
    })
    // Nothing was added by the failed init.
    expect((await columnsOf('wide')).map(([name]) => name)).toEqual(['id', 'note', 'at'])
  })
})
