import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type BenchReport, resultsDirectory, writeReport } from './BenchReport.js'
import { type BenchArgs, benchUsage, parseBenchArgs } from './benchArgs.js'
import { runCodegenBench } from './codegenBench.js'
import { runEncodingBench } from './encodingBench.js'
import { runFaultsBench } from './faultsBench.js'
import { runMemoryBench } from './memoryBench.js'
import { runPlannerBench } from './plannerBench.js'
import { runUpsertBench, type UpsertCase } from './upsertBench.js'
import { chartSeries, upsertChart } from './upsertChart.js'

const names = ['planner', 'encoding', 'upsert', 'memory', 'faults', 'codegen'] as const

let args: BenchArgs
try {
  args = parseBenchArgs(process.argv.slice(2), names)
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${benchUsage}`)
  process.exit(2)
}
const sizes = (all: ReadonlyArray<number>) => all.filter((n) => n <= args.maxRows)

const benches: Record<(typeof names)[number], () => Promise<BenchReport<unknown>>> = {
  planner: async () => runPlannerBench(sizes([10_000, 100_000, 1_000_000]), console.log),
  encoding: () => runEncodingBench({ rows: Math.min(50_000, args.maxRows) }, console.log),
  upsert: () =>
    runUpsertBench({
      insertSizes: sizes([5_000, 100_000, 1_000_000]),
      concurrencies: [1, 4, 8],
      copySizes: sizes([5_000, 100_000, 1_000_000]),
      replacedSizes: sizes([5_000, 100_000]),
      latency: args.latency,
      log: console.log,
    }),
  memory: () =>
    runMemoryBench({
      rows: Math.min(1_000_000, args.maxRows),
      paths: [
        { method: 'insert', concurrency: 1 },
        { method: 'insert', concurrency: 8 },
        { method: 'copy', concurrency: 1 },
      ],
      log: console.log,
    }),
  faults: () =>
    runFaultsBench({ rows: Math.min(2_000, args.maxRows), seeds: [1, 2, 7] }, console.log),
  codegen: () => runCodegenBench({ files: 100 }),
}

if ((globalThis as { gc?: unknown }).gc === undefined) {
  console.warn('run with node --expose-gc (pnpm bench does) to measure live heap')
}
console.log(
  `pnpm bench: latency model ${args.latency.apiMs} ms per API call, ${args.latency.statementMs} ms per statement (--api-latency-ms, --statement-latency-ms)${args.maxRows < Number.MAX_SAFE_INTEGER ? `; row counts up to ${args.maxRows}` : ''}\n`,
)
for (const name of args.names.length > 0 ? args.names : names) {
  const run = benches[name as (typeof names)[number]]
  const started = performance.now()
  const report = await run()
  const path = await writeReport(report)
  if (report.name === 'upsert') {
    const cases = report.cases as ReadonlyArray<UpsertCase>
    const latency = cases[0]?.latency
    const subtitle = `${latency?.apiMs} ms per API call, ${latency?.statementMs} ms per statement; ${report.machine.cores} cores, Node ${report.machine.node}; ${report.startedAt.slice(0, 10)}`
    await writeFile(join(resultsDirectory, 'upsert.svg'), upsertChart(chartSeries(cases), subtitle))
  }
  console.log(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s, report ${path}\n`)
}
