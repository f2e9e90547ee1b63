import { describe, expect, it } from 'vitest'
import {
  type BatchPlan,
  createUpsertPlanner,
  encodeCopyRecord,
  encodeRow,
  normalizeTableModel,
  type PlanUpsertOptions,
  planUpsert,
} from '../src/index.js'
import { badRows, everyKindColumns, validRows } from './support/goldenRows.js'

/**
 * Golden output of the encoders over seeded rows of every column type: the SQL values, the
 * planned statements under several limits, the COPY records, and every error with its class,
 * message, row index and column. The file pins output byte for byte, so that work on the
 * encoders' speed cannot change what they write. One JSON value per line keeps control
 * characters and line breaks of the output visible and diffable.
 */

const everyKind = normalizeTableModel({
  schema: 'public',
  name: 'every_kind',
  keys: ['id'],
  columns: everyKindColumns.map((c) => ({ ...c })),
})

/** Keys compared as Redshift compares them: VARCHAR without trailing blanks, REAL rounded. */
const keyed = normalizeTableModel({
  schema: 'Sales',
  name: 'Scores',
  keys: ['name', 'score'],
  columns: [
    { name: 'name', type: 'VARCHAR(20)' },
    { name: 'score', type: 'REAL' },
    { name: 'note', type: 'VARCHAR(50)' },
  ],
})

const keyedRows = [
  { name: 'a', score: 0.1, note: 'first' },
  { name: 'a  ', score: 0.10000000149011612, note: 'same key: trailing blanks, REAL rounding' },
  { name: 'a', score: '0.1' },
  { name: "O'B ", score: 1, note: null },
  { name: "O'B", score: 1n },
  { name: 'b', score: 2 },
  { name: ' b', score: 2, note: 'leading blank is another key' },
]

/** The error's facts that must never change, as one line. */
const errorLine = (error: unknown): string => {
  if (!(error instanceof Error)) return JSON.stringify({ thrown: String(error) })
  const fields = error as Error & { _tag?: unknown; rowIndex?: unknown; column?: unknown }
  return JSON.stringify({
    class: error.constructor.name,
    tag: fields._tag,
    rowIndex: fields.rowIndex,
    column: fields.column,
    message: error.message,
  })
}

const lineOf = (run: () => unknown): string => {
  try {
    return JSON.stringify(run(), (_key, value) => (typeof value === 'bigint' ? `${value}n` : value))
  } catch (error) {
    return `error ${errorLine(error)}`
  }
}

const planLines = (
  model: typeof everyKind,
  rows: ReadonlyArray<unknown>,
  options: PlanUpsertOptions,
) => {
  const lines = [`plan ${JSON.stringify(options)}`]
  try {
    for (const batch of planUpsert(model, rows, options)) lines.push(...batchLines(batch))
  } catch (error) {
    lines.push(`error ${errorLine(error)}`)
  }
  return lines
}

const batchLines = (batch: BatchPlan): Array<string> => {
  const { sqls, groups, ...counts } = batch
  // `groups` lists the same statements as `sqls`: keep their structure, pin the text once.
  const structure = groups.map((g) => ({
    stagingTable: g.stagingTable,
    columns: g.columns,
    rows: g.rows,
    statements: [g.create, ...g.inserts, g.merge].map((sql) => sqls.indexOf(sql)),
  }))
  return [
    `batch ${JSON.stringify({ ...counts, groups: structure })}`,
    ...sqls.map((sql) => JSON.stringify(sql)),
  ]
}

const plannerError = (row: unknown, rowIndex: number): string => {
  const planner = createUpsertPlanner(everyKind, {
    tempTablePrefix: 'stage',
    firstRowIndex: rowIndex,
  })
  try {
    planner.add(row)
    planner.flush()
    return 'no error'
  } catch (error) {
    return errorLine(error)
  }
}

const goldenText = (): string => {
  const rows = validRows(20261201, 160, 60)
  const lines: Array<string> = ['# encodeRow of valid rows']
  rows.forEach((row, i) => {
    lines.push(lineOf(() => encodeRow(everyKind, row, i).values))
  })
  lines.push('# encodeCopyRecord of valid rows')
  rows.forEach((row, i) => {
    lines.push(lineOf(() => encodeCopyRecord(everyKind, row, i)))
  })
  lines.push('# planUpsert of valid rows')
  lines.push(...planLines(everyKind, rows, { tempTablePrefix: 'stage' }))
  lines.push(
    ...planLines(everyKind, rows.slice(0, 80), {
      tempTablePrefix: 'stage',
      maxStatementBytes: 6000,
      maxRowsPerInsert: 5,
      maxStatementsPerBatch: 9,
      dropStagingTables: true,
    }),
  )
  lines.push(
    ...planLines(
      everyKind,
      rows.slice(0, 80).map((row) => ({ ...(row as object), extra: 1 })),
      {
        tempTablePrefix: 'stage',
        staging: { schema: 'Etl' },
        maxGroupsPerBatch: 3,
        unknownFields: 'ignore',
      },
    ),
  )
  lines.push(...planLines(keyed, keyedRows, { tempTablePrefix: 'stage' }))
  lines.push('# errors of bad rows: encodeRow, encodeCopyRecord, the planner')
  badRows().forEach((row, i) => {
    lines.push(
      `row ${i}`,
      lineOf(() => encodeRow(everyKind, row, i)),
      lineOf(() => encodeCopyRecord(everyKind, row, i)),
      plannerError(row, i),
    )
  })
  lines.push('# errors of one path only')
  lines.push(
    ...planLines(everyKind, [{ id: 1, must: 'ok', v: 'x'.repeat(2000) }], {
      tempTablePrefix: 'stage',
      maxStatementBytes: 1024,
    }),
  )
  const overCopyLimit = {
    id: 1,
    must: 'ok',
    j: Array.from({ length: 70 }, () => 'x'.repeat(65000)),
  }
  lines.push(lineOf(() => encodeCopyRecord(everyKind, overCopyLimit, 3).bytes))
  return `${lines.join('\n')}\n`
}

describe('encoders, golden output', () => {
  it('write exactly the pinned SQL, COPY records and errors for seeded rows of every type', async () => {
    await expect(goldenText()).toMatchFileSnapshot('./__fixtures__/encoding.golden.txt')
  })
})
