import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type BenchReport, formatTable, machine } from './BenchReport.js'
import { startEmulatorProcess, startS3Server } from './benchServices.js'

const run = promisify(execFile)

/** The client's memory while one stream of rows is saved. */
export interface MemoryCase {
  readonly method: 'insert' | 'copy'
  readonly concurrency: number
  readonly rows: number
  readonly seconds: number
  readonly batches: number
  /** SQL text sent: what the client produced, many times what it holds. */
  readonly sqlMiB: number
  readonly uploadedMiB: number | null
  /** Resident set growth over the process's size after `init()`, peak, sampled every 20 ms. */
  readonly peakRssGrowthMiB: number
  /** Heap in use (garbage included) growth, peak, sampled every 20 ms. */
  readonly peakHeapUsedGrowthMiB: number
  /** Heap still referenced after a full collection at each landed batch, peak. */
  readonly peakLiveHeapGrowthMiB: number
}

export interface MemoryBenchOptions {
  readonly rows: number
  /** Save paths measured; COPY starts s3rver. */
  readonly paths: ReadonlyArray<{
    readonly method: 'insert' | 'copy'
    readonly concurrency: number
  }>
  readonly log?: (line: string) => void
}

const probe = fileURLToPath(new URL('./memoryProbe.ts', import.meta.url))

/**
 * Streams N rows from an async iterable through RedshiftStorage, each path in a client process
 * of its own (so that its memory is the save's alone), into an emulator in its own process
 * (no latency: only memory is measured), and reports the client's peak RSS and heap.
 *
 * @example
 * ```ts
 * const report = await runMemoryBench({ rows: 1_000_000, paths: [{ method: 'insert', concurrency: 1 }] })
 * ```
 */
export const runMemoryBench = async (
  options: MemoryBenchOptions,
): Promise<BenchReport<MemoryCase>> => {
  const log = options.log ?? (() => undefined)
  const startedAt = new Date().toISOString()
  const copying = options.paths.some((p) => p.method === 'copy')
  const s3 = copying ? await startS3Server() : undefined
  const emulator = await startEmulatorProcess({
    latency: { apiMs: 0, statementMs: 0 },
    ...(s3 === undefined ? {} : { s3Endpoint: s3.endpoint }),
  })
  const cases: Array<MemoryCase> = []
  try {
    for (const path of options.paths) {
      const { stdout } = await run(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          probe,
          emulator.target.endpoint,
          emulator.target.credentials.accessKeyId,
          emulator.target.credentials.secretAccessKey,
          String(options.rows),
          path.method,
          String(path.concurrency),
          s3?.endpoint ?? '',
        ],
        {
          maxBuffer: 1 << 20,
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      )
      const measured = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Omit<
        MemoryCase,
        'method' | 'concurrency'
      >
      cases.push({ method: path.method, concurrency: path.concurrency, ...measured })
      log(
        `  memory, ${path.method} (concurrency ${path.concurrency}), ${options.rows} rows: ${stdout.trim()}`,
      )
    }
  } finally {
    await emulator.stop()
    await s3?.stop()
  }
  log(
    formatTable(
      [
        'method',
        'conc.',
        'rows',
        'seconds',
        'batches',
        'SQL MiB',
        'uploaded MiB',
        'peak RSS +MiB',
        'peak heap +MiB',
        'peak live heap +MiB',
      ],
      cases.map((c) => [
        c.method,
        c.concurrency,
        c.rows,
        c.seconds,
        c.batches,
        c.sqlMiB,
        c.uploadedMiB ?? '',
        c.peakRssGrowthMiB,
        c.peakHeapUsedGrowthMiB,
        c.peakLiveHeapGrowthMiB,
      ]),
    ),
  )
  return { name: 'memory', startedAt, machine: machine(), command: 'pnpm bench memory', cases }
}
