import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BatchPlan,
  normalizeTableModel,
  type PlanUpsertOptions,
  planUpsert,
} from '../src/index.js'
import { hostileString } from './arbitraries.js'
import { referencePlan } from './support/reference/referencePlan.js'

/**
 * The planner's output against `referencePlan`, the planner as it was before its staging was
 * reworked for speed: every batch, statement and count equal, and the same error after the
 * same batches. Keys repeat so rows merge, fields go missing so rows fall into several groups,
 * and small limits make many batch and statement boundaries.
 */

const model = normalizeTableModel({
  schema: 'Sales',
  name: 'Orders',
  keys: ['id', 'code'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'code', type: 'VARCHAR(40)' },
    { name: 'title', type: 'VARCHAR(400)' },
    { name: 'note', type: 'VARCHAR(65535)' },
    { name: 'price', type: 'DECIMAL(12,2)' },
    { name: 'at', type: 'TIMESTAMPTZ' },
    { name: 'doc', type: 'SUPER' },
    { name: 'flag', type: 'BOOLEAN', nullable: false },
  ],
})

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    hostileString({ maxLength: 6 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString({ maxLength: 3 }), tie('value'), { maxKeys: 3 }),
  ),
})).value

/** A field's value, absent (undefined, or left out), or null. */
const field = <T>(value: fc.Arbitrary<T>) =>
  fc.option(fc.oneof(value, fc.constant(null)), { nil: undefined, freq: 4 })

const row = fc
  .record({
    id: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom('1', 2n)),
    code: fc.constantFrom('a', 'a  ', "O'B", 'ü', '😀', ' b'),
    title: field(hostileString({ maxLength: 40 })),
    note: field(hostileString({ maxLength: 300 })),
    price: field(fc.constantFrom('19.90', '-0', 1.5, 12n, '1e3', '0.10')),
    at: field(fc.constantFrom(new Date(0), '2025-01-31T10:00:00.123456+02:00', new Date(1e12))),
    doc: field(jsonValue),
    flag: fc.boolean(),
  })
  .map((r) =>
    Object.fromEntries(Object.entries(r).filter(([k, v]) => k !== 'note' || v !== undefined)),
  )

/** A few rows that fail, so that errors must come after the same batches. */
const badRow = fc.constantFrom<unknown>(
  { id: 1, code: 'x\u0000', flag: true },
  { id: 1, code: 'x', flag: true, title: '\ud800' },
  { id: 1, code: 'x', flag: true, price: '1.234' },
  { id: 1, code: null, flag: true },
  { id: 1, code: 'x', flag: true, nope: 1 },
  { id: 1, code: 'x', note: 'y'.repeat(3000), flag: true },
  'not a row',
)

const options = fc.record({
  tempTablePrefix: fc.constant('stage'),
  maxStatementBytes: fc.integer({ min: 1024, max: 6000 }),
  maxRowsPerInsert: fc.integer({ min: 1, max: 12 }),
  maxStatementsPerBatch: fc.integer({ min: 4, max: 40 }),
  dropStagingTables: fc.boolean(),
  maxGroupsPerBatch: fc.integer({ min: 1, max: 6 }),
})

const planned = (
  rows: ReadonlyArray<unknown>,
  opts: PlanUpsertOptions,
): { readonly batches: Array<BatchPlan>; readonly error?: unknown } => {
  const batches: Array<BatchPlan> = []
  try {
    for (const batch of planUpsert(model, rows, opts)) batches.push(batch)
  } catch (error) {
    return { batches, error }
  }
  return { batches }
}

describe('planUpsert against the reference planner', () => {
  it('writes the same batches, statements and errors for any rows and limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 30, arbitrary: row }, { weight: 1, arbitrary: badRow }), {
          maxLength: 120,
        }),
        options,
        (rows, opts) => {
          const actual = planned(rows, opts)
          const expected = referencePlan(model, rows, opts)
          expect(actual.batches).toEqual(expected.batches)
          expect(actual.error).toEqual(expected.error)
          expect(actual.error?.constructor).toBe(expected.error?.constructor)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('writes the same statements under the default limits for many rows', () => {
    // Ids repeat every 4000 rows: rows merge within batches and across them.
    const rows = fc.sample(row, { seed: 42, numRuns: 9000 }).map((r, i) => ({ ...r, id: i % 4000 }))
    const opts = { tempTablePrefix: 'stage' }
    const actual = planned(rows, opts)
    expect(actual.batches.length).toBeGreaterThan(1)
    expect(actual).toEqual(referencePlan(model, rows, opts))
  })
})
