import { staticKeys } from '@redstore/data-api'
import { type Emulator, startEmulator } from '@redstore/emulator'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  AbstractConfig,
  AwsRedshiftStorage,
  type GeneratedStorageOptions,
  RedshiftStorage,
  staticKeys as reexportedStaticKeys,
  type SaveSummary,
} from '../src/index.js'

let emulator: Emulator
beforeAll(async () => {
  // The snippet's workgroup 'wg' is under the service's 3-character minimum: 'wg1' stands in.
  emulator = await startEmulator({ workgroups: ['wg1'] })
})
afterAll(() => emulator?.stop())

it("runs the issue's snippet as written, against the emulator", async () => {
  const endpoint = emulator.endpoint
  const { accessKeyId, secretAccessKey } = emulator.credentials
  const rows = [
    { id: 1, status: 'new' },
    { id: 2, status: 'paid' },
  ]
  const seen: Array<number> = []
  const bar = { update: (n: number) => seen.push(n) }

  const storage = new RedshiftStorage({
    table: {
      schema: 'shop',
      name: 'orders',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT', nullable: false },
        { name: 'status', type: 'VARCHAR(16)' },
      ],
    },
    connection: {
      workgroupName: 'wg1',
      database: 'dev',
      region: 'us-east-1',
      endpoint,
      credentials: staticKeys({ accessKeyId, secretAccessKey }),
    },
  })
  await storage.init()
  const summary = await storage.saveData(rows, { onProgress: (p) => bar.update(p.rowsWritten) })
  const records: Array<Record<string, unknown>> = []
  for await (const record of storage.read()) {
    records.push(record)
  }
  await storage.close()

  const fields: ReadonlyArray<keyof SaveSummary> = [
    'rowsReceived',
    'rowsWritten',
    'duplicateKeysCollapsed',
    'batches',
    'statements',
    'apiCalls',
    'retries',
    'durationMs',
  ]
  for (const field of fields) expect(typeof summary[field]).toBe('number')
  expect(summary).toMatchObject({
    rowsReceived: 2,
    rowsWritten: 2,
    duplicateKeysCollapsed: 0,
    retries: 0,
  })
  expect(seen).toEqual([2])
  expect(records).toEqual([
    { id: 1n, status: 'new' },
    { id: 2n, status: 'paid' },
  ])
  expect(reexportedStaticKeys).toBe(staticKeys)
  expect(typeof AwsRedshiftStorage).toBe('function')
  expect(new AbstractConfig({ A: 1 }).getValue('A')).toBe(1)
})

interface OrdersRow {
  readonly id: number | bigint
  readonly status?: string | null
}
interface OrdersRecord {
  readonly id: bigint
  readonly status: string | null
}

/** The shape generated classes take: the table carried by the class, the rest from the caller. */
class OrdersStorage extends RedshiftStorage<OrdersRow, OrdersRecord> {
  constructor(options: GeneratedStorageOptions = {}) {
    super({
      ...options,
      table: {
        schema: 'shop',
        name: 'typed_orders',
        keys: ['id'],
        columns: [
          { name: 'id', type: 'BIGINT' },
          { name: 'status', type: 'VARCHAR(16)' },
        ],
      },
    })
  }
}

it('a typed subclass takes its Row type and reads its Record type', async () => {
  const storage = new OrdersStorage({
    connection: {
      workgroupName: 'wg1',
      database: 'dev',
      region: emulator.region,
      endpoint: emulator.endpoint,
      credentials: staticKeys(emulator.credentials),
    },
  })
  try {
    await storage.saveData([{ id: 1n, status: 'a' }, { id: 2 }])
    // @ts-expect-error a string is not a BIGINT key
    const wrong: Parameters<OrdersStorage['saveData']>[0] = [{ id: 'three' }]
    expect(wrong).toHaveLength(1)
    const ids: Array<bigint> = []
    for await (const record of storage.read()) {
      const id: bigint = record.id
      // @ts-expect-error records carry no field the Record type lacks
      expect(record.total).toBeUndefined()
      ids.push(id)
    }
    expect(ids).toEqual([1n, 2n])
  } finally {
    await storage.close()
  }
})
