import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BenchReport, formatTable, writeReport } from '../src/BenchReport.js'
import { runCodegenBench } from '../src/codegenBench.js'
import { compareTable, expectedTable } from '../src/expectedTable.js'
import { runFaultsBench } from '../src/faultsBench.js'
import { generateRows } from '../src/generateRows.js'
import { runMemoryBench } from '../src/memoryBench.js'
import { runPlannerBench } from '../src/plannerBench.js'
import { runUpsertBench } from '../src/upsertBench.js'
import { chartSeries, upsertChart } from '../src/upsertChart.js'

let directory = ''
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'redstore-bench-'))
})
afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
})

const quiet = () => undefined

/** Writes the report, reads it back, and checks the envelope every report shares. */
const roundTrip = async <Case>(report: BenchReport<Case>): Promise<BenchReport<Case>> => {
  const path = await writeReport(report, directory)
  expect(path).toBe(join(directory, `${report.name}.json`))
  const read = JSON.parse(await readFile(path, 'utf8')) as BenchReport<Case>
  expect(read).toEqual(report)
  expect(Number.isNaN(Date.parse(read.startedAt))).toBe(false)
  expect(read.machine.cores).toBeGreaterThan(0)
  expect(read.machine.node).toBe(process.version)
  expect(read.cases.length).toBeGreaterThan(0)
  return read
}

const sum = (calls: Readonly<Record<string, number>>) =>
  Object.values(calls).reduce((total, n) => total + n, 0)

describe('generated rows', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = [...generateRows({ count: 20, seed: 5 })]
    expect([...generateRows({ count: 20, seed: 5 })]).toEqual(a)
    expect([...generateRows({ count: 20, seed: 6 })]).not.toEqual(a)
    expect(a.map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    for (const row of generateRows({ count: 200, seed: 1, descriptionBytes: 300 })) {
      expect(Buffer.byteLength(row.description, 'utf8')).toBeLessThanOrEqual(300)
    }
  })
})

describe('compareTable', () => {
  const rows = [...generateRows({ count: 3, seed: 2 })]
  const asStored = rows.map((row) => ({
    ...row,
    ordered_at: row.ordered_at.toISOString().replace('T', ' ').replace('Z', ''),
    updated_at: `${row.updated_at.toISOString().replace('T', ' ').replace('Z', '')}+00`,
    attributes: Object.fromEntries(Object.entries(row.attributes).reverse()),
  }))
  const expected = expectedTable(rows)

  it('finds nothing wrong in a faithful copy, whatever the SUPER key order', () => {
    expect(compareTable(expected, asStored)).toBe(0)
  })

  it('counts a changed value, a missing row, a repeated row and a stray row', () => {
    const [first, second, third] = asStored
    if (first === undefined || second === undefined || third === undefined) throw new Error()
    expect(compareTable(expected, [{ ...first, price: '0.00' }, second, third])).toBe(1)
    expect(compareTable(expected, [first, second])).toBe(1)
    expect(compareTable(expected, [first, second, third, third])).toBe(1)
    expect(compareTable(expected, [...asStored, { ...first, id: 99 }])).toBe(1)
  })
})

describe('formatTable', () => {
  it('pads every column to its widest cell', () => {
    expect(formatTable(['a', 'bbb'], [[10, 2]]).split('\n')).toEqual([
      ' a  bbb',
      '--  ---',
      '10    2',
    ])
  })
})

