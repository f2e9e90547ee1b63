import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import {
  DescribeStatementCommand,
  type DescribeStatementCommandOutput,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data'
import { type LocalS3, s3rverCredentials, startLocalS3 } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { plain, ROLE } from './support/copyHarness.js'
import { hostileValues } from './support/nativeCopySuite.js'

// A large COPY converts in a worker thread, which runs the compiled package: this file builds
// it (as the CLI test does) and loads objects of more than 1 MiB through the compiled CLI.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 })

const packageDir = fileURLToPath(new URL('../..', import.meta.url))
const cacheDir = `${packageDir}node_modules/.cache`
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

let outDir: string
let s3: LocalS3
let child: ChildProcess
let client: RedshiftDataClient

beforeAll(async () => {
  mkdirSync(cacheDir, { recursive: true })
  outDir = mkdtempSync(`${cacheDir}/redstore-copy-worker-test-`)
  // Emits even when unrelated files fail to typecheck: typecheck is its own task.
  await promisify(execFile)(
    `${packageDir}node_modules/.bin/tsc`,
    ['-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: packageDir },
  ).catch(() => undefined)
  cpSync(`${packageDir}src/model/service-2.json`, `${outDir}/model/service-2.json`)
  expect(existsSync(`${outDir}/engine/copy/convertWorker.js`)).toBe(true)
  s3 = await startLocalS3()
  await s3.createBucket('big')
  const credential = `${s3rverCredentials.accessKeyId}:${s3rverCredentials.secretAccessKey}`
  child = spawn(
    process.execPath,
    [
      `${outDir}/cli.js`,
      '--port',
      '0',
      '--s3-endpoint',
      s3.endpoint,
      '--s3-credential',
      credential,
    ],
    { env, stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const info = await new Promise<{
    endpoint: string
    region: string
    credentials: { accessKeyId: string; secretAccessKey: string }
  }>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const newline = stdout.indexOf('\n')
      if (newline >= 0) resolve(JSON.parse(stdout.slice(0, newline)))
    })
    child.on('exit', (code, signal) =>
      reject(new Error(`the CLI exited with ${code ?? signal} before it was listening`)),
    )
  })
  client = new RedshiftDataClient({ ...info, maxAttempts: 1 })
})

afterAll(async () => {
  client?.destroy()
  // A child killed by a signal has a null exitCode and will never exit again.
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  await s3?.stop()
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true })
})

const run = async (sql: string): Promise<DescribeStatementCommandOutput> => {
  const { Id } = await client.send(
    new ExecuteStatementCommand({ WorkgroupName: 'default', Database: 'dev', Sql: sql }),
  )
  for (;;) {
    const d = await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 20 }))
    if (d.Status === 'FINISHED' || d.Status === 'FAILED' || d.Status === 'ABORTED') return d
  }
}

const ok = async (sql: string): Promise<DescribeStatementCommandOutput> => {
  const d = await run(sql)
  if (d.Status !== 'FINISHED')
    throw new Error(`${sql.slice(0, 200)}\nended ${d.Status}: ${d.Error}`)
  return d
}

