import { describe, expect, it } from 'vitest'
import {
  InvalidRowError,
  NullKeyError,
  normalizeTableModel,
  PlanLimitError,
  planUpsert,
  RowTooLargeError,
  UnknownColumnError,
  ValueEncodingError,
  validateRows,
} from '../src/index.js'
import { captureError } from './captureError.js'

const users = normalizeTableModel({
  schema: 'public',
  name: 'users',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'name', type: 'VARCHAR(100)' },
    { name: 'age', type: 'SMALLINT' },
  ],
})

const options = { tempTablePrefix: 'stage' }

describe('planUpsert', () => {
  it('plans CREATE TEMP TABLE, one INSERT and a MERGE for rows of one shape', () => {
    const batches = [
      ...planUpsert(
        users,
        [
          { id: 1, name: "O'Brien", age: 30 },
          { id: 2, name: 'back\\slash', age: null },
        ],
        options,
      ),
    ]
    expect(batches).toHaveLength(1)
    expect(batches[0]?.sqls).toEqual([
      'CREATE TEMP TABLE "stage_b0_g0" (LIKE "public"."users")',
      `INSERT INTO "stage_b0_g0" ("id", "name", "age") VALUES (1, 'O''Brien', 30), (2, 'back\\\\slash', NULL)`,
      [
        'MERGE INTO "public"."users"',
        'USING "stage_b0_g0"',
        'ON "public"."users"."id" = "stage_b0_g0"."id"',
        'WHEN MATCHED THEN UPDATE SET "name" = "stage_b0_g0"."name", "age" = "stage_b0_g0"."age"',
        'WHEN NOT MATCHED THEN INSERT ("id", "name", "age") VALUES ("stage_b0_g0"."id", "stage_b0_g0"."name", "stage_b0_g0"."age")',
      ].join('\n'),
    ])
    expect(batches[0]).toMatchObject({
      index: 0,
      firstRow: 0,
      endRow: 2,
      inputRows: 2,
      rows: 2,
      duplicates: 0,
      inserts: 1,
      merges: 1,
      tempTables: ['stage_b0_g0'],
    })
  })

  it('never writes an absent field: each set of present columns gets its own MERGE', () => {
    const [batch] = planUpsert(
      users,
      [
        { id: 1, name: 'Ann' },
        { id: 2, age: 40, name: undefined },
        { id: 3, name: null },
      ],
      options,
    )
    expect(batch?.sqls).toEqual([
      'CREATE TEMP TABLE "stage_b0_g0" (LIKE "public"."users")',
      `INSERT INTO "stage_b0_g0" ("id", "name") VALUES (1, 'Ann'), (3, NULL)`,
      [
        'MERGE INTO "public"."users"',
        'USING "stage_b0_g0"',
        'ON "public"."users"."id" = "stage_b0_g0"."id"',
        'WHEN MATCHED THEN UPDATE SET "name" = "stage_b0_g0"."name"',
        'WHEN NOT MATCHED THEN INSERT ("id", "name") VALUES ("stage_b0_g0"."id", "stage_b0_g0"."name")',
      ].join('\n'),
      'CREATE TEMP TABLE "stage_b0_g1" (LIKE "public"."users")',
      'INSERT INTO "stage_b0_g1" ("id", "age") VALUES (2, 40)',
      [
        'MERGE INTO "public"."users"',
        'USING "stage_b0_g1"',
        'ON "public"."users"."id" = "stage_b0_g1"."id"',
        'WHEN MATCHED THEN UPDATE SET "age" = "stage_b0_g1"."age"',
        'WHEN NOT MATCHED THEN INSERT ("id", "age") VALUES ("stage_b0_g1"."id", "stage_b0_g1"."age")',
      ].join('\n'),
    ])
  })

  it('collapses duplicate keys before SQL: later present fields win, earlier ones stay', () => {
    const [batch] = planUpsert(
      users,
      [
        { id: 1, name: 'first', age: 1 },
        { id: 2, name: 'other' },
        { id: '1', name: 'second' },
      ],
      options,
    )
    expect(batch?.rows).toBe(2)
    expect(batch?.duplicates).toBe(1)
    const inserts = batch?.sqls.filter((s) => s.startsWith('INSERT')) ?? []
    expect(inserts).toEqual([
      `INSERT INTO "stage_b0_g0" ("id", "name", "age") VALUES (1, 'second', 1)`,
      `INSERT INTO "stage_b0_g1" ("id", "name") VALUES (2, 'other')`,
    ])
  })

  it('treats VARCHAR keys that differ only in trailing blanks as one key, as Redshift does', () => {
    const model = normalizeTableModel({
      schema: 's',
      name: 't',
      keys: ['code'],
      columns: [
        { name: 'code', type: 'VARCHAR(10)' },
        { name: 'v', type: 'INT' },
      ],
    })
    const [batch] = planUpsert(
      model,
      [
        { code: 'a', v: 1 },
        { code: 'a  ', v: 2 },
      ],
      options,
    )
    expect(batch?.sqls[1]).toBe(`INSERT INTO "stage_b0_g0" ("code", "v") VALUES ('a  ', 2)`)
  })

  it('writes the INSERT-only MERGE when every column is a key', () => {
    const tags = normalizeTableModel({
      schema: 's',
      name: 'tags',
      keys: ['user_id', 'tag'],
      columns: [
        { name: 'user_id', type: 'BIGINT' },
        { name: 'tag', type: 'VARCHAR(20)' },
      ],
    })
    const [batch] = planUpsert(tags, [{ user_id: 1, tag: 'x' }], options)
    expect(batch?.sqls[2]).toBe(
      [
        'INSERT INTO "s"."tags" ("user_id", "tag")',
        'SELECT "stage_b0_g0"."user_id", "stage_b0_g0"."tag" FROM "stage_b0_g0"',
        'WHERE NOT EXISTS (SELECT 1 FROM "s"."tags" WHERE "s"."tags"."user_id" = "stage_b0_g0"."user_id" AND "s"."tags"."tag" = "stage_b0_g0"."tag")',
      ].join('\n'),
    )
  })

  it('matches fields to columns after folding names', () => {
    const [batch] = planUpsert(users, [{ ID: 5, Name: 'x' }], options)
    expect(batch?.sqls[1]).toBe(`INSERT INTO "stage_b0_g0" ("id", "name") VALUES (5, 'x')`)
  })

  it('yields nothing for no rows', () => {
    expect([...planUpsert(users, [], options)]).toEqual([])
  })

  it('splits INSERTs at the row cap and reports row ranges per batch', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: i, name: `n${i}`, age: i }))
    const batches = [
      ...planUpsert(users, rows, { ...options, maxRowsPerInsert: 2, maxStatementsPerBatch: 4 }),
    ]
    expect(batches.map((b) => [b.firstRow, b.endRow, b.inserts, b.sqls.length])).toEqual([
      [0, 4, 2, 4],
      [4, 8, 2, 4],
      [8, 10, 1, 3],
    ])
    expect(batches[1]?.tempTables).toEqual(['stage_b1_g0'])
    expect(batches[1]?.sqls[1]).toBe(
      `INSERT INTO "stage_b1_g0" ("id", "name", "age") VALUES (4, 'n4', 4), (5, 'n5', 5)`,
    )
  })

  it('reads rows lazily: a batch is yielded before later rows are read', () => {
    let read = 0
    function* rows() {
      for (let i = 0; i < 1000; i++) {
        read++
        yield { id: i, name: 'x'.repeat(90) }
      }
    }
    const plan = planUpsert(users, rows(), { ...options, maxStatementBytes: 1024 })
    const first = plan.next()
    expect(first.done).toBe(false)
    expect(read).toBeLessThan(1000)
    expect(read).toBe((first.value as { endRow: number }).endRow + 1)
  })

  it('uses a random, valid temp table prefix by default', () => {
    const [a] = planUpsert(users, [{ id: 1 }])
    const [b] = planUpsert(users, [{ id: 1 }])
    expect(a?.tempTables[0]).toMatch(/^redstore_stage_[0-9a-z]{12}_b0_g0$/)
    expect(a?.tempTables[0]).not.toBe(b?.tempTables[0])
  })
})

