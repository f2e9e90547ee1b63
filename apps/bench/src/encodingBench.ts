import { encodeCopyRecord, planUpsert, type TableModel } from '@redstore/sql'
import { BenchCheckError } from './BenchCheckError.js'
import { type BenchReport, formatTable, machine, round } from './BenchReport.js'
import { benchTable, benchTable10 } from './benchTable.js'
import { generateRows, generateRows10 } from './generateRows.js'

/** What a row becomes: JSON text (the yardstick), planned SQL, or a COPY CSV record. */
export type EncodingTarget = 'JSON.stringify' | 'planUpsert' | 'encodeCopyRecord'

/** One encoder over the generated rows of one table, the median of several repetitions. */
export interface EncodingCase {
  /** Columns of the table: 12 (`benchTable`) or 10 (`benchTable10`). */
  readonly columns: number
  readonly target: EncodingTarget
  readonly rows: number
  readonly repetitions: number
  /** Median CPU seconds of one pass over the rows (all threads, GC helpers included). */
  readonly cpuSeconds: number
  /** Median wall seconds of one pass; varies with other work on a shared machine. */
  readonly wallSeconds: number
  readonly rowsPerCpuSecond: number
  /** UTF-8 MiB one pass writes: JSON text, SQL statements or CSV records. */
  readonly outputMiB: number
  readonly mibPerCpuSecond: number
  /** `rowsPerCpuSecond` over that of `JSON.stringify` on the same rows. */
  readonly ratioToJson: number
}

/**
 * Options of `runEncodingBench`.
 *
 * @example
 * ```ts
 * const options: EncodingBenchOptions = { rows: 50_000, repetitions: 7 }
 * ```
 */
export interface EncodingBenchOptions {
  /** Generated rows per table. */
  readonly rows: number
  /** Measured passes per encoder, after one warm-up pass; the median is reported. Default 5. */
  readonly repetitions?: number
}

/** One pass over the rows: returns the UTF-8 bytes written and the rows it accounted for. */
type Pass = (rows: ReadonlyArray<unknown>, countBytes: boolean) => { bytes: number; rows: number }

const passes = (model: TableModel): Record<EncodingTarget, Pass> => ({
  'JSON.stringify': (rows, countBytes) => {
    let bytes = 0
    for (const row of rows) {
      const json = JSON.stringify(row)
      // Counting is left out of measured passes, so JSON.stringify is timed alone.
      bytes += countBytes ? Buffer.byteLength(json, 'utf8') : json.length
    }
    return { bytes, rows: rows.length }
  },
  planUpsert: (rows) => {
    let bytes = 0
    let staged = 0
    for (const batch of planUpsert(model, rows, { tempTablePrefix: 'bench_stage' })) {
      bytes += batch.bytes
      staged += batch.rows
    }
    return { bytes, rows: staged }
  },
  encodeCopyRecord: (rows) => {
    let bytes = 0
    let records = 0
    rows.forEach((row, index) => {
      bytes += encodeCopyRecord(model, row, index).bytes
      records++
    })
    return { bytes, rows: records }
  },
})

const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

interface Timing {
  readonly cpuSeconds: number
  readonly wallSeconds: number
}

const timed = (run: () => void): Timing => {
  collectGarbage()
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  run()
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  return { cpuSeconds: (used.user + used.system) / 1e6, wallSeconds }
}

const measure = async (
  columns: number,
  target: EncodingTarget,
  pass: Pass,
  rows: ReadonlyArray<unknown>,
  repetitions: number,
): Promise<Omit<EncodingCase, 'ratioToJson'>> => {
  // The warm-up pass also counts the output's bytes and checks that every row was written.
  const warm = pass(rows, true)
  if (warm.rows !== rows.length) {
    throw new BenchCheckError(
      'encoding',
      `${target} wrote ${warm.rows} of ${rows.length} rows of distinct keys`,
      'compare its output with the input rows',
    )
  }
  const timings: Array<Timing> = []
  for (let i = 0; i < repetitions; i++) {
    // Yield between passes, so a pass never shares its time with queued work of this process.
    await new Promise((resolve) => setImmediate(resolve))
    timings.push(timed(() => pass(rows, false)))
  }
  const cpuSeconds = Math.max(median(timings.map((t) => t.cpuSeconds)), 1e-6)
  const outputMiB = warm.bytes / 2 ** 20
  return {
    columns,
    target,
    rows: rows.length,
    repetitions,
    cpuSeconds: round(cpuSeconds, 3),
    wallSeconds: round(median(timings.map((t) => t.wallSeconds)), 3),
    rowsPerCpuSecond: Math.round(rows.length / cpuSeconds),
    outputMiB: round(outputMiB, 2),
    mibPerCpuSecond: round(outputMiB / cpuSeconds, 1),
  }
}

const targets: ReadonlyArray<EncodingTarget> = ['JSON.stringify', 'planUpsert', 'encodeCopyRecord']

/**
 * Measures how fast rows become text: `JSON.stringify` of each row as the yardstick, SQL
 * planned by `planUpsert` (defaults), and a COPY CSV record per row (`encodeCopyRecord`), over
 * the same generated rows of the 12-column and the 10-column bench tables. Rows are generated
 * before timing; each encoder runs one warm-up pass, then `repetitions` passes after a forced GC
 * (with `--expose-gc`), and the median CPU time (process.cpuUsage) is reported.
 *
 * @example
 * ```ts
 * const report = await runEncodingBench({ rows: 50_000 }, console.log)
 * report.cases.find((c) => c.target === 'planUpsert')?.ratioToJson // e.g. 0.5
 * ```
 */
export const runEncodingBench = async (
  options: EncodingBenchOptions,
  log: (line: string) => void,
  command = 'pnpm bench encoding',
): Promise<BenchReport<EncodingCase>> => {
  const startedAt = new Date().toISOString()
  const repetitions = options.repetitions ?? 5
  const tables = [
    { columns: 12, model: benchTable('bench', 'orders'), generate: generateRows },
    { columns: 10, model: benchTable10('bench', 'orders'), generate: generateRows10 },
  ]
  const cases: Array<EncodingCase> = []
  for (const { columns, model, generate } of tables) {
    const rows: ReadonlyArray<unknown> = [...generate({ count: options.rows, seed: options.rows })]
    const byTarget = passes(model)
    let jsonRate = 0
    for (const target of targets) {
      const measured = await measure(columns, target, byTarget[target], rows, repetitions)
      if (target === 'JSON.stringify') jsonRate = measured.rowsPerCpuSecond
      cases.push({ ...measured, ratioToJson: round(measured.rowsPerCpuSecond / jsonRate, 2) })
    }
  }
  log(
    `encoding: rows to text, median of ${repetitions} passes after a warm-up (CPU time, one core)`,
  )
  log(
    formatTable(
      ['columns', 'target', 'rows', 'CPU s', 'wall s', 'rows/CPU s', 'MiB', 'MiB/CPU s', 'x JSON'],
      cases.map((c) => [
        c.columns,
        c.target,
        c.rows,
        c.cpuSeconds,
        c.wallSeconds,
        c.rowsPerCpuSecond,
        c.outputMiB,
        c.mibPerCpuSecond,
        c.ratioToJson,
      ]),
    ),
  )
  return { name: 'encoding', startedAt, machine: machine(), command, cases }
}
