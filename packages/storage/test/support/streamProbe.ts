/**
 * Run as its own process with --expose-gc: streams rows from an async generator into the
 * emulator at argv[2] and prints what the process's memory did, as one JSON line.
 */
import { RedshiftStorage, staticKeys } from '../../src/index.js'

const [endpoint, accessKeyId, secretAccessKey, count, concurrency] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with --expose-gc')

const storage = new RedshiftStorage({
  table: {
    schema: 'memory',
    name: `stream_${concurrency}`,
    keys: ['id'],
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'name', type: 'VARCHAR(100)' },
      { name: 'note', type: 'VARCHAR(400)' },
      { name: 'amount', type: 'DECIMAL(12,2)' },
      { name: 'tags', type: 'SUPER' },
    ],
  },
  connection: {
    endpoint,
    region: 'us-east-1',
    workgroupName: 'default',
    database: 'dev',
    credentials: staticKeys({
      accessKeyId: accessKeyId ?? '',
      secretAccessKey: secretAccessKey ?? '',
    }),
  },
  concurrency: Number(concurrency),
})

async function* rows(n: number) {
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) await new Promise((r) => setImmediate(r))
    yield {
      id: i,
      name: `customer number ${i} of the stream`,
      note: `${'note '.repeat(20)}${i}`,
      amount: `${i % 10000}.${i % 100}`,
      tags: ['a', i % 7],
    }
  }
}

await storage.init()
gc()
const base = process.memoryUsage()
let peakHeap = 0
let peakRss = 0
let sampled = 0
// Between batches too: heap in use, garbage included, every 20 ms.
let peakHeapUsed = 0
const timer = setInterval(() => {
  peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed - base.heapUsed)
}, 20)
const summary = await storage.saveData(rows(Number(count)), {
  onProgress: () => {
    gc()
    const now = process.memoryUsage()
    peakHeap = Math.max(peakHeap, now.heapUsed - base.heapUsed)
    peakRss = Math.max(peakRss, now.rss - base.rss)
    sampled++
  },
})
clearInterval(timer)
await storage.close()
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10
console.log(
  JSON.stringify({
    rowsWritten: summary.rowsWritten,
    batches: summary.batches,
    samples: sampled,
    liveHeapGrowthMb: mb(peakHeap),
    heapUsedGrowthMb: mb(peakHeapUsed),
    rssGrowthMb: mb(peakRss),
    sqlMb: mb(summary.sqlBytes),
  }),
)
