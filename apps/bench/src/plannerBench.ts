import { DEFAULT_MAX_STATEMENT_BYTES, planUpsert } from '@redstore/sql'
import { BenchCheckError } from './BenchCheckError.js'
import { type BenchReport, formatTable, machine, mib, round } from './BenchReport.js'
import { benchTable } from './benchTable.js'
import { generateRows } from './generateRows.js'

/** What `planUpsert` did over N generated rows, and what it cost in time and heap. */
export interface PlannerCase {
  readonly rows: number
  /** Seconds spent inside the planner (row generation included, heap sampling excluded). */
  readonly planSeconds: number
  readonly rowsPerSecond: number
  /** CPU seconds of the process over the same spans (all threads, GC helpers included). */
  readonly planCpuSeconds: number
  /** Rows per CPU second: steadier than rows/s on a machine shared with other work. */
  readonly rowsPerCpuSecond: number
  /** Rows/s of the generator alone, to tell its share of `planSeconds`. */
  readonly generatorRowsPerSecond: number
  readonly sqlMiB: number
  readonly sqlMiBPerSecond: number
  readonly batches: number
  readonly statements: number
  readonly inserts: number
  readonly merges: number
  readonly rowsPerInsert: number
  readonly sqlBytesPerRow: number
  readonly statementLimitBytes: number
  readonly maxStatementBytes: number
  readonly meanStatementBytes: number
  /** Mean INSERT size as a share of the limit, in percent. */
  readonly meanInsertFillPercent: number
  readonly maxBatchMiB: number
  /** heapUsed after a full GC, before planning. */
  readonly heapBaselineMiB: number
  /** Largest heapUsed sampled after each batch (garbage included), above the baseline. */
  readonly peakHeapMiB: number
  /** Largest heapUsed after a forced GC at each batch, above the baseline; null without --expose-gc. */
  readonly peakLiveHeapMiB: number | null
  /** Live heap at its peak as a share of all SQL produced (what holding N rows' SQL would cost). */
  readonly peakLiveHeapPercentOfSql: number | null
}

const collectGarbage = (): boolean => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return false
  gc()
  return true
}

const measureGenerator = (rows: number): number => {
  const start = process.hrtime.bigint()
  let count = 0
  for (const _ of generateRows({ count: rows, seed: rows })) count++
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return count / Math.max(seconds, 1e-9)
}

/**
 * Plans an upsert of `rows` generated rows into the benchmark table and measures it.
 *
 * @example
 * ```ts
 * const result = runPlannerCase(10_000)
 * console.log(result.rowsPerSecond, result.peakLiveHeapMiB)
 * ```
 */
export const runPlannerCase = (rows: number): PlannerCase => {
  const model = benchTable('bench', 'orders')
  const generatorRowsPerSecond = measureGenerator(rows)
  const gcExposed = collectGarbage()
  const baseline = process.memoryUsage().heapUsed
  let peakHeap = 0
  let peakLive = 0
  let batches = 0
  let statements = 0
  let inserts = 0
  let merges = 0
  let staged = 0
  let sqlBytes = 0
  let insertBytes = 0
  let maxStatement = 0
  let maxBatch = 0
  let planNanos = 0n
  let cpuMicros = 0
  const plans = planUpsert(model, generateRows({ count: rows, seed: rows }), {
    tempTablePrefix: 'bench_stage',
  })
  for (;;) {
    const cpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    const next = plans.next()
    planNanos += process.hrtime.bigint() - start
    const used = process.cpuUsage(cpu)
    cpuMicros += used.user + used.system
    if (next.done === true) break
    const plan = next.value
    batches++
    statements += plan.sqls.length
    inserts += plan.inserts
    merges += plan.merges
    staged += plan.rows
    sqlBytes += plan.bytes
    maxBatch = Math.max(maxBatch, plan.bytes)
    for (const sql of plan.sqls) {
      const bytes = Buffer.byteLength(sql, 'utf8')
      maxStatement = Math.max(maxStatement, bytes)
      if (sql.startsWith('INSERT')) insertBytes += bytes
    }
    // The current batch is still referenced here: this is the heap that planning holds.
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - baseline)
    if (gcExposed) {
      collectGarbage()
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed - baseline)
    }
  }
  if (staged !== rows) {
    throw new BenchCheckError(
      'planner',
      `batches staged ${staged} rows of ${rows} distinct generated keys`,
      'planUpsert lost or invented rows: compare BatchPlan.rows with the input',
    )
  }
  const seconds = Number(planNanos) / 1e9
  return {
    rows,
    planSeconds: round(seconds, 3),
    rowsPerSecond: Math.round(rows / seconds),
    planCpuSeconds: round(cpuMicros / 1e6, 3),
    rowsPerCpuSecond: Math.round(rows / (cpuMicros / 1e6)),
    generatorRowsPerSecond: Math.round(generatorRowsPerSecond),
    sqlMiB: mib(sqlBytes),
    sqlMiBPerSecond: round(sqlBytes / 2 ** 20 / seconds, 1),
    batches,
    statements,
    inserts,
    merges,
    rowsPerInsert: round(rows / inserts, 1),
    sqlBytesPerRow: Math.round(sqlBytes / rows),
    statementLimitBytes: DEFAULT_MAX_STATEMENT_BYTES,
    maxStatementBytes: maxStatement,
    meanStatementBytes: Math.round(sqlBytes / statements),
    meanInsertFillPercent: round((100 * insertBytes) / inserts / DEFAULT_MAX_STATEMENT_BYTES, 1),
    maxBatchMiB: mib(maxBatch),
    heapBaselineMiB: mib(baseline),
    peakHeapMiB: mib(peakHeap),
    peakLiveHeapMiB: gcExposed ? mib(peakLive) : null,
    peakLiveHeapPercentOfSql: gcExposed ? round((100 * peakLive) / sqlBytes, 2) : null,
  }
}

/**
 * Runs the planner benchmark over each size, prints its table, and returns the report.
 *
 * @example
 * ```ts
 * const report = runPlannerBench([10_000, 100_000], console.log)
 * ```
 */
export const runPlannerBench = (
  sizes: ReadonlyArray<number>,
  log: (line: string) => void,
  command = 'pnpm bench',
): BenchReport<PlannerCase> => {
  const startedAt = new Date().toISOString()
  const cases = sizes.map((rows) => runPlannerCase(rows))
  log('planner: planUpsert over generated rows of a 12-column table (one CPU core)')
  log(
    formatTable(
      [
        'rows',
        'seconds',
        'rows/s',
        'rows/CPU s',
        'gen rows/s',
        'SQL MiB',
        'MiB/s',
        'batches',
        'stmts',
        'max stmt B',
        'limit B',
        'fill %',
        'max batch MiB',
        'peak heap MiB',
        'live heap MiB',
        'live/SQL %',
      ],
      cases.map((c) => [
        c.rows,
        c.planSeconds,
        c.rowsPerSecond,
        c.rowsPerCpuSecond,
        c.generatorRowsPerSecond,
        c.sqlMiB,
        c.sqlMiBPerSecond,
        c.batches,
        c.statements,
        c.maxStatementBytes,
        c.statementLimitBytes,
        c.meanInsertFillPercent,
        c.maxBatchMiB,
        c.peakHeapMiB,
        c.peakLiveHeapMiB ?? 'n/a',
        c.peakLiveHeapPercentOfSql ?? 'n/a',
      ]),
    ),
  )
  return { name: 'planner', startedAt, machine: machine(), command, cases }
}
