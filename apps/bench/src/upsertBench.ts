import type { LatencyOptions } from '@redstore/emulator'
import { type Emulator, startEmulator } from '@redstore/emulator'
import { RedshiftStorage, staticKeys } from '@redstore/storage'
import { type BenchReport, formatTable, machine, mib, round } from './BenchReport.js'
import { benchClient } from './benchClient.js'
import { benchTable10 } from './benchTable.js'
import { type BenchRow10, generateRows10 } from './generateRows.js'
import { statementLowerBound } from './lowerBound.js'
import { saveWithReplacedConnector } from './replacedConnector.js'

/** The latency model the upsert benchmark runs under unless told otherwise. */
export const defaultUpsertLatency: Required<LatencyOptions> = { apiMs: 20, statementMs: 100 }

/** One timed upsert: `init()` and `saveData` of N rows, half of them updates, into the emulator. */
export interface UpsertCase {
  /** `insert` through RedshiftStorage, or the replaced connector's algorithm. */
  readonly path: 'insert' | 'replaced-connector'
  /** Staging calls at once (RedshiftStorage `concurrency`); null for the replaced connector. */
  readonly concurrency: number | null
  readonly rows: number
  /** How rows were given: an array (checked whole first) or an async stream. */
  readonly input: 'array' | 'stream' | 'iterable'
  readonly latency: Required<LatencyOptions>
  /** `init()` plus `saveData`, wall time. */
  readonly seconds: number
  /** The `init()` part; null for the replaced connector (its table exists). */
  readonly initSeconds: number | null
  readonly rowsPerSecond: number
  readonly apiCalls: number
  readonly statements: number
  readonly sqlMiB: number
  readonly batches: number
  /** The Data API's lower bound for these rows (see `statementLowerBound`). */
  readonly lowerBoundStatements: number
  /** `statements / lowerBoundStatements`. */
  readonly statementsOverLowerBound: number
  /** The replaced connector's seconds for the same rows divided by these; null when not run. */
  readonly speedupOverReplaced: number | null
  /** `count(*)` afterwards: every key once. */
  readonly rowsInTable: number
  readonly failure: string | null
}

export interface UpsertBenchOptions {
  /** Row counts saved through RedshiftStorage. */
  readonly sizes: ReadonlyArray<number>
  /** RedshiftStorage `concurrency` values, each run at every size. */
  readonly concurrencies: ReadonlyArray<number>
  /** Row counts saved by the replaced connector's algorithm (about 1 s per statement). */
  readonly replacedSizes: ReadonlyArray<number>
  readonly latency?: Required<LatencyOptions>
  /** Sizes above this are given as an async stream rather than an array. Default 100,000. */
  readonly largestArray?: number
  /** Sleep before each DescribeStatement of the replaced connector. Default 1000 ms. */
  readonly replacedPollDelayMs?: number
}

const connectionOf = (emulator: Emulator) => ({
  endpoint: emulator.endpoint,
  region: emulator.region,
  workgroupName: emulator.config.workgroups[0] ?? 'default',
  database: emulator.config.databases[0] ?? 'dev',
  credentials: staticKeys(emulator.credentials),
  statementTimeout: 600_000,
})

/** N rows: ids 1..N, of which 1..N/2 are loaded beforehand, so half are updates. */
const timedRows = (n: number) => generateRows10({ count: n, seed: n, revision: 'update: ' })

