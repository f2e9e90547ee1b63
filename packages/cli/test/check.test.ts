import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliIo, runCli } from '../src/runCli.js'
import { type DataDir, fixture, makeDataDir, ndjson } from './support/run.js'

let data: DataDir
beforeAll(async () => {
  data = await makeDataDir()
})
afterAll(() => data?.remove())

/** Runs the CLI in this process (`--check` needs no connection). */
const run = async (argv: ReadonlyArray<string>, stdin: ReadonlyArray<Uint8Array> = []) => {
  const stdout: Array<string> = []
  const stderr: Array<string> = []
  const io: CliIo = {
    cwd: data.dir,
    env: {},
    stdin: Readable.from(stdin),
    stdout: (line) => stdout.push(line),
    stderr: { write: (t) => stderr.push(t), columns: () => undefined, isTTY: false },
  }
  const code = await runCli(argv, io)
  return {
    code,
    stdout,
    errors: stderr
      .join('')
      .split('\n')
      .filter((l) => l !== ''),
  }
}

const rows = ndjson([
  { orderId: 1, customerEmail: 'a', total: 1 },
  { orderId: 2, customerEmail: 'b', total: 'x' },
])

describe('redstore load --check', () => {
  it('reads gzipped files by their extension, and stdin with --gzip, line numbers intact', async () => {
    const file = await data.write('rows.ndjson.gz', gzipSync(rows))
    const fromFile = await run(['load', fixture('orders.ts'), file, '--check', '--json'])
    expect(fromFile.errors).toEqual([
      'rows.ndjson.gz:2: value for column "total" (DECIMAL(20,2)) is the string "x", not a decimal number',
      'redstore load: rows.ndjson.gz has 1 bad line, more than --max-bad-lines 0 allows; nothing was loaded (shop.orders was not touched). Correct the lines and run again, or let up to n bad lines be skipped with --max-bad-lines n.',
    ])
    expect(fromFile.code).toBe(1)
    const fromStdin = await run(
      [
        'load',
        fixture('orders.ts'),
        '-',
        '--format',
        'ndjson',
        '--gzip',
        '--check',
        '--json',
        '--max-bad-lines',
        '1',
      ],
      [gzipSync(rows)],
    )
    expect(fromStdin.code).toBe(0)
    expect(JSON.parse(fromStdin.stdout[0] ?? '')).toMatchObject({
      checked: true,
      file: 'stdin',
      rowsRead: 2,
      rowsGood: 1,
      badLines: 1,
    })
  })

  it('says a corrupt gzip file is one, and a missing input is missing', async () => {
    const file = await data.write('broken.csv.gz', Buffer.from('not gzip at all'))
    const broken = await run(['load', fixture('orders.ts'), file, '--check'])
    expect(broken.code).toBe(1)
    expect(broken.errors).toEqual([
      'redstore load: broken.csv.gz: is not valid gzip (Z_DATA_ERROR). Fix: Check the file, or rename it without .gz if it is not compressed.',
    ])
    const missing = await run(['load', fixture('orders.ts'), 'nowhere.csv', '--check'])
    expect(missing.code).toBe(1)
    expect(missing.errors).toEqual([
      'redstore load: nowhere.csv: no such file. Fix: Check the path (relative to the working directory), or pass - to read stdin.',
    ])
  })

  it('reports schema file problems as redstore-codegen does, and exits 1', async () => {
    const missing = await run(['load', 'nowhere.ts', await data.write('x.csv', 'a\n'), '--check'])
    expect(missing.code).toBe(1)
    expect(missing.errors).toEqual([
      'nowhere.ts:1:1: error: The schema file could not be read (ENOENT). Fix: Check the path: it is relative to the working directory.',
      'redstore load: nowhere.ts: the schema file has 1 error (above). Fix: Correct the schema file; redstore-codegen reports the same problems.',
    ])
  })
})
