import { describe, expect, it } from 'vitest'
import { parseLoadArgs } from '../src/load/LoadSettings.js'
import { RowLines } from '../src/load/RowLines.js'
import { ProgressReporter } from '../src/progress/ProgressReporter.js'
import {
  estimateRemainingMs,
  formatClock,
  type ProgressState,
  renderProgressLine,
} from '../src/progress/renderProgressLine.js'
import { formatLoadSummary, type LoadSummary, loadSummaryJson } from '../src/summary/LoadSummary.js'

const loading: ProgressState = {
  phase: 'load',
  file: 'orders.ndjson',
  rows: 120_000,
  rowsLanded: 98_000,
  badLines: 0,
  bytes: 54_000_000,
  totalBytes: 108_000_000,
  elapsedMs: 10_000,
}

describe('renderProgressLine: state -> one line', () => {
  it('shows phase, bar, percent, rows and rows landed, bytes, rows/s and ETA from bytes', () => {
    expect(renderProgressLine(loading, 200)).toBe(
      'loading orders.ndjson  [##########..........]  50%  120,000 rows (98,000 landed)  54.0/108.0 MB  12,000 rows/s  ETA 0:10',
    )
    expect(
      renderProgressLine(
        { ...loading, phase: 'check', rowsLanded: undefined, badLines: 3, bytes: 107_999_000 },
        200,
      ),
    ).toBe(
      'checking orders.ndjson  [####################]  99%  120,000 rows  3 bad  108.0/108.0 MB  12,000 rows/s  ETA 0:00',
    )
  })

  it('gives read and total bytes in one unit', () => {
    expect(
      renderProgressLine({ ...loading, rows: 1, bytes: 12_000, totalBytes: 97_800 }, 200),
    ).toBe(
      'loading orders.ndjson  [##..................]  12%  1 row (98,000 landed)  12.0/97.8 kB  0 rows/s  ETA 1:12',
    )
  })

  it('has no bar, percent or ETA when the size is unknown (stdin)', () => {
    expect(renderProgressLine({ ...loading, file: 'stdin', totalBytes: undefined }, 200)).toBe(
      'loading stdin  120,000 rows (98,000 landed)  54.0 MB  12,000 rows/s  ETA ?',
    )
  })

  it('waits a second before it guesses an ETA', () => {
    expect(renderProgressLine({ ...loading, elapsedMs: 500, rows: 0, bytes: 0 }, 200)).toBe(
      'loading orders.ndjson  [....................]   0%  0 rows (98,000 landed)  0.0/108.0 MB  0 rows/s  ETA ?',
    )
    expect(estimateRemainingMs({ bytes: 25, totalBytes: 100, elapsedMs: 10_000 })).toBe(30_000)
    expect(formatClock(3_725_000)).toBe('1:02:05')
  })

  it('fits a narrow terminal: the bar goes, then the start of a long path, never past columns - 1', () => {
    const narrow = renderProgressLine(loading, 100)
    expect(narrow).toBe(
      'loading orders.ndjson   50%  120,000 rows (98,000 landed)  54.0/108.0 MB  12,000 rows/s  ETA 0:10',
    )
    const long = renderProgressLine(
      { ...loading, file: '/data/exports/2026/01/orders-full-export.ndjson' },
      100,
    )
    expect(long.length).toBeLessThanOrEqual(99)
    expect(long).toMatch(/^loading \.\.\.xport\.ndjson {3}50%.*ETA 0:10$/)
    for (const columns of [1, 20, 40, 60]) {
      expect(renderProgressLine(loading, columns).length).toBeLessThanOrEqual(
        Math.max(10, columns - 1),
      )
    }
  })
})