describe('benchmarks at a tiny size', () => {
  it('planner: covers every row within the statement limit', async () => {
    const report = await roundTrip(runPlannerBench([300, 3000], quiet, 'test'))
    expect(report.name).toBe('planner')
    for (const c of report.cases) {
      expect(c.batches).toBeGreaterThan(0)
      expect(c.merges).toBe(c.batches)
      expect(c.statements).toBe(c.inserts + 2 * c.merges)
      expect(c.maxStatementBytes).toBeLessThanOrEqual(c.statementLimitBytes)
      expect(c.meanStatementBytes).toBeLessThanOrEqual(c.maxStatementBytes)
      expect(c.meanInsertFillPercent).toBeLessThanOrEqual(100)
      expect(c.rowsPerInsert).toBeCloseTo(c.rows / c.inserts, 1)
      expect(c.sqlMiB).toBeGreaterThan(0)
      expect(c.peakHeapMiB).toBeGreaterThanOrEqual(0)
      expect(c.planCpuSeconds).toBeGreaterThan(0)
      // vitest.config.ts passes --expose-gc, so the live heap is measured here too.
      expect(c.peakLiveHeapMiB).not.toBeNull()
      expect(c.peakLiveHeapMiB).toBeLessThanOrEqual(c.peakHeapMiB)
      expect(c.peakLiveHeapPercentOfSql).toBeGreaterThan(0)
      expect(c.maxBatchMiB).toBeLessThanOrEqual(c.sqlMiB)
    }
    const [small, large] = report.cases
    expect(large?.sqlMiB).toBeGreaterThan(small?.sqlMiB ?? Number.POSITIVE_INFINITY)
  })

  it('upsert: every path lands every row, next to the bound it reports', async () => {
    const latency = { apiMs: 5, statementMs: 5 }
    const report = await roundTrip(
      await runUpsertBench({
        insertSizes: [40, 400],
        concurrencies: [1, 3],
        copySizes: [400],
        replacedSizes: [260],
        latency,
        largestArray: 100,
        replacedPollDelayMs: 20,
      }),
    )
    expect(report.cases.map((c) => [c.path, c.concurrency, c.rows, c.input])).toEqual([
      ['replaced-connector', null, 260, 'stream'],
      ['insert', 1, 40, 'array'],
      ['insert', 3, 40, 'array'],
      ['insert', 1, 400, 'stream'],
      ['insert', 3, 400, 'stream'],
      ['copy', null, 400, 'stream'],
    ])
    for (const c of report.cases) {
      expect(c.failure).toBeNull()
      expect(c.latency).toEqual(latency)
      expect(c.rowsInTable).toBe(c.rows)
      expect(c.lowerBound.statements).toBeGreaterThanOrEqual(3)
      expect(c.lowerBound.apiCalls).toBe(Math.ceil(c.lowerBound.statements / 40))
      expect(c.overLowerBound.statements).toBeCloseTo(c.statements / c.lowerBound.statements, 1)
      expect(c.overLowerBound.apiCalls).toBeCloseTo(c.apiCalls / c.lowerBound.apiCalls, 1)
    }
    for (const c of report.cases.filter((x) => x.path === 'insert')) {
      expect(c.statements).toBeGreaterThanOrEqual(c.lowerBound.statements - 1)
    }
    const [replaced, first] = report.cases
    // 3 + ceil(260 / 250): CREATE scratch table, 2 INSERTs, MERGE, DROP, each polled.
    expect(replaced?.statements).toBe(5)
    expect(replaced?.apiCalls).toBeGreaterThanOrEqual(10)
    expect(first?.initSeconds).toBeLessThanOrEqual(first?.seconds ?? 0)
    expect(first?.speedupOverReplaced).toBeNull()
    const copy = report.cases.at(-1)
    expect(copy?.uploadedMiB).not.toBeNull()
  })

  it('memory: a client process streams rows and reports its peaks', async () => {
    const report = await roundTrip(
      await runMemoryBench({ rows: 3000, paths: [{ method: 'insert', concurrency: 2 }] }),
    )
    const [c] = report.cases
    expect(c).toMatchObject({ method: 'insert', concurrency: 2, rows: 3000 })
    expect(c?.batches).toBeGreaterThan(0)
    expect(c?.sqlMiB).toBeGreaterThan(0)
    expect(c?.peakLiveHeapGrowthMiB).toBeLessThanOrEqual(c?.peakHeapUsedGrowthMiB ?? 0)
  })

  it('faults: the table ends exactly as expected and no batch ran twice', async () => {
    const report = await roundTrip(await runFaultsBench({ rows: 300, seeds: [3] }, quiet, 'test'))
    const [c] = report.cases
    expect(c?.inputRows).toBe(300)
    expect(c?.expectedRows).toBe(225)
    expect(c?.rowsInTable).toBe(c?.expectedRows)
    expect(c?.mismatchedRows).toBe(0)
    expect(c?.batchesSubmittedTwice).toBe(0)
    expect(c?.batchesNotFinished).toBe(0)
    expect(c?.exactlyOnce).toBe(true)
    expect(c?.apiCalls).toBe(sum(c?.apiCallsByOperation ?? {}))
    expect(c?.apiCallsByOperation['BatchExecuteStatement']).toBeGreaterThanOrEqual(c?.batches ?? 0)
    // Every fault the client met cost one retry, and every batch one successful call.
    expect(c?.faultsMet).toBeGreaterThan(0)
    expect(c?.retries).toBe(c?.faultsMet)
    expect(c?.apiCalls).toBe((c?.batches ?? 0) + (c?.retries ?? 0))
    expect(c?.answers['BatchExecuteStatement']?.['200']).toBe(c?.batches)
  })

  it('codegen: a cold run writes every file, a warm run none, --check finds them all up to date', async () => {
    const report = await roundTrip(await runCodegenBench({ files: 3 }))
    const [c] = report.cases
    expect(c?.files).toBe(3)
    expect(c?.runs.cold.summary).toContain('6 files written')
    expect(c?.runs.warmCheck.summary).toContain('6 up to date')
    expect(c?.outputBytes).toBeGreaterThan(0)
  })
})

describe('the upsert chart', () => {
  it('draws one line per path through its fastest runs, on log scales', () => {
    const base = {
      concurrency: 1,
      input: 'array' as const,
      latency: { apiMs: 20, statementMs: 100 },
      seconds: 1,
      initSeconds: 0,
      apiCalls: 1,
      statements: 3,
      sqlMiB: 1,
      uploadedMiB: null,
      batches: 1,
      lowerBound: { statements: 3, apiCalls: 1, sqlMiB: 1, seconds: 1 },
      overLowerBound: { seconds: 1, apiCalls: 1, statements: 1, sqlMiB: 1 },
      speedupOverReplaced: null,
      rowsInTable: 0,
      failure: null,
    }
    const series = chartSeries([
      { ...base, path: 'insert', rows: 5000, rowsPerSecond: 2000 },
      { ...base, path: 'insert', rows: 5000, rowsPerSecond: 3000, concurrency: 8 },
      { ...base, path: 'insert', rows: 100000, rowsPerSecond: 9000 },
      { ...base, path: 'copy', rows: 100000, rowsPerSecond: 20000 },
      { ...base, path: 'replaced-connector', rows: 5000, rowsPerSecond: 190 },
      { ...base, path: 'copy', rows: 5000, rowsPerSecond: 0, failure: 'x' },
    ])
    expect(series.map((s) => [s.label.split(',')[0], s.points])).toEqual([
      [
        'redstore',
        [
          { rows: 5000, rowsPerSecond: 3000 },
          { rows: 100000, rowsPerSecond: 9000 },
        ],
      ],
      ['redstore', [{ rows: 100000, rowsPerSecond: 20000 }]],
      ['replaced connector', [{ rows: 5000, rowsPerSecond: 190 }]],
    ])
    const svg = upsertChart(series, 'a <subtitle> & more')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('a &lt;subtitle&gt; &amp; more')
    expect(svg.match(/<path /g)).toHaveLength(3)
    expect(svg.match(/<circle /g)).toHaveLength(4)
  })
})
