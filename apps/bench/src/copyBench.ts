/**
 * COPY through S3 against multi-row INSERTs, side by side, through the real SDKs: the emulator
 * runs in its own process with the Data API's latency modelled, and COPY reads from s3rver in
 * another. Also the client's memory while a large stream goes through COPY.
 */
import { RedshiftStorage, type SaveMethod, type SaveSummary, staticKeys } from '@redstore/storage'
import {
  type BenchTarget,
  benchBucket,
  connectionOf,
  s3rverKeys,
  startEmulatorProcess,
  startS3Server,
} from './benchServices.js'
import { benchColumns } from './benchTable.js'
import { type BenchRow, generateRows } from './generateRows.js'

/** Latency the emulator adds: before every API answer, and to every statement's run time. */
export interface BenchLatency {
  readonly apiMs: number
  readonly statementMs: number
}

/**
 * Options of `runCopyBench`.
 *
 * @example
 * ```ts
 * const report = await runCopyBench({ rows: 100_000, memoryRows: 1_000_000 })
 * ```
 */
export interface CopyBenchOptions {
  /** Rows saved with COPY and with INSERTs, side by side. Default 100,000. */
  readonly rows?: number
  /** Also time the INSERT path at `rows` (default true). */
  readonly insert?: boolean
  /** Rows streamed through COPY for the memory and large-load figures; 0 skips. Default 1,000,000. */
  readonly memoryRows?: number
  /** Row counts timed both ways to find where COPY overtakes INSERT. Default none. */
  readonly crossoverRows?: ReadonlyArray<number>
  /** Default `{ apiMs: 20, statementMs: 100 }`. */
  readonly latency?: BenchLatency
  /** Longest description of a generated row, bytes; 200 makes rows of about 300 bytes. */
  readonly descriptionBytes?: number
  /** Progress lines. Default: none. */
  readonly log?: (line: string) => void
}

/** One timed save. */
export interface TimedSave {
  readonly method: SaveMethod
  readonly rows: number
  readonly seconds: number
  readonly statements: number
  readonly apiCalls: number
  readonly sqlMb: number
  /** COPY only: CSV and uploaded megabytes, objects. */
  readonly stagedMb?: number
  readonly uploadedMb?: number
  readonly files?: number
}

