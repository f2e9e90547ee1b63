import type { LatencyOptions } from '@redstore/emulator'
import { RedshiftStorage, type SaveSummary, staticKeys } from '@redstore/storage'
import { type BenchReport, formatTable, machine, mib, round } from './BenchReport.js'
import { benchClient } from './benchClient.js'
import {
  type BenchTarget,
  benchBucket,
  connectionOf,
  s3rverKeys,
  startEmulatorProcess,
  startS3Server,
} from './benchServices.js'
import { benchTable10 } from './benchTable.js'
import { type BenchRow10, generateRows10 } from './generateRows.js'
import { type StatementLowerBound, statementLowerBound } from './lowerBound.js'
import { saveWithReplacedConnector } from './replacedConnector.js'

/** The latency model the upsert benchmark runs under unless told otherwise. */
export const defaultUpsertLatency: Required<LatencyOptions> = { apiMs: 20, statementMs: 100 }

/** How rows went in: redstore's two paths, and the replaced connector's algorithm. */
export type UpsertPath = 'insert' | 'copy' | 'replaced-connector'

/**
 * The Data API's lower bound for one load, figure by figure (see `statementLowerBound`): the
 * fewest statements the 100 KB / 40 limits allow, the fewest calls (40 statements each), the
 * SQL of its INSERTs, and the time those statements and calls take one after another under the
 * latency model.
 */
export interface UpsertLowerBound {
  readonly statements: number
  readonly apiCalls: number
  readonly sqlMiB: number
  readonly seconds: number
}

/** One timed upsert: `init()` and `saveData` of N rows, half of them updates. */
export interface UpsertCase {
  readonly path: UpsertPath
  /** RedshiftStorage `concurrency` (staging calls at once); null on the other paths. */
  readonly concurrency: number | null
  readonly rows: number
  /** How rows were given: an array (checked whole first) or an async stream. */
  readonly input: 'array' | 'stream'
  readonly latency: Required<LatencyOptions>
  /** `init()` plus `saveData`, wall time. */
  readonly seconds: number
  /** The `init()` part; null for the replaced connector (its table exists). */
  readonly initSeconds: number | null
  readonly rowsPerSecond: number
  readonly apiCalls: number
  readonly statements: number
  /** SQL text sent (COPY: the statements; the rows travel as files). */
  readonly sqlMiB: number
  /** COPY: gzipped MiB uploaded to S3. */
  readonly uploadedMiB: number | null
  readonly batches: number
  readonly lowerBound: UpsertLowerBound
  /** Each figure divided by its lower bound. */
  readonly overLowerBound: {
    readonly seconds: number
    readonly apiCalls: number
    readonly statements: number
    readonly sqlMiB: number
  }
  /** The replaced connector's seconds for the same rows divided by these; null when not run. */
  readonly speedupOverReplaced: number | null
  /** `count(*)` afterwards: every key once. */
  readonly rowsInTable: number
  readonly failure: string | null
}

export interface UpsertBenchOptions {
  /** Row counts saved through RedshiftStorage's INSERT path. */
  readonly insertSizes: ReadonlyArray<number>
  /** RedshiftStorage `concurrency` values of the INSERT path (each at every insert size). */
  readonly concurrencies: ReadonlyArray<number>
  /** Row counts saved through the COPY path (S3 staging). */
  readonly copySizes: ReadonlyArray<number>
  /** Row counts saved by the replaced connector's algorithm (about 1 s per statement). */
  readonly replacedSizes: ReadonlyArray<number>
  readonly latency?: Required<LatencyOptions>
  /** Sizes above this are given as an async stream rather than an array. Default 100,000. */
  readonly largestArray?: number
  /** Sleep before each DescribeStatement of the replaced connector. Default 1000 ms. */
  readonly replacedPollDelayMs?: number
  /** Progress lines. */
  readonly log?: (line: string) => void
}

/** N rows: ids 1..N, of which 1..N/2 are loaded beforehand, so half are updates. */
const timedRows = (n: number) => generateRows10({ count: n, seed: n, revision: 'update: ' })