async function* asStream<A>(rows: Iterable<A>): AsyncGenerator<A> {
  let i = 0
  for (const row of rows) {
    if (++i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
    yield row
  }
}

const preload = async (emulator: Emulator, name: string, n: number): Promise<void> => {
  const storage = new RedshiftStorage<BenchRow10>({
    table: benchTable10('bench', name),
    connection: connectionOf(emulator),
    concurrency: 8,
  })
  try {
    await storage.init()
    await storage.saveData(asStream(generateRows10({ count: Math.floor(n / 2), seed: n + 1 })))
  } finally {
    await storage.close()
  }
}

const countRows = async (emulator: Emulator, name: string): Promise<number> => {
  const client = benchClient(emulator)
  try {
    const [row] = await client.query(`SELECT COUNT(*) AS n FROM bench.${name}`)
    return Number(row?.['n'])
  } finally {
    await client.close()
  }
}

/**
 * Upserts N rows of the 10-column table (half updates, half inserts) through RedshiftStorage
 * at each concurrency, and through the replaced connector's algorithm, on one emulator under
 * one latency model; reports each against the Data API's lower bound of statements and the
 * replaced connector's time.
 *
 * @example
 * ```ts
 * const report = await runUpsertBench({ sizes: [5000], concurrencies: [1, 8], replacedSizes: [5000] }, console.log)
 * ```
 */
export const runUpsertBench = async (
  options: UpsertBenchOptions,
  log: (line: string) => void,
): Promise<BenchReport<UpsertCase>> => {
  const latency = options.latency ?? defaultUpsertLatency
  const largestArray = options.largestArray ?? 100_000
  const startedAt = new Date().toISOString()
  log(
    `upsert: latency ${latency.apiMs} ms per API call and ${latency.statementMs} ms per statement; 10 columns, half updates`,
  )
  const emulator = await startEmulator({ latency })
  const cases: Array<UpsertCase> = []
  try {
    // Untimed warm-up of the emulator and the client code.
    await preload(emulator, 'warm_up', 200)
    const replacedSeconds = new Map<number, number>()
    for (const rows of options.replacedSizes) {
      const name = `replaced_${rows}`
      await preload(emulator, name, rows)
      const bound = statementLowerBound(benchTable10('bench', name), timedRows(rows))
      const run = await saveWithReplacedConnector(
        emulator,
        benchTable10('bench', name),
        timedRows(rows),
        options.replacedPollDelayMs === undefined
          ? {}
          : { pollDelayMs: options.replacedPollDelayMs },
      )
      if (run.failure === null) replacedSeconds.set(rows, run.seconds)
      const apiCalls = Object.values(run.apiCallsByOperation).reduce((a, b) => a + b, 0)
      cases.push({
        path: 'replaced-connector',
        concurrency: null,
        rows,
        input: 'iterable',
        latency,
        seconds: round(run.seconds, 3),
        initSeconds: null,
        rowsPerSecond: run.failure === null ? Math.round(rows / run.seconds) : 0,
        apiCalls,
        statements: run.statements,
        sqlMiB: 0,
        batches: run.statements,
        lowerBoundStatements: bound.statements,
        statementsOverLowerBound: round(run.statements / bound.statements, 2),
        speedupOverReplaced: null,
        rowsInTable: await countRows(emulator, name),
        failure: run.failure,
      })
      log(`  replaced connector, ${rows} rows: ${round(run.seconds, 2)} s, ${apiCalls} API calls`)
    }
    for (const rows of options.sizes) {
      for (const concurrency of options.concurrencies) {
        const name = `insert_c${concurrency}_${rows}`
        await preload(emulator, name, rows)
        const model = benchTable10('bench', name)
        const bound = statementLowerBound(model, timedRows(rows))
        const input = rows > largestArray ? 'stream' : 'array'
        const given = input === 'array' ? [...timedRows(rows)] : asStream(timedRows(rows))
        const storage = new RedshiftStorage<BenchRow10>({
          table: model,
          connection: connectionOf(emulator),
          concurrency,
        })
        let failure: string | null = null
        let initSeconds = 0
        let seconds = 0
        let summary: Awaited<ReturnType<typeof storage.saveData>> | undefined
        try {
          const start = performance.now()
          await storage.init()
          initSeconds = (performance.now() - start) / 1000
          summary = await storage.saveData(given)
          seconds = (performance.now() - start) / 1000
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error)
        } finally {
          await storage.close()
        }
        const replaced = replacedSeconds.get(rows)
        const statements = summary?.statements ?? 0
        cases.push({
          path: 'insert',
          concurrency,
          rows,
          input,
          latency,
          seconds: round(seconds, 3),
          initSeconds: round(initSeconds, 3),
          rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : 0,
          apiCalls: summary?.apiCalls ?? 0,
          statements,
          sqlMiB: mib(summary?.sqlBytes ?? 0),
          batches: summary?.batches ?? 0,
          lowerBoundStatements: bound.statements,
          statementsOverLowerBound: round(statements / bound.statements, 2),
          speedupOverReplaced:
            replaced === undefined || failure !== null ? null : round(replaced / seconds, 1),
          rowsInTable: await countRows(emulator, name),
          failure,
        })
        log(
          `  insert, concurrency ${concurrency}, ${rows} rows: ${round(seconds, 2)} s${failure === null ? '' : ` FAILED: ${failure}`}`,
        )
      }
    }
  } finally {
    await emulator.stop()
  }
  log(
    formatTable(
      [
        'path',
        'conc.',
        'rows',
        'input',
        'seconds',
        'of it init',
        'rows/s',
        'API calls',
        'statements',
        'lower bound',
        'x bound',
        'speed-up',
        'in table',
      ],
      cases.map((c) => [
        c.path,
        c.concurrency ?? '',
        c.rows,
        c.input,
        c.seconds,
        c.initSeconds ?? '',
        c.rowsPerSecond,
        c.apiCalls,
        c.statements,
        c.lowerBoundStatements,
        c.statementsOverLowerBound,
        c.speedupOverReplaced ?? '',
        c.rowsInTable,
      ]),
    ),
  )
  return { name: 'upsert', startedAt, machine: machine(), command: 'pnpm bench upsert', cases }
}
