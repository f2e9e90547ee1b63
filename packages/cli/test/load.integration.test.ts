import { createDataApiClient, type DataApiClient } from '@redstore/data-api'
import { type Emulator, startEmulator } from '@redstore/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type DataDir,
  emulatorEnv,
  fixture,
  makeDataDir,
  ndjson,
  runRedstore,
  startRedstore,
} from './support/run.js'
import { emulatorConnection, storedOrders } from './support/storedOrders.js'

let emulator: Emulator
let client: DataApiClient
let data: DataDir
let env: Record<string, string>

beforeAll(async () => {
  emulator = await startEmulator()
  env = emulatorEnv(emulator)
  client = createDataApiClient(emulatorConnection(emulator))
  data = await makeDataDir()
})
afterAll(async () => {
  await client?.close()
  await emulator?.stop()
  await data?.remove()
})
beforeEach(async () => {
  await client.execute('DROP TABLE IF EXISTS shop.orders')
})

const schema = fixture('orders.ts')
const load = (args: ReadonlyArray<string>, stdin?: string) =>
  runRedstore(['load', schema, ...args], {
    cwd: data.dir,
    env,
    ...(stdin === undefined ? {} : { stdin }),
  })

const stored = () => storedOrders(emulator)

const tableExists = async (): Promise<boolean> =>
  client.query('SELECT COUNT(*) AS n FROM shop.orders').then(
    () => true,
    (error: unknown) => {
      if (/does not exist/.test(String((error as Error).message))) return false
      throw error
    },
  )

/** Values that break naive quoting, CSV writers and byte counting. */
const hostile = [
  `it's "quoted", with \\ backslashes \\\\ and a trailing one \\`,
  'CR\rLF\nCRLF\r\nand a tab\there',
  'multi-byte: Ünïcödé 日本語 🎉',
  "'); DROP TABLE shop.orders; --",
  '\\N',
  'NULL',
  '',
  ' padded ',
] as const