async function* asStream<A>(rows: Iterable<A>): AsyncGenerator<A> {
  let i = 0
  for (const row of rows) {
    if (++i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
    yield row
  }
}

const storageFor = (
  target: BenchTarget,
  name: string,
  options: { readonly concurrency: number; readonly s3Endpoint?: string | undefined },
) =>
  new RedshiftStorage<BenchRow10>({
    table: benchTable10('bench', name),
    connection: connectionOf(target),
    concurrency: options.concurrency,
    ...(options.s3Endpoint === undefined
      ? {}
      : {
          staging: {
            bucket: benchBucket,
            endpoint: options.s3Endpoint,
            region: 'us-east-1',
            credentials: staticKeys(s3rverKeys),
          },
        }),
  })

/** Loads ids 1..N/2 into a fresh table, untimed. */
const preload = async (target: BenchTarget, name: string, n: number): Promise<void> => {
  const storage = storageFor(target, name, { concurrency: 8 })
  try {
    await storage.init()
    await storage.saveData(asStream(generateRows10({ count: Math.floor(n / 2), seed: n + 1 })))
  } finally {
    await storage.close()
  }
}

const countRows = async (target: BenchTarget, name: string): Promise<number> => {
  const client = benchClient(target)
  try {
    const [row] = await client.query(`SELECT COUNT(*) AS n FROM bench.${name}`)
    return Number(row?.['n'])
  } finally {
    await client.close()
  }
}

const lowerBoundOf = (
  bound: StatementLowerBound,
  latency: Required<LatencyOptions>,
): UpsertLowerBound => {
  const apiCalls = Math.ceil(bound.statements / 40)
  return {
    statements: bound.statements,
    apiCalls,
    sqlMiB: mib(bound.insertBytes),
    seconds: round((bound.statements * latency.statementMs + apiCalls * latency.apiMs) / 1000, 3),
  }
}

const ratio = (value: number, bound: number): number => (bound > 0 ? round(value / bound, 2) : 0)

interface Measured {
  readonly seconds: number
  readonly initSeconds: number | null
  readonly apiCalls: number
  readonly statements: number
  readonly sqlBytes: number
  readonly uploadedBytes: number | null
  readonly batches: number
  readonly failure: string | null
}

const caseOf = (
  path: UpsertPath,
  concurrency: number | null,
  rows: number,
  input: 'array' | 'stream',
  latency: Required<LatencyOptions>,
  bound: UpsertLowerBound,
  measured: Measured,
  rowsInTable: number,
  replacedSeconds: number | undefined,
): UpsertCase => {
  const sqlMiB = mib(measured.sqlBytes)
  return {
    path,
    concurrency,
    rows,
    input,
    latency,
    seconds: round(measured.seconds, 3),
    initSeconds: measured.initSeconds === null ? null : round(measured.initSeconds, 3),
    rowsPerSecond:
      measured.failure === null && measured.seconds > 0 ? Math.round(rows / measured.seconds) : 0,
    apiCalls: measured.apiCalls,
    statements: measured.statements,
    sqlMiB,
    uploadedMiB: measured.uploadedBytes === null ? null : mib(measured.uploadedBytes),
    batches: measured.batches,
    lowerBound: bound,
    overLowerBound: {
      seconds: ratio(measured.seconds, bound.seconds),
      apiCalls: ratio(measured.apiCalls, bound.apiCalls),
      statements: ratio(measured.statements, bound.statements),
      sqlMiB: ratio(sqlMiB, bound.sqlMiB),
    },
    speedupOverReplaced:
      replacedSeconds === undefined || measured.failure !== null || path === 'replaced-connector'
        ? null
        : round(replacedSeconds / measured.seconds, 1),
    rowsInTable,
    failure: measured.failure,
  }
}

/** Times `init()` + `saveData` of a RedshiftStorage on a preloaded table. */
const timeStorage = async (
  target: BenchTarget,
  name: string,
  rows: number,
  options: {
    readonly method: 'insert' | 'copy'
    readonly concurrency: number
    readonly input: 'array' | 'stream'
    readonly s3Endpoint?: string | undefined
  },
): Promise<Measured> => {
  const given = options.input === 'array' ? [...timedRows(rows)] : asStream(timedRows(rows))
  const storage = storageFor(target, name, options)
  let summary: SaveSummary | undefined
  let failure: string | null = null
  let initSeconds = 0
  let seconds = 0
  try {
    const start = performance.now()
    await storage.init()
    initSeconds = (performance.now() - start) / 1000
    summary = await storage.saveData(given, { method: options.method })
    seconds = (performance.now() - start) / 1000
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error)
  } finally {
    await storage.close()
  }
  return {
    seconds,
    initSeconds,
    apiCalls: summary?.apiCalls ?? 0,
    statements: summary?.statements ?? 0,
    sqlBytes: summary?.sqlBytes ?? 0,
    uploadedBytes: summary?.copy?.bytesUploaded ?? null,
    batches: summary?.batches ?? 0,
    failure,
  }
}

/**
 * Upserts N rows of the 10-column table (half updates, half inserts) by RedshiftStorage's INSERT
 * path at each concurrency, by its COPY path, and by the replaced connector's algorithm, on one
 * emulator (in its own process) under one latency model; reports each figure next to the Data
 * API's lower bound for the load and the replaced connector's time.
 *
 * @example
 * ```ts
 * const report = await runUpsertBench({ insertSizes: [5000], concurrencies: [1, 8], copySizes: [5000], replacedSizes: [5000] })
 * ```
 */
