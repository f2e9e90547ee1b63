import { type Emulator, type FaultRule, startEmulator } from '@redstore/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedshiftStorage } from '../src/index.js'
import { collect } from './support/collect.js'
import { connectionTo } from './support/emulator.js'
import { statementsSent } from './support/statementsSent.js'

// Seeded faults on every operation: throttling, 500s, answers lost after the call ran, and
// serializable-isolation failures (1023) of whole statements.
const rules: ReadonlyArray<FaultRule> = [
  { kind: 'throttling', rate: 0.1 },
  { kind: 'internal', rate: 0.05 },
  { kind: 'drop-connection', afterExecute: true, rate: 0.04 },
  { kind: 'serializable', operation: 'BatchExecuteStatement', rate: 0.05 },
]

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ faults: { seed: 11, rules } })
})
afterAll(() => emulator?.stop())

const rowsOf = (revision: string) =>
  Array.from({ length: 1500 }, (_, i) => ({
    id: i % 1000,
    v: `${revision}-${i}`,
    note: i % 3 === 0 ? undefined : `n${i}`,
  }))

describe.each([1, 4])('under injected faults, with concurrency %i', (concurrency) => {
  it('every row lands exactly once, each key with its last write', async () => {
    const name = `faulty_${concurrency}`
    const storage = new RedshiftStorage({
      table: {
        schema: 'faults',
        name,
        keys: ['id'],
        columns: [
          { name: 'id', type: 'INTEGER' },
          { name: 'v', type: 'VARCHAR(32)' },
          { name: 'note', type: 'VARCHAR(32)' },
        ],
      },
      connection: connectionTo(emulator),
      concurrency,
      maxStatementBytes: 1024,
      maxStatementsPerBatch: 6,
    })
    try {
      const before = (await statementsSent(emulator, 'FINISHED')).length
      const rows = rowsOf('a')
      const summary = await storage.saveData(rows)
      expect(summary.retries).toBeGreaterThan(0)
      expect(summary.batches).toBeGreaterThan(concurrency === 1 ? 5 : 1)
      const expected = new Map<number, { v: string; note: string | null }>()
      for (const row of rows) {
        const earlier = expected.get(row.id)
        expected.set(row.id, { v: row.v, note: row.note ?? earlier?.note ?? null })
      }
      const stored = await collect(storage.read())
      expect(stored).toHaveLength(1000)
      for (const record of stored) {
        expect({ v: record['v'], note: record['note'] }).toEqual(expected.get(Number(record['id'])))
      }
      // No MERGE ran twice: each staging table was merged by exactly one finished statement.
      const merges = (await statementsSent(emulator, 'FINISHED'))
        .slice(before)
        .filter((sql) => sql.startsWith('MERGE INTO'))
      const sources = merges.map((sql) => /USING ("[^\n]+")/.exec(sql)?.[1])
      const seen = new Set<string | undefined>()
      const twice = sources.filter((s) => seen.has(s) || !seen.add(s))
      expect(twice).toEqual([])
    } finally {
      await storage.close()
    }
  })
})
