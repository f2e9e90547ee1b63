import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BatchPlan,
  createUpsertPlanner,
  normalizeTableModel,
  PlanLimitError,
  planUpsert,
  planUpsertAsync,
  RowTooLargeError,
  ValueEncodingError,
  validateRows,
} from '../src/index.js'
import { captureError } from './captureError.js'

const model = normalizeTableModel({
  schema: 'shop',
  name: 'orders',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'note', type: 'VARCHAR(2000)' },
    { name: 'qty', type: 'INTEGER' },
  ],
})

const note = (n: number) => `n${n} ${'x'.repeat(n % 300)}`
const rowsOf = (count: number, keys = 50) =>
  Array.from({ length: count }, (_, i) =>
    i % 7 === 0 ? { id: i % keys, qty: i } : { id: i % keys, note: note(i), qty: i },
  )

const small = { tempTablePrefix: 'stage', maxStatementBytes: 2048, maxStatementsPerBatch: 8 }

const viaPlanner = (rows: ReadonlyArray<unknown>, options = small): Array<BatchPlan> => {
  const planner = createUpsertPlanner(model, options)
  const batches: Array<BatchPlan> = []
  for (const row of rows) {
    const batch = planner.add(row)
    if (batch !== undefined) batches.push(batch)
  }
  const last = planner.flush()
  if (last !== undefined) batches.push(last)
  return batches
}

describe('createUpsertPlanner', () => {
  it('plans exactly what planUpsert plans, batch for batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (count) => {
        const rows = rowsOf(count)
        expect(viaPlanner(rows)).toEqual([...planUpsert(model, rows, small)])
      }),
      { numRuns: 40 },
    )
  })

  it('lists each batch by group, and sqls is the groups in order', () => {
    const batches = viaPlanner(rowsOf(300))
    expect(batches.length).toBeGreaterThan(3)
    for (const batch of batches) {
      expect(batch.sqls).toEqual(batch.groups.flatMap((g) => [g.create, ...g.inserts, g.merge]))
      expect(batch.groups.map((g) => g.stagingTable)).toEqual(batch.tempTables)
      expect(batch.groups.reduce((n, g) => n + g.rows, 0)).toBe(batch.rows)
      expect(batch.groups.reduce((n, g) => n + g.inserts.length, 0)).toBe(batch.inserts)
      expect(batch.dropSql).toBe(
        `DROP TABLE IF EXISTS ${batch.tempTables.map((t) => `"${t}"`).join(', ')}`,
      )
    }
  })

  it('keeps counting rows and batches from where an earlier planner stopped', () => {
    const first = createUpsertPlanner(model, small)
    const rows = rowsOf(120)
    const batches: Array<BatchPlan> = []
    for (const row of rows.slice(0, 60)) {
      const b = first.add(row)
      if (b !== undefined) batches.push(b)
    }
    const tail = first.flush()
    if (tail !== undefined) batches.push(tail)
    const second = createUpsertPlanner(model, {
      ...small,
      firstRowIndex: first.nextRowIndex,
      firstBatchIndex: first.nextBatchIndex,
    })
    expect(second.nextRowIndex).toBe(60)
    for (const row of rows.slice(60)) {
      const b = second.add(row)
      if (b !== undefined) batches.push(b)
    }
    const last = second.flush()
    if (last !== undefined) batches.push(last)
    expect(batches.map((b) => b.index)).toEqual(batches.map((_, i) => i))
    expect(batches[0]?.firstRow).toBe(0)
    for (let i = 1; i < batches.length; i++) {
      expect(batches[i]?.firstRow).toBe(batches[i - 1]?.endRow)
    }
    expect(batches.at(-1)?.endRow).toBe(120)
    const names = batches.flatMap((b) => b.tempTables)
    expect(new Set(names).size).toBe(names.length)
  })

  it('reports a bad row with its index across the whole call and changes nothing', () => {
    const planner = createUpsertPlanner(model, { ...small, firstRowIndex: 1000 })
    planner.add({ id: 1, qty: 1 })
    const error = captureError(() => planner.add({ id: 2, qty: 'many' }))
    expect(error).toBeInstanceOf(ValueEncodingError)
    expect(error).toMatchObject({ rowIndex: 1001, column: 'qty' })
    expect(planner.nextRowIndex).toBe(1001)
    planner.add({ id: 3, qty: 3 })
    expect(planner.flush()).toMatchObject({ firstRow: 1000, endRow: 1002, rows: 2 })
  })

  it('hands out the batch a too-large merged row closed before failing on that row', () => {
    const planner = createUpsertPlanner(model, {
      tempTablePrefix: 'stage',
      maxStatementBytes: 1200,
    })
    expect(planner.add({ id: 1, qty: 1 })).toBeUndefined()
    // A later version of key 1 that fits no batch: the batch holding the earlier version is
    // closed and handed out, and the error comes with the next call.
    const closed = planner.add({ id: 1, note: 'b'.repeat(1300) })
    expect(closed).toMatchObject({ firstRow: 0, endRow: 1, rows: 1 })
    const error = captureError(() => planner.add({ id: 2 }))
    expect(error).toBeInstanceOf(RowTooLargeError)
    expect(error).toMatchObject({ rowIndex: 1 })
  })

  it('rejects bad start indexes', () => {
    expect(captureError(() => createUpsertPlanner(model, { firstRowIndex: -1 }))).toBeInstanceOf(
      PlanLimitError,
    )
    expect(captureError(() => createUpsertPlanner(model, { firstBatchIndex: 1.5 }))).toBeInstanceOf(
      PlanLimitError,
    )
  })
})