export const runUpsertBench = async (
  options: UpsertBenchOptions,
): Promise<BenchReport<UpsertCase>> => {
  const latency = options.latency ?? defaultUpsertLatency
  const largestArray = options.largestArray ?? 100_000
  const log = options.log ?? (() => undefined)
  const startedAt = new Date().toISOString()
  log(
    `upsert: ${latency.apiMs} ms per API call and ${latency.statementMs} ms per statement; 10 columns, half the rows updates; the emulator and s3rver in their own processes`,
  )
  const copying = options.copySizes.length > 0
  const s3 = copying ? await startS3Server() : undefined
  const emulator = await startEmulatorProcess({
    latency,
    ...(s3 === undefined ? {} : { s3Endpoint: s3.endpoint }),
  })
  const target = emulator.target
  const cases: Array<UpsertCase> = []
  const replacedSeconds = new Map<number, number>()
  const bounds = new Map<number, UpsertLowerBound>()
  const boundOf = (rows: number): UpsertLowerBound => {
    let bound = bounds.get(rows)
    if (bound === undefined) {
      bound = lowerBoundOf(
        statementLowerBound(benchTable10('bench', 'bound'), timedRows(rows)),
        latency,
      )
      bounds.set(rows, bound)
    }
    return bound
  }
  const inputOf = (rows: number) => (rows > largestArray ? 'stream' : 'array')
  /** One timed save through RedshiftStorage into a fresh, half-preloaded table. */
  const timeStorageCase = async (method: 'insert' | 'copy', concurrency: number, rows: number) => {
    const name = method === 'insert' ? `insert_c${concurrency}_${rows}` : `copy_${rows}`
    await preload(target, name, rows)
    const input = inputOf(rows)
    const measured = await timeStorage(target, name, rows, {
      method,
      concurrency,
      input,
      s3Endpoint: method === 'copy' ? s3?.endpoint : undefined,
    })
    cases.push(
      caseOf(
        method,
        method === 'insert' ? concurrency : null,
        rows,
        input,
        latency,
        boundOf(rows),
        measured,
        await countRows(target, name),
        replacedSeconds.get(rows),
      ),
    )
    const label = method === 'insert' ? `insert, concurrency ${concurrency}` : 'copy'
    log(
      `  ${label}, ${rows} rows: ${round(measured.seconds, 2)} s${measured.failure === null ? '' : ` FAILED: ${measured.failure}`}`,
    )
  }
  try {
    // Untimed warm-up of the emulator and the client code.
    await preload(target, 'warm_up', 200)
    for (const rows of options.replacedSizes) {
      const name = `replaced_${rows}`
      await preload(target, name, rows)
      const run = await saveWithReplacedConnector(
        target,
        benchTable10('bench', name),
        timedRows(rows),
        options.replacedPollDelayMs === undefined
          ? {}
          : { pollDelayMs: options.replacedPollDelayMs },
      )
      if (run.failure === null) replacedSeconds.set(rows, run.seconds)
      const measured: Measured = {
        seconds: run.seconds,
        initSeconds: null,
        apiCalls: Object.values(run.apiCallsByOperation).reduce((a, b) => a + b, 0),
        statements: run.statements,
        sqlBytes: run.sqlBytes,
        uploadedBytes: null,
        batches: run.statements,
        failure: run.failure,
      }
      cases.push(
        caseOf(
          'replaced-connector',
          null,
          rows,
          'stream',
          latency,
          boundOf(rows),
          measured,
          await countRows(target, name),
          undefined,
        ),
      )
      log(`  replaced connector, ${rows} rows: ${round(run.seconds, 2)} s`)
    }
    for (const rows of options.insertSizes) {
      for (const concurrency of options.concurrencies) {
        await timeStorageCase('insert', concurrency, rows)
      }
    }
    for (const rows of options.copySizes) await timeStorageCase('copy', 1, rows)
  } finally {
    await emulator.stop()
    await s3?.stop()
  }
  log(
    formatTable(
      [
        'path',
        'conc.',
        'rows',
        'input',
        'seconds',
        '/bound',
        'rows/s',
        'API calls',
        '/bound',
        'statements',
        '/bound',
        'SQL MiB',
        '/bound',
        'speed-up',
        'in table',
      ],
      cases.map((c) => [
        c.path,
        c.concurrency ?? '',
        c.rows,
        c.input,
        c.seconds,
        c.overLowerBound.seconds,
        c.rowsPerSecond,
        c.apiCalls,
        c.overLowerBound.apiCalls,
        c.statements,
        c.overLowerBound.statements,
        c.sqlMiB,
        c.overLowerBound.sqlMiB,
        c.speedupOverReplaced ?? '',
        c.rowsInTable,
      ]),
    ),
  )
  return { name: 'upsert', startedAt, machine: machine(), command: 'pnpm bench upsert', cases }
}