describe('redstore load NDJSON', () => {
  it('loads hostile values exactly: quotes, backslashes, CR/LF, multi-byte, \\N, exact numbers', async () => {
    const rows = hostile.map((note, i) => ({
      orderId: i + 1,
      customerEmail: `c${i}@example.com`,
      total: '10.50',
      note,
      items: { note, list: [1, 'two', { three: null }] },
      paid: i % 2 === 0,
      placedAt: '2026-01-02T03:04:05.123456Z',
      blob: '00ff10',
    }))
    // Numbers JSON.parse would round: a DECIMAL with 19 digits, an id past 2^53.
    const exact =
      '{"orderId": 9007199254740993, "customerEmail": "big@example.com", "total": 12345678901234567.89, "note": null}'
    const file = await data.write('orders.ndjson', `${ndjson(rows)}\n   \n${exact}\n`)
    const run = await load([file])
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^loaded orders\.ndjson into shop\.orders: 9 rows read, 9 written, 0 duplicate keys collapsed, 0 bad lines skipped; 1 batch, \d+ statements, \d+ API calls, 0 retries; method insert; [\d.]+ s \(check [\d.]+ s\), [\d.]+ MB\/s\n$/,
    )
    const records = await stored()
    expect(records.map((r) => r['note'])).toEqual([...hostile, null])
    expect(records[0]).toMatchObject({
      orderId: 1n,
      total: '10.50',
      items: { note: hostile[0], list: [1, 'two', { three: null }] },
      paid: true,
      blob: Uint8Array.from([0, 255, 16]),
    })
    expect(records[8]).toMatchObject({ orderId: 9007199254740993n, total: '12345678901234567.89' })
  })

  it('reports every bad line as file:line: reason and lands nothing, not even the table', async () => {
    const good = (id: number) => JSON.stringify({ orderId: id, customerEmail: `${id}@x`, total: 1 })
    const file = await data.write(
      'bad.ndjson',
      [
        good(1),
        '{"orderId": 2, "customerEmail": "x", "total": 1',
        good(3),
        '',
        '{"orderId": 4, "customerEmail": "x", "total": "1.005"}',
        '["not", "an", "object"]',
        '{"customerEmail": "no key", "total": 1}',
        '{"orderId": 8, "customerEmail": "x", "total": 1, "colour": "red"}',
        good(9),
      ].join('\n'),
    )
    const run = await load([file])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.errors).toEqual([
      "bad.ndjson:2: invalid JSON at column 48: Expected ',' or '}' after property value",
      'bad.ndjson:5: value for column "total" (DECIMAL(20,2)) has 3 fractional digits, more than the scale 2 of DECIMAL(20,2); round it first (for a number, value.toFixed(2))',
      'bad.ndjson:6: is JSON an array, not an object; write one JSON object per line ({"column": value, ...})',
      'bad.ndjson:7: no value for key column "orderid"; every row needs one (NULL keys never match in MERGE)',
      'bad.ndjson:8: field "colour" is not a column of shop.orders; add it to the schema file, or pass --unknown-fields ignore',
      'redstore load: bad.ndjson has 5 bad lines, more than --max-bad-lines 0 allows; nothing was loaded (shop.orders was not touched). Correct the lines and run again, or let up to n bad lines be skipped with --max-bad-lines n.',
    ])
    expect(await tableExists()).toBe(false)

    // Four allowed are still too few: nothing is sent.
    const four = await load([file, '--max-bad-lines', '4', '--show-bad-lines', '2'])
    expect(four.code).toBe(1)
    expect(four.errors.slice(2)).toEqual([
      'bad.ndjson: ... and 3 more bad lines (--show-bad-lines all prints every one)',
      'redstore load: bad.ndjson has 5 bad lines, more than --max-bad-lines 4 allows; nothing was loaded (shop.orders was not touched). Correct the lines and run again, or let up to n bad lines be skipped with --max-bad-lines n.',
    ])
    expect(await tableExists()).toBe(false)

    // Five allowed: they are skipped and the rest lands.
    const five = await load([file, '--max-bad-lines', '5', '--unknown-fields', 'error'])
    expect(five.code).toBe(0)
    expect(five.errors).toHaveLength(5)
    expect(five.stdout).toMatch(
      /: 8 rows read, 3 written, 0 duplicate keys collapsed, 5 bad lines skipped;/,
    )
    expect((await stored()).map((r) => r['orderId'])).toEqual([1n, 3n, 9n])
  })

  it('with --single-pass, a bad line over the limit stops the load after the rows before it land', async () => {
    const lines = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({ orderId: i + 1, customerEmail: `${i + 1}@x`, total: i }),
    )
    lines[50] = '{"orderId": 51, "customerEmail": "x", "total": "lots"}'
    const file = await data.write('stream.ndjson', `${lines.join('\n')}\n`)
    const run = await load([file, '--single-pass', '--concurrency', '1'])
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      'stream.ndjson:51: value for column "total" (DECIMAL(20,2)) is the string "lots", not a decimal number',
      'redstore load: stream.ndjson:51: 1 bad line, more than --max-bad-lines 0 allows',
      '50 rows landed in shop.orders (1 batch): the rows of lines 1 to 50; from line 51 on, nothing landed. Rows are upserted by key: running the same command again is safe.',
    ])
    expect((await stored()).length).toBe(50)
  })

  it('reads stdin (-) with --format, spooling it for the check, and collapses duplicate keys', async () => {
    const text = ndjson([
      { orderId: 1, customerEmail: 'first@x', total: 1 },
      { orderId: 2, customerEmail: 'b@x', total: 2 },
      { orderId: 1, customerEmail: 'second@x', total: 3 },
    ])
    const run = await load(['-', '--format', 'ndjson', '--json'], text)
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const summary = JSON.parse(run.stdout) as Record<string, unknown>
    expect(summary).toMatchObject({
      file: 'stdin',
      table: 'shop.orders',
      method: 'insert',
      rowsRead: 3,
      rowsWritten: 2,
      duplicateKeysCollapsed: 1,
      badLines: 0,
      bytesRead: Buffer.byteLength(text),
    })
    expect((await stored()).map((r) => [r['orderId'], r['customerEmail']])).toEqual([
      [1n, 'second@x'],
      [2n, 'b@x'],
    ])
    const bad = await load(['-', '--format', 'ndjson'], '{"orderId": 1}\n')
    expect(bad.code).toBe(1)
    expect(bad.errors[0]).toBe(
      'stdin:1: value for column "customeremail" (VARCHAR(320)) is absent, but the column is NOT NULL; give every row a value for it or make it nullable',
    )
  })
  it('on SIGINT, stops reading stdin (even while it waits for data) and lands the rows read before', async () => {
    const running = startRedstore(
      ['load', schema, '-', '--format', 'ndjson', '--single-pass', '--verbose'],
      { cwd: data.dir, env },
    )
    await running.waitForError(/^redstore: loading stdin into shop\.orders/)
    running.stdin.write(
      ndjson(
        Array.from({ length: 10 }, (_, i) => ({ orderId: i + 1, customerEmail: 'x', total: i })),
      ),
    )
    // The rows are read; stdin stays open, so the storage waits for more.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    running.kill('SIGINT')
    const run = await running.done
    expect(run.code).toBe(1)
    expect(run.errors.slice(-2)).toEqual([
      'redstore load: stdin:11: interrupted (SIGINT or SIGTERM); reading stopped here',
      '10 rows landed in shop.orders (1 batch): the rows of lines 1 to 10; from line 11 on, nothing landed. Rows are upserted by key: running the same command again is safe.',
    ])
    expect((await stored()).length).toBe(10)
  })
})

