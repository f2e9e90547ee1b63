import { type Emulator, startEmulator } from '@redstore/emulator'
import { type LocalS3, s3rverCredentials, startLocalS3 } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type DataDir,
  emulatorEnv,
  fixture,
  makeDataDir,
  ndjson,
  runRedstore,
} from './support/run.js'
import { storedOrders } from './support/storedOrders.js'

const BUCKET = 'redstore-loads'

let s3: LocalS3
let emulator: Emulator
let data: DataDir
let env: Record<string, string>

beforeAll(async () => {
  s3 = await startLocalS3()
  await s3.createBucket(BUCKET)
  // One key pair for both: the Data API (the emulator) and S3 (s3rver knows only S3RVER).
  emulator = await startEmulator({
    credentials: [s3rverCredentials],
    s3: { endpoint: s3.endpoint, credentials: s3rverCredentials },
  })
  env = emulatorEnv(emulator)
  data = await makeDataDir()
})
afterAll(async () => {
  await emulator?.stop()
  await s3?.stop()
  await data?.remove()
})

const schema = fixture('orders.ts')

const stored = () => storedOrders(emulator)

const hostile = [
  `it's "quoted", with \\ backslashes \\\\ and a trailing one \\`,
  'CR\rLF\nCRLF\r\nand a tab\there',
  'multi-byte: Ünïcödé 日本語 🎉',
  '\\N',
  'NULL',
  '',
] as const

describe('redstore load --method copy (through a local S3 server)', () => {
  it('stages CSV on S3, COPYs and merges it: hostile values land exactly, staged files are removed', async () => {
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
    const lines = [
      'orderId,customerEmail,total,note,items,paid,blob',
      ...hostile.map(
        (note, i) =>
          `${i + 1},c${i}@x,${i}.25,${quote(note)},${quote(JSON.stringify({ note }))},${i % 2 === 0},0a0B`,
      ),
      '7,dup@x,1,\\N,,,',
      '7,dup@x,2,last,,,',
    ]
    const file = await data.write('copy.csv', `${lines.join('\r\n')}\r\n`)
    const run = await runRedstore(
      [
        'load',
        schema,
        file,
        '--method',
        'copy',
        '--staging-bucket',
        BUCKET,
        '--staging-prefix',
        'cli/',
        '--s3-endpoint',
        s3.endpoint,
      ],
      { cwd: data.dir, env },
    )
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^loaded copy\.csv into shop\.orders: 8 rows read, 7 written, 1 duplicate key collapsed, 0 bad lines skipped; 1 batch, \d+ statements, \d+ API calls, 0 retries; method copy;/,
    )
    const records = await stored()
    expect(records.map((r) => r['note'])).toEqual([...hostile, 'last'])
    expect(records.slice(0, 6).map((r) => (r['items'] as { note: string }).note)).toEqual([
      ...hostile,
    ])
    expect(records[0]).toMatchObject({ total: '0.25', paid: true, blob: Uint8Array.from([10, 11]) })
    expect(records[6]).toMatchObject({ orderId: 7n, total: '2.00' })
    expect(await s3.keys(BUCKET, 'cli/')).toEqual([])
  })

  it('with --method auto from REDSTORE_* variables, a row too long for an INSERT sends the load through COPY', async () => {
    const file = await data.write(
      'long.ndjson',
      ndjson([
        {
          orderId: 100,
          customerEmail: 'long@x',
          total: 1,
          note: 'ü'.repeat(30_000),
          items: { s: 'x'.repeat(50_000) },
        },
        { orderId: 101, customerEmail: 'short@x', total: 1 },
      ]),
    )
    const run = await runRedstore(['load', schema, file], {
      cwd: data.dir,
      env: {
        ...env,
        REDSTORE_STAGING_BUCKET: BUCKET,
        REDSTORE_STAGING_PREFIX: 'auto/',
        REDSTORE_S3_ENDPOINT: s3.endpoint,
      },
    })
    expect(run.errors).toEqual([
      'redstore load: 1 row is too long for an INSERT statement, so the load goes through S3 with COPY.',
    ])
    expect(run.stdout).toMatch(/: 2 rows read, 2 written, .*; method copy;/)
    const long = (await stored()).find((r) => r['orderId'] === 100n)
    expect(long?.['note']).toBe('ü'.repeat(30_000))
    expect(long?.['items']).toEqual({ s: 'x'.repeat(50_000) })

    // Without a staging bucket the same row is a bad line: an INSERT cannot carry it.
    const insert = await runRedstore(['load', schema, file], { cwd: data.dir, env })
    expect(insert.code).toBe(1)
    expect(insert.errors[0]).toMatch(
      /^long\.ndjson:1: the row needs an INSERT of 110\d{3} bytes, over the statement limit of 98304 bytes; load it through S3 with --method copy/,
    )
  })

  it('--emulator with --s3-endpoint and --iam-role: the local emulator COPYs from the local S3 server', async () => {
    const file = await data.write(
      'local.ndjson',
      ndjson([{ orderId: 1, customerEmail: 'a@x', total: '1.50', note: 'x"y\\z' }]),
    )
    const run = await runRedstore(
      [
        'load',
        schema,
        file,
        '--emulator',
        '--method',
        'copy',
        '--staging-bucket',
        BUCKET,
        '--staging-prefix',
        'local/',
        '--s3-endpoint',
        s3.endpoint,
        '--iam-role',
        'arn:aws:iam::123456789012:role/redshift-load',
      ],
      // The uploads and the emulator's COPY sign with the default chain: s3rver's keys.
      { cwd: data.dir, env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' } },
    )
    expect(run.code).toBe(0)
    expect(run.errors).toHaveLength(1)
    expect(run.stdout).toMatch(
      /^loaded local\.ndjson into shop\.orders: 1 row read, 1 written, .*; method copy;/,
    )
    expect(run.stderr).not.toContain('S3RVER')
    expect(await s3.keys(BUCKET, 'local/')).toEqual([])
  })
})