describe('planUpsertAsync', () => {
  it('plans an async iterable as planUpsert plans the array', async () => {
    const rows = rowsOf(250)
    async function* source() {
      for (const row of rows) {
        await Promise.resolve()
        yield row
      }
    }
    const batches: Array<BatchPlan> = []
    for await (const batch of planUpsertAsync(model, source(), small)) batches.push(batch)
    expect(batches).toEqual([...planUpsert(model, rows, small)])
  })

  it('pulls rows only as batches are taken', async () => {
    let pulled = 0
    async function* source() {
      for (let i = 0; i < 10_000; i++) {
        pulled++
        yield { id: i, note: note(i), qty: i }
      }
    }
    const batches = planUpsertAsync(model, source(), small)
    const first = await batches.next()
    expect(first.done).toBe(false)
    expect(pulled).toBe((first.value as BatchPlan).endRow + 1)
    await batches.return(undefined)
  })
})

describe('staging in a schema', () => {
  const staged = { tempTablePrefix: 'stage', staging: { schema: 'ETL' } }

  it('creates permanent tables in the staging schema and merges from them', () => {
    const [batch] = planUpsert(model, [{ id: 1, note: 'a', qty: 2 }, { id: 2 }], staged)
    expect(batch?.groups).toEqual([
      {
        stagingTable: 'stage_b0_g0',
        columns: ['id', 'note', 'qty'],
        create: 'CREATE TABLE "etl"."stage_b0_g0" (LIKE "shop"."orders")',
        inserts: [`INSERT INTO "etl"."stage_b0_g0" ("id", "note", "qty") VALUES (1, 'a', 2)`],
        merge: [
          'MERGE INTO "shop"."orders"',
          'USING "etl"."stage_b0_g0"',
          'ON "shop"."orders"."id" = "etl"."stage_b0_g0"."id"',
          'WHEN MATCHED THEN UPDATE SET "note" = "etl"."stage_b0_g0"."note", "qty" = "etl"."stage_b0_g0"."qty"',
          'WHEN NOT MATCHED THEN INSERT ("id", "note", "qty") VALUES ("etl"."stage_b0_g0"."id", "etl"."stage_b0_g0"."note", "etl"."stage_b0_g0"."qty")',
        ].join('\n'),
        rows: 1,
      },
      {
        stagingTable: 'stage_b0_g1',
        columns: ['id'],
        create: 'CREATE TABLE "etl"."stage_b0_g1" (LIKE "shop"."orders")',
        inserts: ['INSERT INTO "etl"."stage_b0_g1" ("id") VALUES (2)'],
        merge: [
          'INSERT INTO "shop"."orders" ("id")',
          'SELECT "etl"."stage_b0_g1"."id" FROM "etl"."stage_b0_g1"',
          'WHERE NOT EXISTS (SELECT 1 FROM "shop"."orders" WHERE "shop"."orders"."id" = "etl"."stage_b0_g1"."id")',
        ].join('\n'),
        rows: 1,
      },
    ])
    expect(batch?.dropSql).toBe('DROP TABLE IF EXISTS "etl"."stage_b0_g0", "etl"."stage_b0_g1"')
  })

  it('allows batches beyond 40 statements, spread by the caller, and caps groups at 39', () => {
    const rows = rowsOf(3000, 3000)
    const batches = [
      ...planUpsert(model, rows, {
        ...staged,
        maxStatementBytes: 2048,
        maxStatementsPerBatch: 200,
      }),
    ]
    expect(Math.max(...batches.map((b) => b.sqls.length))).toBeGreaterThan(40)
    for (const b of batches) expect(b.sqls.length).toBeLessThanOrEqual(200)
    expect(
      captureError(() => [...planUpsert(model, rows, { maxStatementsPerBatch: 41 })]),
    ).toBeInstanceOf(PlanLimitError)
    expect(
      captureError(() => [...planUpsert(model, rows, { ...staged, maxGroupsPerBatch: 40 })]),
    ).toBeInstanceOf(PlanLimitError)
  })

  it('starts a new batch when the group limit is reached', () => {
    const wide = normalizeTableModel({
      schema: 's',
      name: 't',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'INTEGER' },
        ...Array.from({ length: 6 }, (_, i) => ({ name: `c${i}`, type: 'INTEGER' })),
      ],
    })
    // Every row carries a different set of columns: one group each.
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: i, [`c${i}`]: i }))
    const batches = [
      ...planUpsert(wide, rows, { ...staged, maxGroupsPerBatch: 4, maxStatementsPerBatch: 100 }),
    ]
    expect(batches.map((b) => b.groups.length)).toEqual([4, 2])
  })
})

