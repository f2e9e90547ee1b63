import { describe, expect, it } from 'vitest'
import { runQuickstart } from '../src/quickstart.js'

describe('quickstart', () => {
  it('lands both loads through the SDK and the emulator exactly as upsert semantics say', async () => {
    const lines: Array<string> = []
    const { rows, batches, stats } = await runQuickstart((line) => lines.push(line))
    expect(rows).toEqual([
      {
        id: 1,
        name: "O'Reilly",
        note: 'ends with a backslash \\',
        tags: '["vip"]',
        signedup: null,
        balance: '10.50',
      },
      {
        id: 2,
        name: 'Quoted Ltd',
        note: 'kept on the next load',
        tags: '{"tier":2}',
        signedup: null,
        balance: '0.00',
      },
      {
        id: 3,
        name: 'second of two',
        note: "'); DROP TABLE quickstart.customers; --",
        tags: null,
        signedup: '2026-01-02 03:04:05.123+00',
        balance: '1.00',
      },
      {
        id: 4,
        name: 'Newcomer',
        note: null,
        tags: null,
        signedup: '2026-12-01 12:00:00.000001+00',
        balance: null,
      },
    ])
    expect(batches).toBe(2)
    expect(stats.retries).toBe(0)
    expect(stats.statementsFailed).toBe(0)
    expect(lines.some((line) => line.includes('1 duplicate keys collapsed'))).toBe(true)
  })
})