describe('redstore load CSV', () => {
  it('loads quoted CR/LF, doubled quotes, backslashes and multi-byte text; \\N is NULL, "" is empty, an empty field keeps the stored value', async () => {
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
    const header = 'orderId,customerEmail,total,note,items,paid,blob'
    const records = hostile.map(
      (note, i) =>
        `${i + 1},${quote(`c${i}@example.com`)},10.50,${quote(note)},${quote(JSON.stringify({ note }))},${i % 2 === 0 ? 'TRUE' : 'f'},00FF`,
    )
    const file = await data.write('orders.csv', `${[header, ...records].join('\r\n')}\r\n`)
    const run = await load([file])
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const first = await stored()
    expect(first.map((r) => r['note'])).toEqual([...hostile])
    expect(first.map((r) => (r['items'] as { note: string }).note)).toEqual([...hostile])
    expect(first.map((r) => r['paid'])).toEqual(hostile.map((_, i) => i % 2 === 0))

    // Second load: an empty unquoted field keeps the stored note, \N writes NULL, "" the empty string.
    const update = await data.write(
      'update.csv',
      'orderId,customerEmail,total,note\n1,a@x,1,\n2,b@x,2,\\N\n3,c@x,3,""\n4,d@x,4,"\\N"\n',
    )
    const second = await load([update])
    expect(second.code).toBe(0)
    const notes = (await stored()).slice(0, 4).map((r) => r['note'])
    expect(notes).toEqual([hostile[0], null, '', '\\N'])
  })

  it('reports field counts, bad quotes and bad values at the line their record starts', async () => {
    const file = await data.write(
      'bad.csv',
      [
        'orderId,customerEmail,total,paid',
        '1,a@x,1,true',
        '2,"multi',
        'line",2,maybe',
        '3,c@x',
        '4,d"x,4,t',
        '5,e@x,5,t',
      ].join('\n'),
    )
    const run = await load([file, '--check'])
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      'bad.csv:3: column "paid" (BOOLEAN): "maybe" is not a boolean; write true or false (or t/f, yes/no, 1/0)',
      'bad.csv:5: has 2 fields, the header has 4',
      'bad.csv:6: a quote inside the unquoted field 2 (line 6, column 4); quote the whole field and double the quote ("a ""b"" c")',
      'redstore load: bad.csv has 3 bad lines, more than --max-bad-lines 0 allows; nothing was loaded (shop.orders was not touched). Correct the lines and run again, or let up to n bad lines be skipped with --max-bad-lines n.',
    ])
    const ok = await load([file, '--check', '--max-bad-lines', '3'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(
      /^checked bad\.csv against shop\.orders: 2 good rows, 3 bad lines \(within --max-bad-lines 3\); nothing was sent/,
    )
    expect(await tableExists()).toBe(false)
  })

  it('refuses a header that names columns the table lacks, before reading on', async () => {
    const file = await data.write('header.csv', 'orderId,email,total\n1,a@x,1\n')
    const run = await load([file])
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      'redstore load: header.csv:1: the header names "email", which table shop.orders does not have (its columns: "orderId", "customerEmail", "total", "note", "items", "paid", "placedAt", "blob"); the header lacks "customerEmail", which every row needs (key or NOT NULL columns). Fix: The first record names the columns, as the schema file names them; correct the header, or pass --unknown-fields ignore to skip fields the table lacks.',
    ])
  })

  it('reads CSV from stdin and OWOX *.schema.json schema files', async () => {
    const run = await runRedstore(['load', fixture('events.schema.json'), '-', '--format', 'csv'], {
      cwd: data.dir,
      env,
      stdin: 'id,name,amount,payload\n1,"a, b",1.25,"{""k"": [1]}"\n',
    })
    expect(run.errors).toEqual([])
    expect(run.stdout).toMatch(/^loaded stdin into analytics\.events: 1 row read, 1 written/)
    const rows = await client.query('SELECT id, name, amount FROM analytics.events')
    expect(rows.map((r) => [Number(r['id']), r['name'], r['amount']])).toEqual([
      [1, 'a, b', '1.25'],
    ])
  })
})

