import { runCli } from '@redstore/codegen'
import { describe, expect, it } from 'vitest'
import { runQuickstart } from '../src/quickstart.js'

describe('quickstart', () => {
  it('keeps its generated storage classes current with the schema file', async () => {
    const lines: Array<string> = []
    const code = await runCli(['--check'], {
      cwd: new URL('..', import.meta.url).pathname,
      stdout: (line) => lines.push(line),
      stderr: (line) => lines.push(line),
    })
    expect(lines.join('\n')).toMatch(/^redstore-codegen --check: 2 tables, 4 up to date/)
    expect(code).toBe(0)
  })

  it('lands both loads through the generated classes and reads them back as typed records', async () => {
    const lines: Array<string> = []
    const { records, summaries, columnsAdded } = await runQuickstart((line) => lines.push(line), {
      useEnvironment: false,
    })
    expect(records).toEqual([
      {
        id: 1n,
        name: "O'Reilly",
        note: 'ends with a backslash \\',
        tags: ['vip'],
        signedUp: null,
        balance: '10.50',
        email: null,
      },
      {
        id: 2n,
        name: 'Quoted Ltd',
        note: 'kept on the next load',
        tags: { tier: 2 },
        signedUp: null,
        balance: '0.00',
        email: 'hello@quoted.example',
      },
      {
        id: 3n,
        name: 'second of two',
        note: "'); DROP TABLE quickstart.customers; --",
        tags: null,
        signedUp: '2026-01-02 03:04:05.123+00',
        balance: '1.00',
        email: null,
      },
      {
        id: 4n,
        name: 'Newcomer',
        note: null,
        tags: null,
        signedUp: '2026-12-01 12:00:00.000001+00',
        balance: null,
        email: null,
      },
    ])
    expect(columnsAdded).toEqual(['email'])
    expect(summaries.map((s) => [s.rowsReceived, s.rowsWritten, s.duplicateKeysCollapsed])).toEqual(
      [
        [3, 3, 0],
        [4, 3, 1],
      ],
    )
    expect(summaries.every((s) => s.retries === 0)).toBe(true)
    expect(lines).toContain('created quickstart.customers')
    expect(
      lines.some((l) =>
        /^second load: 3 rows written in 1 batch, \d+ statements, \d+ API calls \(1 duplicate key collapsed\)$/.test(
          l,
        ),
      ),
    ).toBe(true)
  })
})
