/**
 * Run in a process of its own with --expose-gc (see `memoryBench.ts`): streams N generated rows
 * from an async generator through RedshiftStorage into the emulator at argv[2], and prints, as
 * one JSON line, what this process's memory did meanwhile.
 */
import { RedshiftStorage, staticKeys } from '@redstore/storage'
import { benchBucket, s3rverKeys } from './benchServices.js'
import { benchTable10 } from './benchTable.js'
import { generateRows10 } from './generateRows.js'

const [endpoint, accessKeyId, secretAccessKey, count, method, concurrency, s3Endpoint] =
  process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with --expose-gc')

const storage = new RedshiftStorage({
  table: benchTable10('bench_memory', `stream_${method}_${concurrency}`),
  connection: {
    endpoint,
    region: 'us-east-1',
    workgroupName: 'default',
    database: 'dev',
    credentials: staticKeys({
      accessKeyId: accessKeyId ?? '',
      secretAccessKey: secretAccessKey ?? '',
    }),
    statementTimeout: 1_800_000,
  },
  concurrency: Number(concurrency),
  ...(s3Endpoint === undefined || s3Endpoint === ''
    ? {}
    : {
        staging: {
          bucket: benchBucket,
          endpoint: s3Endpoint,
          region: 'us-east-1',
          credentials: staticKeys(s3rverKeys),
        },
      }),
})

async function* rows(n: number) {
  let i = 0
  for (const row of generateRows10({ count: n, seed: 3 })) {
    if (++i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve))
    yield row
  }
}

await storage.init()
gc()
const base = process.memoryUsage()
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10
let peakRss = 0
let peakHeapUsed = 0
let peakLiveHeap = 0
const sample = () => {
  const now = process.memoryUsage()
  peakRss = Math.max(peakRss, now.rss - base.rss)
  peakHeapUsed = Math.max(peakHeapUsed, now.heapUsed - base.heapUsed)
}
const timer = setInterval(sample, 20)
const started = performance.now()
const summary = await storage.saveData(rows(Number(count)), {
  method: method === 'copy' ? 'copy' : 'insert',
  onProgress: () => {
    // Live heap: what is still referenced after a full collection, at each landed batch.
    gc()
    peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed - base.heapUsed)
    sample()
  },
})
const seconds = (performance.now() - started) / 1000
clearInterval(timer)
await storage.close()
console.log(
  JSON.stringify({
    rows: summary.rowsWritten,
    seconds: Math.round(seconds * 10) / 10,
    batches: summary.batches,
    sqlMiB: mb(summary.sqlBytes),
    uploadedMiB: summary.copy === undefined ? null : mb(summary.copy.bytesUploaded),
    peakRssGrowthMiB: mb(peakRss),
    peakHeapUsedGrowthMiB: mb(peakHeapUsed),
    peakLiveHeapGrowthMiB: mb(peakLiveHeap),
  }),
)
