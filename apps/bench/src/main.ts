import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type BenchReport, resultsDirectory, writeReport } from './BenchReport.js'
import { runCodegenBench } from './codegenBench.js'
import { runEncodingBench } from './encodingBench.js'
import { runFaultsBench } from './faultsBench.js'
import { runMemoryBench } from './memoryBench.js'
import { runPlannerBench } from './plannerBench.js'
import { runUpsertBench, type UpsertCase } from './upsertBench.js'
import { chartSeries, upsertChart } from './upsertChart.js'

const benches: Record<string, () => Promise<BenchReport<unknown>>> = {
  planner: async () => runPlannerBench([10_000, 100_000, 1_000_000], console.log),
  encoding: () => runEncodingBench({ rows: 50_000 }, console.log),
  upsert: () =>
    runUpsertBench({
      insertSizes: [5_000, 100_000, 1_000_000],
      concurrencies: [1, 8],
      copySizes: [5_000, 100_000, 1_000_000],
      replacedSizes: [5_000, 100_000],
      log: console.log,
    }),
  memory: () =>
    runMemoryBench({
      rows: 1_000_000,
      paths: [
        { method: 'insert', concurrency: 1 },
        { method: 'insert', concurrency: 8 },
        { method: 'copy', concurrency: 1 },
      ],
      log: console.log,
    }),
  faults: () => runFaultsBench({ rows: 2_000, seeds: [1, 2, 7] }, console.log),
  codegen: () => runCodegenBench({ files: 100 }),
}

const asked = process.argv.slice(2)
const unknown = asked.filter((name) => !(name in benches))
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`,
  )
  process.exit(2)
}
if ((globalThis as { gc?: unknown }).gc === undefined) {
  console.warn('run with node --expose-gc (pnpm bench does) to measure live heap')
}
for (const name of asked.length > 0 ? asked : Object.keys(benches)) {
  const run = benches[name]
  if (run === undefined) continue
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
