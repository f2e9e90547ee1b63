import { type Emulator, startEmulator } from '@redstore/emulator'
import { type PostgresServer, startPostgresServer } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedshiftStorage, type SaveSummary, type TableInput } from '../src/index.js'
import { collect } from './support/collect.js'
import { connectionTo } from './support/emulator.js'

// The PostgreSQL backend runs sessions at once under SERIALIZABLE: concurrent writers meet real
// serialization failures (Redshift's 1023), which the Data API client retries.
let server: PostgresServer
let emulator: Emulator
beforeAll(async () => {
  server = await startPostgresServer()
  emulator = await startEmulator({ backend: { postgresUrl: server.url } })
})
afterAll(async () => {
  await emulator?.stop()
  await server?.stop()
})

const columns = [
  { name: 'id', type: 'BIGINT' },
  { name: 'writer', type: 'VARCHAR(16)' },
  { name: 'n', type: 'INTEGER' },
]

const table = (
  name: string,
  extra: ReadonlyArray<{ name: string; type: string }> = [],
): TableInput => ({
  schema: 'race',
  name,
  keys: ['id'],
  columns: [...columns, ...extra],
})

const WRITERS = 8
const SHARED = 100
const OWN = 150

describe.each([1, 3])('%i-way staging', (concurrency) => {
  it(`${WRITERS} writers on one new table all land`, async () => {
    const name = `orders_${concurrency}`
    const writers = Array.from(
      { length: WRITERS },
      () =>
        new RedshiftStorage({
          table: table(name),
          connection: connectionTo(emulator),
          concurrency,
        }),
    )
    try {
      // Each writer creates the table (lazily, all at once) and upserts the shared keys and its own.
      const summaries: Array<SaveSummary> = await Promise.all(
        writers.map((storage, w) =>
          storage.saveData([
            ...Array.from({ length: SHARED }, (_, i) => ({ id: i, writer: `w${w}`, n: i })),
            ...Array.from({ length: OWN }, (_, i) => ({
              id: 1000 * (w + 1) + i,
              writer: `w${w}`,
              n: i,
            })),
          ]),
        ),
      )
      for (const summary of summaries) expect(summary.rowsWritten).toBe(SHARED + OWN)
      const stored = await collect(writers[0]!.read())
      expect(stored).toHaveLength(SHARED + WRITERS * OWN)
      // Every writer's shared keys landed in one transaction: one writer's values won them all.
      const sharedWriters = new Set(
        stored.filter((r) => Number(r['id']) < SHARED).map((r) => r['writer']),
      )
      expect(sharedWriters.size).toBe(1)
      for (let w = 0; w < WRITERS; w++) {
        const own = stored.filter(
          (r) => Number(r['id']) >= 1000 * (w + 1) && Number(r['id']) < 1000 * (w + 2),
        )
        expect(own).toHaveLength(OWN)
        expect(own.every((r) => r['writer'] === `w${w}`)).toBe(true)
      }
      const retries = summaries.reduce((sum, s) => sum + s.retries, 0)
      console.info(`${WRITERS} writers, ${concurrency}-way staging: ${retries} retries in all`)
    } finally {
      await Promise.all(writers.map((s) => s.close()))
    }
  })
})

it('concurrent init of one evolving table: columns added by another writer count as success', async () => {
  const wider = table('evolving', [{ name: 'extra', type: 'VARCHAR(10)' }])
  const first = new RedshiftStorage({
    table: table('evolving'),
    connection: connectionTo(emulator),
  })
  await first.init()
  await first.close()
  const storages = Array.from(
    { length: WRITERS },
    () => new RedshiftStorage({ table: wider, connection: connectionTo(emulator) }),
  )
  try {
    const results = await Promise.all(storages.map((s) => s.init()))
    expect(results.filter((r) => r.columnsAdded.includes('extra')).length).toBeGreaterThanOrEqual(1)
    for (const r of results) expect(r.created).toBe(false)
    await storages[0]!.saveData([{ id: 1, extra: 'ok' }])
    expect((await collect(storages[0]!.read())).map((r) => r['extra'])).toEqual(['ok'])
  } finally {
    await Promise.all(storages.map((s) => s.close()))
  }
})