describe('planUpsert errors', () => {
  const first = (rows: ReadonlyArray<unknown>, opts: object = options) =>
    captureError(() => [...planUpsert(users, rows, opts)])

  it('rejects a NULL or absent key with the row index', () => {
    for (const row of [{ id: null, name: 'x' }, { name: 'x' }, { id: undefined }]) {
      const error = first([{ id: 1 }, row])
      expect(error).toBeInstanceOf(NullKeyError)
      expect(error).toMatchObject({ _tag: 'NullKeyError', rowIndex: 1, column: 'id' })
    }
  })

  it('rejects a field the model does not have, suggesting the fix', () => {
    const error = first([{ id: 1 }, { id: 2 }, { id: 3, colour: 'red' }])
    expect(error).toBeInstanceOf(UnknownColumnError)
    expect(error).toMatchObject({ rowIndex: 2, column: 'colour', table: 'public.users' })
    expect((error as Error).message).toMatch(/Add the column to the table model/)
  })

  it('rejects a row naming one column twice after folding', () => {
    const error = first([{ id: 1, name: 'a', NAME: 'b' }])
    expect(error).toBeInstanceOf(InvalidRowError)
    expect((error as Error).message).toMatch(/"name" and "NAME"/)
  })

  it('rejects rows that are not objects', () => {
    for (const row of [null, [1], 'x', 5]) {
      expect(first([row])).toBeInstanceOf(InvalidRowError)
    }
  })

  it('reports a bad value with row index and column', () => {
    const error = first([{ id: 1 }, { id: 2, age: 99999 }])
    expect(error).toBeInstanceOf(ValueEncodingError)
    expect(error).toMatchObject({ rowIndex: 1, column: 'age', type: 'SMALLINT' })
    expect((error as Error).message).toMatch(/^Row 1: value for column "age" \(SMALLINT\)/)
  })

  it('rejects a row too large for one statement, naming its index', () => {
    const wide = normalizeTableModel({
      schema: 's',
      name: 't',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'INT' },
        { name: 'body', type: 'VARCHAR(65535)' },
      ],
    })
    const error = captureError(() => [
      ...planUpsert(
        wide,
        [
          { id: 1, body: 'x' },
          { id: 2, body: 'é'.repeat(30000) },
        ],
        {
          ...options,
          maxStatementBytes: 50000,
        },
      ),
    ])
    expect(error).toBeInstanceOf(RowTooLargeError)
    expect(error).toMatchObject({ _tag: 'RowTooLargeError', rowIndex: 1, limit: 50000 })
    expect((error as RowTooLargeError).bytes).toBeGreaterThan(60000)
  })

  it('rejects a model whose MERGE alone exceeds the statement limit', () => {
    const columns = Array.from({ length: 1600 }, (_, i) => ({
      name: `${'c'.repeat(120)}${String(i).padStart(4, '0')}`,
      type: 'INT',
    }))
    const huge = normalizeTableModel({
      schema: 's',
      name: 't',
      keys: [columns[0]?.name ?? ''],
      columns,
    })
    const row = Object.fromEntries(columns.map((c) => [c.name, 1]))
    const error = captureError(() => [...planUpsert(huge, [row], options)])
    expect(error).toBeInstanceOf(PlanLimitError)
    expect((error as Error).message).toMatch(/does not depend on row values is \d+ bytes/)
  })

  it('treats REAL keys that round to the same stored value as one key', () => {
    const model = normalizeTableModel({
      schema: 's',
      name: 't',
      keys: ['k'],
      columns: [
        { name: 'k', type: 'REAL' },
        { name: 'v', type: 'INT' },
      ],
    })
    const [batch] = planUpsert(
      model,
      [
        { k: 0.1, v: 1 },
        { k: 0.10000000149, v: 2 },
      ],
      options,
    )
    expect(batch).toMatchObject({ rows: 1, duplicates: 1 })
  })

  it('rejects bad options and a model without keys', () => {
    for (const opts of [
      { maxStatementBytes: 102401 },
      { maxStatementBytes: 100 },
      { maxRowsPerInsert: 0 },
      { maxStatementsPerBatch: 41 },
      { maxStatementsPerBatch: 2 },
      { tempTablePrefix: 'Has-Dash' },
      { tempTablePrefix: 'x'.repeat(81) },
    ]) {
      expect(first([{ id: 1 }], opts)).toBeInstanceOf(PlanLimitError)
    }
    const noKeys = normalizeTableModel({
      schema: 's',
      name: 't',
      columns: [{ name: 'a', type: 'INT' }],
    })
    expect(captureError(() => [...planUpsert(noKeys, [{ a: 1 }])])).toBeInstanceOf(PlanLimitError)
  })
})

describe('validateRows', () => {
  it('reports every bad row in order, with its index, and nothing for good rows', () => {
    const errors = validateRows(users, [
      { id: 1, name: 'ok' },
      { id: null },
      { id: 3, age: 'old' },
      { id: 4, colour: 'red' },
      'not a row',
    ])
    expect(errors.map((e) => [e._tag, 'rowIndex' in e ? e.rowIndex : undefined])).toEqual([
      ['NullKeyError', 1],
      ['ValueEncodingError', 2],
      ['UnknownColumnError', 3],
      ['InvalidRowError', 4],
    ])
    expect(validateRows(users, [{ id: 1 }, { id: 2, name: null }])).toEqual([])
  })

  it('stops at maxErrors', () => {
    const rows = Array.from({ length: 50 }, () => ({ id: null }))
    expect(validateRows(users, rows, { maxErrors: 3 })).toHaveLength(3)
  })
})