describe('the command line', () => {
  it('prints help for redstore and for load, and exits 2 on a usage error', async () => {
    const help = await runRedstore(['--help'], { cwd: data.dir })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: redstore <command> [options]')
    expect(help.stdout).toContain('load     load an NDJSON or CSV file')
    const loadHelp = await runRedstore(['load', '--help'], { cwd: data.dir })
    expect(loadHelp.code).toBe(0)
    expect(loadHelp.stdout).toContain('Usage: redstore load <schema-file> <data.ndjson|data.csv|->')
    const unknown = await runRedstore(['unload'], { cwd: data.dir })
    expect(unknown.code).toBe(2)
    expect(unknown.errors[0]).toBe(
      'redstore unload: "unload" is not a redstore command. Fix: Use one of: load (redstore --help lists them).',
    )
    const flag = await runRedstore(['load', schema, 'x.csv', '--frobnicate'], { cwd: data.dir })
    expect(flag.code).toBe(2)
    expect(flag.errors[0]).toMatch(/^redstore load: Unknown option '--frobnicate'\./)
    expect(flag.errors[1]).toBe('Run redstore load --help for the options.')
  })

  it('exits 2 when the environment names no connection, and says what to set', async () => {
    const file = await data.write(
      'one.ndjson',
      '{"orderId": 1, "customerEmail": "a", "total": 1}\n',
    )
    const run = await runRedstore(['load', schema, file], {
      cwd: data.dir,
      env: { AWS_SECRET_ACCESS_KEY: 'do-not-print-me' },
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/REDSHIFT_WORKGROUP or REDSHIFT_CLUSTER/)
    expect(run.stderr).toMatch(/--emulator/)
    expect(run.stderr).not.toContain('do-not-print-me')
  })

  it('picks a table of a module with several by --table, and says which there are without it', async () => {
    const file = await data.write('people.csv', 'id,name\n1,Ann\n')
    const without = await runRedstore(['load', fixture('two-tables.ts'), file], {
      cwd: data.dir,
      env,
    })
    expect(without.code).toBe(2)
    expect(without.errors[0]).toMatch(
      /defines 2 tables \(customers, suppliers\)\. Fix: Pick one with --table <export>, e\.g\. --table customers\.$/,
    )
    const picked = await runRedstore(
      ['load', fixture('two-tables.ts'), file, '--table', 'suppliers'],
      { cwd: data.dir, env },
    )
    expect(picked.errors).toEqual([])
    expect(picked.stdout).toMatch(/^loaded people\.csv into shop\.suppliers: 1 row read, 1 written/)
  })

  it('--emulator starts a local emulator in the process and loads into it', async () => {
    const file = await data.write(
      'local.ndjson',
      '{"orderId": 1, "customerEmail": "a", "total": 1}\n',
    )
    const run = await runRedstore(['load', schema, file, '--emulator', '--verbose'], {
      cwd: data.dir,
    })
    expect(run.code).toBe(0)
    expect(run.errors[0]).toMatch(
      /^redstore: emulator started at http:\/\/127\.0\.0\.1:\d+ \(PGlite in memory: the table is gone when the command ends\)$/,
    )
    expect(run.errors[1]).toBe(
      'redstore: loading local.ndjson into shop.orders (method insert, 0 bad lines skipped)',
    )
    expect(run.errors[2]).toMatch(
      /^batch 1 landed: 1 row \(to line 1\), \d+ statements, \d+ API calls/,
    )
    expect(run.stdout).toMatch(/^loaded local\.ndjson into shop\.orders: 1 row read, 1 written/)
  })
})