/** What `runCopyBench` measured; plain JSON. */
export interface CopyBenchReport {
  readonly name: 'copy'
  readonly startedAt: string
  readonly node: string
  readonly latency: BenchLatency
  /** Average CSV bytes of a generated row. */
  readonly rowBytes: number
  readonly sideBySide: {
    readonly copy: TimedSave
    readonly insert: TimedSave | undefined
    /** COPY time over INSERT time (the goal is at most 0.25). */
    readonly ratio: number | undefined
  }
  readonly crossover: ReadonlyArray<{
    readonly rows: number
    readonly csvBytes: number
    readonly copySeconds: number
    readonly insertSeconds: number
  }>
  readonly large:
    | (TimedSave & {
        /** Growth of the client's resident set over the save, peak, MB (goal: under 300). */
        readonly clientRssGrowthMb: number
        readonly clientHeapGrowthMb: number
      })
    | undefined
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10

const storageFor = (emulator: BenchTarget, s3Endpoint: string, name: string) =>
  new RedshiftStorage<BenchRow>({
    table: { schema: 'bench_copy', name, keys: ['id'], columns: benchColumns },
    connection: connectionOf(emulator),
    staging: {
      bucket: benchBucket,
      endpoint: s3Endpoint,
      region: 'us-east-1',
      credentials: staticKeys(s3rverKeys),
    },
  })

const timed = (method: SaveMethod, rows: number, seconds: number, s: SaveSummary): TimedSave => ({
  method,
  rows,
  seconds: Math.round(seconds * 100) / 100,
  statements: s.statements,
  apiCalls: s.apiCalls,
  sqlMb: mb(s.sqlBytes),
  ...(s.copy === undefined
    ? {}
    : {
        stagedMb: mb(s.copy.bytesStaged),
        uploadedMb: mb(s.copy.bytesUploaded),
        files: s.copy.files,
      }),
})

/** Saves `count` generated rows into a fresh table with `method`, timing init apart. */
const timeSave = async (
  emulator: BenchTarget,
  s3Endpoint: string,
  name: string,
  method: 'insert' | 'copy',
  count: number,
  descriptionBytes: number,
) => {
  const storage = storageFor(emulator, s3Endpoint, name)
  try {
    await storage.init()
    const rows = [...generateRows({ count, seed: 7, descriptionBytes })]
    const started = performance.now()
    const summary = await storage.saveData(rows, { method })
    const seconds = (performance.now() - started) / 1000
    return { save: timed(method, count, seconds, summary), summary }
  } finally {
    await storage.close()
  }
}

async function* lazyRows(count: number, descriptionBytes: number): AsyncGenerator<BenchRow> {
  let n = 0
  for (const row of generateRows({ count, seed: 11, descriptionBytes })) {
    if (++n % 2000 === 0) await new Promise((r) => setImmediate(r))
    yield row
  }
}

/**
 * Runs the COPY benchmark (see `CopyBenchOptions`) and returns its report. Starts and stops
 * its own s3rver and emulator processes; needs `@redstore/emulator` built.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(await runCopyBench({ rows: 100_000, memoryRows: 0 }), null, 2))
 * ```
 */
export const runCopyBench = async (options: CopyBenchOptions = {}): Promise<CopyBenchReport> => {
  const rows = options.rows ?? 100_000
  const memoryRows = options.memoryRows ?? 1_000_000
  const latency = options.latency ?? { apiMs: 20, statementMs: 100 }
  const descriptionBytes = options.descriptionBytes ?? 200
  const log = options.log ?? (() => undefined)
  const startedAt = new Date().toISOString()
  const s3 = await startS3Server()
  try {
    const crossover: Array<CopyBenchReport['crossover'][number]> = []
    let copy: TimedSave
    let insert: TimedSave | undefined
    let rowBytes = 0
    {
      const emulator = await startEmulatorProcess({ latency, s3Endpoint: s3.endpoint })
      try {
        for (const count of options.crossoverRows ?? []) {
          const c = await timeSave(
            emulator.target,
            s3.endpoint,
            `x_copy_${count}`,
            'copy',
            count,
            descriptionBytes,
          )
          const i = await timeSave(
            emulator.target,
            s3.endpoint,
            `x_insert_${count}`,
            'insert',
            count,
            descriptionBytes,
          )
          crossover.push({
            rows: count,
            csvBytes: c.summary.copy?.bytesStaged ?? 0,
            copySeconds: c.save.seconds,
            insertSeconds: i.save.seconds,
          })
          log(`crossover ${count} rows: copy ${c.save.seconds} s, insert ${i.save.seconds} s`)
        }
        const c = await timeSave(
          emulator.target,
          s3.endpoint,
          'side_copy',
          'copy',
          rows,
          descriptionBytes,
        )
        copy = c.save
        rowBytes = Math.round((c.summary.copy?.bytesStaged ?? 0) / rows)
        log(`copy ${rows} rows: ${copy.seconds} s`)
        if (options.insert ?? true) {
          insert = (
            await timeSave(
              emulator.target,
              s3.endpoint,
              'side_insert',
              'insert',
              rows,
              descriptionBytes,
            )
          ).save
          log(`insert ${rows} rows: ${insert.seconds} s`)
        }
      } finally {
        await emulator.stop()
      }
    }
    let large: CopyBenchReport['large']
    if (memoryRows > 0) {
      const emulator = await startEmulatorProcess({ latency, s3Endpoint: s3.endpoint })
      const storage = storageFor(emulator.target, s3.endpoint, 'large')
      try {
        await storage.init()
        const gc = (globalThis as { gc?: () => void }).gc
        gc?.()
        const base = process.memoryUsage()
        let peakRss = 0
        let peakHeap = 0
        const sample = () => {
          const now = process.memoryUsage()
          peakRss = Math.max(peakRss, now.rss - base.rss)
          peakHeap = Math.max(peakHeap, now.heapUsed - base.heapUsed)
        }
        const timer = setInterval(sample, 50)
        const started = performance.now()
        const summary = await storage.saveData(lazyRows(memoryRows, descriptionBytes), {
          method: 'copy',
        })
        const seconds = (performance.now() - started) / 1000
        clearInterval(timer)
        sample()
        large = {
          ...timed('copy', memoryRows, seconds, summary),
          clientRssGrowthMb: mb(peakRss),
          clientHeapGrowthMb: mb(peakHeap),
        }
        log(
          `copy ${memoryRows} rows (stream): ${large.seconds} s, client RSS +${large.clientRssGrowthMb} MB`,
        )
      } finally {
        await storage.close()
        await emulator.stop()
      }
    }
    return {
      name: 'copy',
      startedAt,
      node: process.version,
      latency,
      rowBytes,
      sideBySide: {
        copy,
        insert,
        ratio:
          insert === undefined
            ? undefined
            : Math.round((copy.seconds / insert.seconds) * 1000) / 1000,
      },
      crossover,
      large,
    }
  } finally {
    await s3.stop()
  }
}
