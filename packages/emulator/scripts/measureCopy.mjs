// Measures COPY of N ~300-byte rows (gzipped CSV or JSON) through the built emulator on PGlite.
// Usage (after `pnpm build`): node --expose-gc scripts/measureCopy.mjs <rows> <csv|json> <files> [postgres://url]
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { gzipSync } from 'node:zlib'
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { startEmulator } from '../dist/index.js'

const n = Number(process.argv[2] ?? 100000)
const format = process.argv[3] ?? 'csv'
const files = Number(process.argv[4] ?? 4)
const backend = process.argv[5] ? { postgresUrl: process.argv[5] } : 'pglite'
const child = spawn(
  process.execPath,
  [
    '--openssl-legacy-provider',
    new URL('../test/support/s3rverProcess.mjs', import.meta.url).pathname,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
)
const port = await new Promise((resolve) =>
  createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l).port)),
)
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
const endpoint = `http://127.0.0.1:${port}`
const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
const emulator = await startEmulator({ backend, s3: { endpoint, credentials } })
const client = new RedshiftDataClient({
  endpoint: emulator.endpoint,
  region: emulator.region,
  credentials: emulator.credentials,
})
const run = async (sql) => {
  const { Id } = await client.send(
    new ExecuteStatementCommand({ WorkgroupName: 'default', Database: 'dev', Sql: sql }),
  )
  for (;;) {
    const d = await client.send(new DescribeStatementCommand({ Id }))
    if (['FINISHED', 'FAILED', 'ABORTED'].includes(d.Status)) return d
    await new Promise((r) => setTimeout(r, 200))
  }
}
await run('drop table if exists bench')
await run(
  'create table bench (id bigint, name varchar(64), amount decimal(18,4), at timestamp, note varchar(256), flag boolean)',
)
const note =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo'
let bytes = 0
const per = Math.ceil(n / files)
for (let f = 0; f < files; f++) {
  const lines = []
  for (let i = f * per; i < Math.min(n, (f + 1) * per); i++) {
    const at = `2024-01-02 03:04:05.${String(i % 1000000).padStart(6, '0')}`
    if (format === 'csv')
      lines.push(`${i},"name ${i}, the ""${i % 97}""",${i}.1234,${at},"${note}",${i % 2 === 0}`)
    else
      lines.push(
        JSON.stringify({
          id: i,
          name: `name ${i}, the "${i % 97}"`,
          amount: `${i}.1234`,
          at,
          note,
          flag: i % 2 === 0,
        }),
      )
  }
  const text = Buffer.from(`${lines.join('\n')}\n`)
  bytes += text.length
  await s3.send(
    new PutObjectCommand({ Bucket: 'bench', Key: `rows/part-${f}.gz`, Body: gzipSync(text) }),
  )
}
global.gc?.()
const before = process.memoryUsage().rss
let peak = before
let heapPeak = 0
const timer = setInterval(() => {
  const m = process.memoryUsage()
  peak = Math.max(peak, m.rss)
  heapPeak = Math.max(heapPeak, m.heapUsed)
}, 100)
const started = performance.now()
const d = await run(
  `copy bench from 's3://bench/rows/' iam_role 'arn:aws:iam::123456789012:role/r' ${format === 'csv' ? 'csv' : "json 'auto'"} gzip`,
)
const seconds = (performance.now() - started) / 1000
clearInterval(timer)
console.log(
  JSON.stringify({
    n,
    format,
    files,
    backend: typeof backend === 'string' ? backend : 'postgres',
    uncompressedMB: Math.round(bytes / 1e6),
    status: d.Status,
    error: d.Error,
    rows: d.ResultRows,
    seconds: Number(seconds.toFixed(1)),
    rowsPerSecond: Math.round(n / seconds),
    rssBeforeMB: Math.round(before / 1e6),
    rssPeakMB: Math.round(peak / 1e6),
    jsHeapPeakMB: Math.round(heapPeak / 1e6),
  }),
)
client.destroy()
s3.destroy()
await emulator.stop()
child.stdin.end()
