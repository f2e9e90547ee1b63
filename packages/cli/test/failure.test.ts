import { DataApiError, StatementFailedReason } from '@redstore/data-api'
import { NullKeyError } from '@redstore/sql'
import { CopyLoadError, SaveError, SourceError } from '@redstore/storage'
import { describe, expect, it } from 'vitest'
import { TooManyBadLinesError } from '../src/CliError.js'
import { describeSaveFailure } from '../src/load/describeFailure.js'
import { RowLines } from '../src/load/RowLines.js'

/** Rows 0..4 on lines 2, 3, 5 (a CSV record on lines 5-6), 7, 8; line 4 was a skipped bad line. */
const rowLines = () => {
  const lines = new RowLines()
  for (const [line, end] of [
    [2, 2],
    [3, 3],
    [5, 6],
    [7, 7],
    [8, 8],
  ] as const) {
    lines.add(line, end)
  }
  return lines
}

const failed = new DataApiError({
  reason: new StatementFailedReason({
    statementId: 'abc',
    subStatementIndex: 3,
    databaseMessage:
      "ERROR: Load into table 'stage' failed. Check 'stl_load_errors' system table for details.",
    sqlExcerpt: 'COPY "stage" FROM ...',
    kind: 'Other',
  }),
  location: { operation: 'BatchExecuteStatement', statementId: 'abc' },
})

describe('describeSaveFailure: a failed save told in file lines', () => {
  it('a source that stopped: its own message, then what landed up to which line', () => {
    const error = new SaveError({
      table: 'shop.orders',
      rowsLanded: 3,
      batchesLanded: 2,
      cause: new SourceError({
        rowIndex: 5,
        error: new TooManyBadLinesError({ file: 'o.csv', line: 9, badLines: 2, maxBadLines: 1 }),
      }),
    })
    expect(
      describeSaveFailure(error, {
        file: 'o.csv',
        table: 'shop.orders',
        rowLines: rowLines(),
        stoppedAt: 9,
      }),
    ).toEqual([
      'redstore load: o.csv:9: 2 bad lines, more than --max-bad-lines 1 allows',
      '3 rows landed in shop.orders (2 batches): the rows of lines 1 to 6; from line 7 on, nothing landed. Rows are upserted by key: running the same command again is safe.',
    ])
  })

  it('a row the storage refused: named at its line', () => {
    const error = new SaveError({
      table: 'shop.orders',
      rowsLanded: 0,
      batchesLanded: 0,
      cause: new NullKeyError({ rowIndex: 3, column: 'id' }),
    })
    expect(
      describeSaveFailure(error, {
        file: 'o.csv',
        table: 'shop.orders',
        rowLines: rowLines(),
        stoppedAt: undefined,
      }),
    ).toEqual([
      'o.csv:7: no value for key column "id"; every row needs one (NULL keys never match in MERGE)',
      'Nothing landed in shop.orders.',
    ])
  })

  it("a COPY's bad lines: each at the input line of its row", () => {
    const error = new SaveError({
      table: 'shop.orders',
      rowsLanded: 1,
      batchesLanded: 1,
      cause: new CopyLoadError({
        table: 'shop.orders',
        lines: [
          {
            file: 's3://b/k/part-00000.csv.gz',
            line: 2,
            column: 'total',
            code: 1207,
            reason: 'Invalid digit, Value .',
            rowIndex: 2,
          },
          {
            file: 's3://b/k/part-00000.csv.gz',
            line: 9,
            column: 'note',
            code: 1204,
            reason: 'too long',
          },
        ],
        objects: ['s3://b/k/manifest.json', 's3://b/k/part-00000.csv.gz'],
        cause: failed,
      }),
    })
    const lines = describeSaveFailure(error, {
      file: 'o.csv',
      table: 'shop.orders',
      rowLines: rowLines(),
      stoppedAt: undefined,
    })
    expect(lines.slice(0, 2)).toEqual([
      'o.csv:5: column "total": Invalid digit, Value . (COPY load error 1207)',
      'o.csv:?: column "note": too long (COPY load error 1204)',
    ])
    expect(lines[2]).toMatch(/^redstore load: Loading into shop\.orders with COPY failed: /)
    expect(lines.at(-1)).toBe(
      '1 row landed in shop.orders (1 batch): the rows of lines 1 to 2; from line 3 on, nothing landed. Rows are upserted by key: running the same command again is safe.',
    )
  })
})
