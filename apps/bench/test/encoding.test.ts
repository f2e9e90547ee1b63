import { describe, expect, it } from 'vitest'
import { runEncodingBench } from '../src/encodingBench.js'

describe('encoding benchmark at a tiny size', () => {
  it('measures every target on both tables, relative to JSON.stringify', async () => {
    const lines: Array<string> = []
    const report = await runEncodingBench(
      { rows: 200, repetitions: 3 },
      (line) => lines.push(line),
      'test',
    )
    expect(report.name).toBe('encoding')
    expect(report.cases.map((c) => [c.columns, c.target])).toEqual([
      [12, 'JSON.stringify'],
      [12, 'planUpsert'],
      [12, 'encodeCopyRecord'],
      [10, 'JSON.stringify'],
      [10, 'planUpsert'],
      [10, 'encodeCopyRecord'],
    ])
    for (const c of report.cases) {
      expect(c.rows).toBe(200)
      expect(c.repetitions).toBe(3)
      expect(c.cpuSeconds).toBeGreaterThanOrEqual(0)
      expect(c.rowsPerCpuSecond).toBeGreaterThan(0)
      expect(c.outputMiB).toBeGreaterThan(0)
      expect(c.ratioToJson).toBeGreaterThan(0)
    }
    expect(
      report.cases.filter((c) => c.target === 'JSON.stringify').map((c) => c.ratioToJson),
    ).toEqual([1, 1])
    // The 12-column rows carry a description and tags, so every target writes more for them.
    const [json12, sql12, copy12, json10, sql10, copy10] = report.cases
    expect(json12?.outputMiB).toBeGreaterThan(json10?.outputMiB ?? Number.POSITIVE_INFINITY)
    expect(sql12?.outputMiB).toBeGreaterThan(sql10?.outputMiB ?? Number.POSITIVE_INFINITY)
    expect(copy12?.outputMiB).toBeGreaterThan(copy10?.outputMiB ?? Number.POSITIVE_INFINITY)
    expect(lines.join('\n')).toContain('rows/CPU s')
  })
})