describe('ProgressReporter', () => {
  it('redraws at most every 100 ms, erases the line for a message and before the summary', () => {
    let now = 0
    const out: Array<string> = []
    const reporter = new ProgressReporter(
      { write: (t) => out.push(t), columns: () => 200 },
      { bar: true, now: () => now },
    )
    reporter.update(loading)
    now = 50
    reporter.update({ ...loading, rows: 1 })
    now = 120
    reporter.update({ ...loading, rows: 2 })
    reporter.message('orders.ndjson:7: bad')
    reporter.clear()
    expect(out.map((t) => t.replace(/ {2}\[.*$/, ''))).toEqual([
      '\r\x1b[2Kloading orders.ndjson',
      '\r\x1b[2Kloading orders.ndjson',
      '\r\x1b[2K',
      'orders.ndjson:7: bad\n',
      '\r\x1b[2Kloading orders.ndjson',
      '\r\x1b[2K',
    ])
  })

  it('writes only messages when not on a terminal', () => {
    const out: Array<string> = []
    const reporter = new ProgressReporter(
      { write: (t) => out.push(t), columns: () => undefined },
      { bar: false },
    )
    reporter.update(loading)
    reporter.flush(loading)
    reporter.message('a message')
    reporter.clear()
    expect(out).toEqual(['a message\n'])
  })
})

describe('the summary line', () => {
  const summary: LoadSummary = {
    file: 'orders.ndjson',
    table: 'shop.orders',
    method: 'insert',
    rowsRead: 10_001,
    badLines: 1,
    rowsWritten: 9_998,
    duplicateKeysCollapsed: 2,
    batches: 3,
    statements: 65,
    apiCalls: 12,
    retries: 0,
    bytesRead: 2_600_000,
    checkMs: 300,
    loadMs: 3_900,
  }

  it('says rows read, written, collapsed and skipped; batches, statements, calls, retries; method, time and MB/s', () => {
    expect(formatLoadSummary(summary)).toBe(
      'loaded orders.ndjson into shop.orders: 10,001 rows read, 9,998 written, 2 duplicate keys collapsed, 1 bad line skipped; 3 batches, 65 statements, 12 API calls, 0 retries; method insert; 4.2 s (check 0.3 s), 0.6 MB/s',
    )
    expect(
      formatLoadSummary({
        ...summary,
        rowsRead: 1,
        rowsWritten: 1,
        duplicateKeysCollapsed: 1,
        badLines: 0,
        batches: 1,
        statements: 1,
        apiCalls: 1,
        retries: 1,
        checkMs: 0,
        method: 'copy',
      }),
    ).toBe(
      'loaded orders.ndjson into shop.orders: 1 row read, 1 written, 1 duplicate key collapsed, 0 bad lines skipped; 1 batch, 1 statement, 1 API call, 1 retry; method copy; 3.9 s, 0.7 MB/s',
    )
  })

  it('is one JSON object with --json', () => {
    expect(JSON.parse(loadSummaryJson(summary))).toEqual({
      ...summary,
      seconds: 4.2,
      megabytesPerSecond: 0.619,
    })
  })
})

describe('RowLines: storage row indexes as input lines', () => {
  it('keeps runs of consecutive lines, records that span lines, and forgets what landed', () => {
    const lines = new RowLines()
    // Rows on lines 2, 3, 4; a bad line 5 skipped; a record on lines 6-8; rows on 9, 10.
    for (const [line, end] of [
      [2, 2],
      [3, 3],
      [4, 4],
      [6, 8],
      [9, 9],
      [10, 10],
    ] as const) {
      lines.add(line, end)
    }
    expect([0, 1, 2, 3, 4, 5, 6].map((r) => lines.lineOf(r))).toEqual([
      2,
      3,
      4,
      6,
      9,
      10,
      undefined,
    ])
    expect(lines.endLineOf(3)).toBe(8)
    expect(lines.endLineOf(2)).toBe(4)
    lines.forgetBefore(4)
    expect(lines.lineOf(0)).toBeUndefined()
    expect(lines.lineOf(4)).toBe(9)
    expect(lines.size).toBe(6)
  })
})

describe('parseLoadArgs', () => {
  const usage = (argv: ReadonlyArray<string>, env: Record<string, string> = {}) => {
    try {
      parseLoadArgs(argv, env)
    } catch (error) {
      return (error as Error).message
    }
    return 'no error'
  }

  it('takes the format from the extension, gzip from .gz, staging from REDSTORE_* unless flags say', () => {
    const settings = parseLoadArgs(['s.ts', 'Data.CSV.gz', '--staging-prefix', 'p/'], {
      REDSTORE_STAGING_BUCKET: 'loads',
      REDSTORE_STAGING_PREFIX: 'env/',
      REDSTORE_IAM_ROLE: 'arn:aws:iam::123456789012:role/load',
    })
    expect(settings).toMatchObject({
      format: 'csv',
      gzip: true,
      staging: {
        bucket: 'loads',
        prefix: 'p/',
        region: undefined,
        iamRole: 'arn:aws:iam::123456789012:role/load',
      },
      maxBadLines: 0,
      showBadLines: 100,
      method: undefined,
    })
    expect(parseLoadArgs(['s.ts', 'x.jsonl', '--show-bad-lines', 'all'], {}).showBadLines).toBe(
      Number.POSITIVE_INFINITY,
    )
  })

  it('refuses what it cannot act on, saying what to write instead', () => {
    expect(usage(['s.ts'])).toBe(
      'load needs a schema file and an input. Fix: Write redstore load <schema-file> <data.ndjson|data.csv|->.',
    )
    expect(usage(['s.ts', '-'])).toBe(
      'reading stdin (-) needs --format. Fix: Add --format ndjson or --format csv.',
    )
    expect(usage(['s.ts', 'data.txt'])).toMatch(
      /^the format of "data.txt" cannot be told from its name/,
    )
    expect(usage(['s.ts', 'd.csv', '--max-bad-lines=-1'])).toMatch(
      /^--max-bad-lines "-1" is not a whole number/,
    )
    expect(usage(['s.ts', 'd.csv', '--method', 'copy'])).toMatch(
      /^--method copy needs a staging bucket/,
    )
    expect(usage(['s.ts', 'd.csv', '--emulator'], { REDSTORE_STAGING_BUCKET: 'b' })).toMatch(
      /^--emulator with a staging bucket needs a local S3 endpoint/,
    )
    expect(usage(['s.ts', 'd.csv', '--check', '--single-pass'])).toMatch(/do not go together/)
    expect(usage(['s.ts', 'a.csv', 'b.csv'])).toMatch(/^load takes one input, got 2/)
    expect(usage(['s.ts', 'd.csv', '--s3-endpoint', 'secret-host'])).toBe(
      'the S3 endpoint is not an http(s) URL. Fix: Write --s3-endpoint http://127.0.0.1:4569 (or https://...).',
    )
  })
})
