/**
 * Runs generated SQL on a real PostgreSQL 15 server whose sessions follow Redshift's literal
 * rule (backslash escapes, `standard_conforming_strings = off`). It checks what the two
 * dialects share: quoting read back by a real SQL lexer, and DDL, temp tables, multi-row
 * INSERT and MERGE executing with the semantics the planner promises. Redshift-only syntax
 * (DISTSTYLE, ENCODE, SUPER, VARBYTE) is covered by the golden tests.
 */
import { type PostgresServer, psql, startPostgresServer } from '@redstore/test-support'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addColumn,
  commentOnColumn,
  createSchema,
  createTable,
  dropTable,
  normalizeTableModel,
  type PlanUpsertOptions,
  planUpsert,
  quoteIdent,
  quoteLiteral,
  type TableModel,
  widenVarchar,
} from '../src/index.js'
import { hostileString } from './arbitraries.js'

let server: PostgresServer | undefined

beforeAll(async () => {
  server = await startPostgresServer({
    settings: {
      standard_conforming_strings: 'off',
      escape_string_warning: 'off',
      TimeZone: 'UTC',
    },
  })
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

/** Runs a script in one session, stopping at the first error. */
const pg = {
  run: (sql: string): Promise<string> => {
    if (server === undefined) throw new Error('the PostgreSQL server did not start')
    return psql(server, sql)
  },
}

/** Joins statements into one script, each terminated, as psql reads them. */
const script = (statements: ReadonlyArray<string>): string =>
  statements.map((s) => `${s};\n`).join('')

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex')

/** Sends each batch as one transaction in one session, as BatchExecuteStatement does. */
const upsert = async (
  model: TableModel,
  rows: ReadonlyArray<unknown>,
  options: PlanUpsertOptions = {},
) => {
  let batches = 0
  for (const batch of planUpsert(model, rows, options)) {
    await pg.run(script(['BEGIN', ...batch.sqls, 'COMMIT']))
    batches++
  }
  return batches
}

const select = async (sql: string): Promise<Array<Array<string>>> =>
  (await pg.run(`${sql};\n`))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('|'))

describe('on PostgreSQL with backslash escapes', () => {
  it('reads every quoted literal back as the original string', async () => {
    const strings = fc.sample(hostileString({ maxLength: 40 }), { numRuns: 300, seed: 42 })
    strings.push('\\', "'", "\\'", "'\\", 'end\\', '\\\\n', "''''", '\n\r\t', '😀日本')
    const sql = strings
      .map((s, i) => `SELECT ${i}, encode(convert_to(${quoteLiteral(s)}, 'UTF8'), 'hex')`)
      .join(' UNION ALL ')
    const rows = await select(`SELECT * FROM (${sql}) AS t ORDER BY 1`)
    expect(rows).toHaveLength(strings.length)
    for (const [i, value] of rows) expect(value).toBe(hex(strings[Number(i)] as string))
  })

  it('creates, evolves and drops tables whose names need quoting', async () => {
    const model = normalizeTableModel({
      schema: 'Odd "Schema"',
      name: 'table; DROP TABLE x',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'say "hi"', type: 'VARCHAR(10)', comment: "it's \\ here" },
        { name: 'Ünï cöde', type: 'DECIMAL(12,3)' },
      ],
    })
    await pg.run(
      script([
        createSchema(model.schema),
        createTable(model),
        commentOnColumn(model, 'say "hi"', "it's \\ here"),
        widenVarchar(model, 'say "hi"', 200),
      ]),
    )
    const evolved = normalizeTableModel({
      schema: 'Odd "Schema"',
      name: 'table; DROP TABLE x',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'say "hi"', type: 'VARCHAR(200)' },
        { name: 'Ünï cöde', type: 'DECIMAL(12,3)' },
        { name: 'added', type: 'TIMESTAMPTZ', nullable: false },
      ],
    })
    await pg.run(script([addColumn(evolved, 'added')]))
    const columns = await select(
      `SELECT column_name, data_type, coalesce(character_maximum_length, 0), is_nullable FROM information_schema.columns WHERE table_schema = ${quoteLiteral(model.schema)} AND table_name = ${quoteLiteral(model.name)} ORDER BY ordinal_position`,
    )
    expect(columns).toEqual([
      ['id', 'bigint', '0', 'NO'],
      ['say "hi"', 'character varying', '200', 'YES'],
      ['Ünï cöde', 'numeric', '0', 'YES'],
      ['added', 'timestamp with time zone', '0', 'YES'],
    ])
    const comment = await select(
      `SELECT col_description(${quoteLiteral(`${quoteIdent(model.schema)}.${quoteIdent(model.name)}`)}::regclass, 2)`,
    )
    expect(comment).toEqual([["it's \\ here"]])
    await pg.run(script([dropTable(model), dropTable(model)]))
    expect(
      await select(
        `SELECT to_regclass(${quoteLiteral(`${quoteIdent(model.schema)}.${quoteIdent(model.name)}`)})`,
      ),
    ).toEqual([])
  })

  it('upserts: updates present fields, keeps absent ones, collapses duplicates, last wins', async () => {
    const model = normalizeTableModel({
      schema: 'up',
      name: 'users',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'name', type: 'VARCHAR(50)' },
        { name: 'score', type: 'DECIMAL(10,2)' },
        { name: 'active', type: 'BOOLEAN' },
        { name: 'seen', type: 'TIMESTAMPTZ' },
      ],
    })
    await pg.run(script([createSchema('up'), createTable(model)]))
    await upsert(model, [
      { id: 1, name: 'Ann', score: '1.50', active: true, seen: '2025-01-01T10:00:00.123456+02:00' },
      { id: 2, name: "O'Brien\\", score: 2, active: false },
    ])
    await upsert(model, [
      { id: 1, score: '9.99' },
      { id: 2, name: null },
      { id: '3', name: 'new', active: true },
      { id: 1, active: false },
      { id: 3, name: 'newer' },
    ])
    const rows = await select(
      "SELECT id, coalesce(name, '<null>'), coalesce(score::text, '<null>'), coalesce(active::text, '<null>'), coalesce(seen::text, '<null>') FROM up.users ORDER BY id",
    )
    expect(rows).toEqual([
      ['1', 'Ann', '9.99', 'false', '2025-01-01 08:00:00.123456+00'],
      ['2', '<null>', '2.00', 'false', '<null>'],
      ['3', 'newer', '<null>', 'true', '<null>'],
    ])
  })

  it('upserts into a table whose columns are all keys (INSERT-only MERGE), twice', async () => {
    const model = normalizeTableModel({
      schema: 'up',
      name: 'tags',
      keys: ['user_id', 'tag'],
      columns: [
        { name: 'user_id', type: 'BIGINT' },
        { name: 'tag', type: 'VARCHAR(20)' },
      ],
    })
    await pg.run(script([createSchema(model.schema), createTable(model)]))
    const rows = [
      { user_id: 1, tag: 'a' },
      { user_id: 1, tag: 'b' },
      { user_id: 1, tag: 'a' },
    ]
    await upsert(model, rows)
    await upsert(model, rows)
    await upsert(model, [...rows, { user_id: 2, tag: 'c' }])
    expect(await select('SELECT user_id, tag FROM up.tags ORDER BY 1, 2')).toEqual([
      ['1', 'a'],
      ['1', 'b'],
      ['2', 'c'],
    ])
  })

  it('lands many batches of hostile, multi-byte rows exactly, under tight limits', async () => {
    const model = normalizeTableModel({
      schema: 'up',
      name: 'texts',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'body', type: 'VARCHAR(65535)' },
        { name: 'n', type: 'SMALLINT' },
      ],
    })
    await pg.run(script([createSchema(model.schema), createTable(model)]))
    const strings = fc.sample(hostileString({ maxLength: 60 }), { numRuns: 400, seed: 7 })
    const rows = strings.map((body, i) => ({ id: i % 350, body, n: i % 100 }))
    const batches = await upsert(model, rows, {
      maxStatementBytes: 2048,
      maxRowsPerInsert: 7,
      maxStatementsPerBatch: 9,
    })
    expect(batches).toBeGreaterThan(5)
    const expected = new Map<number, { body: string; n: number }>()
    for (const row of rows) expected.set(row.id, { body: row.body, n: row.n })
    const stored = await select(
      "SELECT id, encode(convert_to(body, 'UTF8'), 'hex'), n FROM up.texts ORDER BY id",
    )
    expect(stored).toEqual(
      [...expected.entries()]
        .sort(([a], [b]) => a - b)
        .map(([id, v]) => [String(id), hex(v.body), String(v.n)]),
    )
  })

  it('stores dates and times as encoded, in UTC', async () => {
    const model = normalizeTableModel({
      schema: 'up',
      name: 'times',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'INT' },
        { name: 'd', type: 'DATE' },
        { name: 't', type: 'TIME' },
        { name: 'tz', type: 'TIMETZ' },
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'tstz', type: 'TIMESTAMPTZ' },
        { name: 'r', type: 'REAL' },
        { name: 'x', type: 'DOUBLE PRECISION' },
        { name: 'c', type: 'CHAR(3)' },
      ],
    })
    await pg.run(script([createSchema(model.schema), createTable(model)]))
    await upsert(model, [
      {
        id: 1,
        d: new Date('2024-02-29T23:00:00Z'),
        t: '23:59:59.999999',
        tz: '01:30:00+02:00',
        ts: '2025-01-01T01:30:00.000001+02:00',
        tstz: new Date(Date.UTC(2025, 5, 1, 12, 0, 0, 5)),
        r: 1.5,
        x: 1e21,
        c: 'ab',
      },
    ])
    expect(
      await select(
        'SELECT d::text, t::text, tz::text, ts::text, tstz::text, r::text, x::text, octet_length(c) FROM up.times',
      ),
    ).toEqual([
      [
        '2024-02-29',
        '23:59:59.999999',
        '23:30:00+00',
        '2024-12-31 23:30:00.000001',
        '2025-06-01 12:00:00.005+00',
        '1.5',
        '1e+21',
        '3',
      ],
    ])
  })
})