const rows = async (sql: string): Promise<unknown[][]> => {
  const d = await ok(sql)
  const result = await client.send(new GetStatementResultCommand({ Id: d.Id }))
  return plain(result.Records ?? [])
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex')
const quoted = (value: string): string => `"${value.replaceAll('"', '""')}"`
const textOfRow = (i: number): string =>
  `${hostileValues[i % hostileValues.length]} ${md5(String(i))}${md5(`${i}.`)}${md5(`${i}..`)}${md5(`${i}...`)}`
const refusedDoc = `{"s":"${'x'.repeat(70_000)}"}`
const LOAD_FAILED = (table: string) =>
  `ERROR: Load into table '${table}' failed. Check 'stl_load_errors' system table for details.`

/** The table's rows as one digest, to compare with what the test wrote. */
const digest = async (table: string): Promise<unknown> =>
  (
    await rows(
      `select md5(string_agg(id || ':' || v || ':' || json_serialize(doc), '|' order by id)) from ${table}`,
    )
  )[0]?.[0]

describe('a large COPY, converted in a worker thread', () => {
  const count = 30_000
  const badValue = 100
  const refused = [7, 20_000]

  it('stores every row exactly, and reports bad values and refused rows with their lines', async () => {
    await ok('create table big_csv (id int, v varchar(300), doc super)')
    const lines: string[] = []
    // The line a record starts on: quoted values with line feeds take several.
    const lineOf = new Map<number, number>()
    const recordOf = new Map<number, string>()
    let line = 1
    for (let i = 1; i <= count; i++) {
      const id = i === badValue ? `x${i}` : String(i)
      const doc = refused.includes(i) ? refusedDoc : JSON.stringify({ i, v: textOfRow(i) })
      const record = `${id},${quoted(textOfRow(i))},${quoted(doc)}`
      lineOf.set(i, line)
      recordOf.set(i, record)
      line += record.split('\n').length
      lines.push(record)
    }
    const body = gzipSync(`${lines.join('\n')}\n`)
    expect(body.length).toBeGreaterThan(1024 * 1024)
    await s3.put('s3://big/csv/part-0.gz', body)
    const d = await ok(`copy big_csv from 's3://big/csv/' ${ROLE} csv gzip maxerror 3`)
    expect(d.ResultRows).toBe(count - 3)
    const kept = Array.from({ length: count }, (_, k) => k + 1).filter(
      (i) => i !== badValue && !refused.includes(i),
    )
    expect(await digest('big_csv')).toBe(
      md5(
        kept.map((i) => `${i}:${textOfRow(i)}:${JSON.stringify({ i, v: textOfRow(i) })}`).join('|'),
      ),
    )
    expect(
      await rows(
        `select line_number, trim(colname), err_code, trim(filename) from stl_load_errors where query = ${d.RedshiftQueryId} order by line_number`,
      ),
    ).toEqual([
      [lineOf.get(7), '', 1204, 's3://big/csv/part-0.gz'],
      [lineOf.get(100), 'id', 1207, 's3://big/csv/part-0.gz'],
      [lineOf.get(20_000), '', 1204, 's3://big/csv/part-0.gz'],
    ])

    expect(
      await rows(
        `select trim(raw_line) from stl_load_errors where query = ${d.RedshiftQueryId} order by line_number`,
      ),
    ).toEqual(
      [7, 100, 20_000].map((i) => [
        (recordOf.get(i) ?? '')
          .replace(/[^\x00-\x7f]/gu, '.')
          .slice(0, 1024)
          .trim(),
      ]),
    )
    await ok('truncate big_csv')
    const failed = await run(`copy big_csv from 's3://big/csv/' ${ROLE} csv gzip maxerror 2`)
    expect(failed.Error).toBe(LOAD_FAILED('big_csv'))
    expect(await rows('select count(*) from big_csv')).toEqual([[0]])
    expect(
      await rows(
        `select line_number from stl_load_errors where query = ${failed.RedshiftQueryId} order by line_number`,
      ),
    ).toEqual([[lineOf.get(7)], [lineOf.get(100)], [lineOf.get(20_000)]])
  })

  it('loads JSON objects and several objects of a manifest in order, skipping a missing optional one', async () => {
    await ok('create table big_json (id int, v varchar(300), doc super)')
    const half = count / 2
    const part = (from: number, to: number) => {
      const objects: string[] = []
      for (let i = from; i <= to; i++) {
        objects.push(JSON.stringify({ id: i, v: textOfRow(i), doc: { i, v: textOfRow(i) } }))
      }
      return `${objects.join('\n')}\n`
    }
    const first = part(1, half)
    const second = part(half + 1, count)
    await s3.put('s3://big/json/a.json', first)
    await s3.put('s3://big/json/b.json', second)
    const entry = (url: string, bytes?: number) => ({
      url,
      mandatory: bytes !== undefined,
      ...(bytes === undefined ? {} : { meta: { content_length: bytes } }),
    })
    await s3.put(
      's3://big/json/manifest',
      JSON.stringify({
        entries: [
          entry('s3://big/json/a.json', Buffer.byteLength(first)),
          entry('s3://big/json/missing.json'),
          entry('s3://big/json/b.json', Buffer.byteLength(second)),
        ],
      }),
    )
    const d = await ok(`copy big_json from 's3://big/json/manifest' ${ROLE} manifest json 'auto'`)
    expect(d.ResultRows).toBe(count)
    expect(await digest('big_json')).toBe(
      md5(
        Array.from({ length: count }, (_, k) => k + 1)
          .map((i) => `${i}:${textOfRow(i)}:${JSON.stringify({ i, v: textOfRow(i) })}`)
          .join('|'),
      ),
    )
  })

  it('fails on GZIP data that ends in the middle, storing nothing', async () => {
    await ok('create table big_broken (id int, v varchar(300))')
    const lines: string[] = []
    for (let i = 1; i <= count; i++) lines.push(`${i},${quoted(textOfRow(i))}`)
    const body = gzipSync(`${lines.join('\n')}\n`)
    const cut = body.subarray(0, Math.floor(body.length * 0.8))
    expect(cut.length).toBeGreaterThan(1024 * 1024)
    await s3.put('s3://big/broken.gz', cut)
    const d = await run(`copy big_broken from 's3://big/broken.gz' ${ROLE} csv gzip`)
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toMatch(
      /^ERROR: gzip: s3:\/\/big\/broken\.gz: .*; the object is not valid GZIP data$/,
    )
    expect(await rows('select count(*) from big_broken')).toEqual([[0]])
  })
})