describe('dropStagingTables', () => {
  it('ends each batch with the DROP of its temp tables and counts it', () => {
    const rows = rowsOf(400)
    const options = { ...small, dropStagingTables: true }
    const batches = [...planUpsert(model, rows, options)]
    for (const b of batches) {
      expect(b.sqls.at(-1)).toBe(b.dropSql)
      expect(b.sqls.length).toBeLessThanOrEqual(8)
    }
    expect(batches.reduce((n, b) => n + b.inputRows, 0)).toBe(400)
    expect(batches.length).toBeGreaterThan([...planUpsert(model, rows, small)].length - 1)
  })
})

describe('unknownFields', () => {
  it('skips fields no column has when asked, and fails on them by default', () => {
    const rows = [{ id: 1, qty: 2, extra: 'x', Extra2: null }]
    const [ignored] = planUpsert(model, rows, { ...small, unknownFields: 'ignore' })
    expect(ignored?.groups[0]?.columns).toEqual(['id', 'qty'])
    expect(captureError(() => [...planUpsert(model, rows, small)])).toMatchObject({
      _tag: 'UnknownColumnError',
      column: 'extra',
      rowIndex: 0,
    })
    expect(validateRows(model, rows, { unknownFields: 'ignore' })).toEqual([])
    expect(validateRows(model, rows, { firstRowIndex: 7 })).toEqual([
      expect.objectContaining({ _tag: 'UnknownColumnError', rowIndex: 7 }),
    ])
  })
})
