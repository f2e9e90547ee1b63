import { normalizeTableModel, type PlanUpsertOptions, type TableModel } from '@redstore/sql'
import fc from 'fast-check'
import { withoutTrailingBlanks } from '../knownGaps.js'
import type { UpsertModel } from '../UpsertModel.js'
import { fitUtf8Bytes } from '../utf8.js'
import { hostileText } from './hostileText.js'

/**
 * Key columns of the upsert table: INTEGER `k1`, VARCHAR(16) `k2`.
 *
 * @example
 * ```ts
 * new UpsertModel(upsertKeys, upsertColumns)
 * ```
 */
export const upsertKeys = ['k1', 'k2'] as const
const valueColumns = ['a', 'b', 'c', 'd'] as const

/**
 * Every column of the upsert table, keys first.
 *
 * @example
 * ```ts
 * upsertColumns // ['k1', 'k2', 'a', 'b', 'c', 'd']
 * ```
 */
export const upsertColumns: ReadonlyArray<string> = [...upsertKeys, ...valueColumns]

// A field: left out, explicitly undefined (also absent), explicit null, or a value.
const field = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(
    fc.constant({ kind: 'missing' as const }),
    fc.constant({ kind: 'undefined' as const }),
    fc.constant({ kind: 'value' as const, value: null }),
    fc.record({ kind: fc.constant('value' as const), value }),
  )

/**
 * A row of the upsert table over a small key space (so loads repeat keys within and across
 * batches): `k1` as a number or integer text, hostile `k2`, and value fields that are absent,
 * `undefined`, `null` or a value.
 *
 * @example
 * ```ts
 * fc.sample(upsertRow, 1) // [{ k1: '2', k2: "b'c", a: null, c: true }]
 * ```
 */
export const upsertRow: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    // INTEGER keys given as numbers or integer text: Redshift compares them as one key.
    k1: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.boolean()),
    k2: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('', 'a', "b'c", 'ü\\') },
      hostileText(2).map((text) => withoutTrailingBlanks(fitUtf8Bytes(text, 16, ''))),
    ),
    a: field(fc.integer({ min: -2147483648, max: 2147483647 })),
    b: field(hostileText(4).map((text) => fitUtf8Bytes(text, 60, ''))),
    c: field(fc.boolean()),
    d: field(
      fc.integer({ min: -99_999_999, max: 99_999_999 }).map((cents) => (cents / 100).toFixed(2)),
    ),
  })
  .map((r) => {
    const [k1, asText] = r.k1
    const out: Record<string, unknown> = { k1: asText ? String(k1) : k1, k2: r.k2 }
    for (const column of valueColumns) {
      const f = r[column]
      if (f.kind === 'undefined') out[column] = undefined
      else if (f.kind === 'value') out[column] = f.value
    }
    return out
  })

/**
 * Planner limits from tiny (many statements and batches) to the defaults.
 *
 * @example
 * ```ts
 * fc.sample(planOptions, 1) // [{ maxRowsPerInsert: 2, maxStatementsPerBatch: 3 }]
 * ```
 */
export const planOptions: fc.Arbitrary<PlanUpsertOptions> = fc.record(
  {
    maxStatementBytes: fc.oneof(fc.integer({ min: 1024, max: 2048 }), fc.constant(98304)),
    maxRowsPerInsert: fc.integer({ min: 1, max: 4 }),
    maxStatementsPerBatch: fc.integer({ min: 3, max: 8 }),
  },
  { requiredKeys: [] },
)

/**
 * One load: rows and the planner options to apply them with.
 *
 * @example
 * ```ts
 * fc.array(upsertLoad, { maxLength: 4 })
 * ```
 */
export const upsertLoad = fc.record({
  rows: fc.array(upsertRow, { maxLength: 14 }),
  options: planOptions,
})

/**
 * The upsert table's model, under a name of the caller's choosing.
 *
 * @example
 * ```ts
 * await harness.create(upsertTable('e2e_upsert', harness.freshName('t')))
 * ```
 */
export const upsertTable = (schema: string, name: string): TableModel =>
  normalizeTableModel({
    schema,
    name,
    keys: [...upsertKeys],
    columns: [
      { name: 'k1', type: 'INTEGER' },
      { name: 'k2', type: 'VARCHAR(16)' },
      { name: 'a', type: 'INTEGER' },
      { name: 'b', type: 'VARCHAR(60)' },
      { name: 'c', type: 'BOOLEAN' },
      { name: 'd', type: 'DECIMAL(10,2)' },
    ],
  })

/**
 * A row as the model stores it: `k1` as the number Redshift stores.
 *
 * @example
 * ```ts
 * asModelRow({ k1: '2', k2: 'a' }) // { k1: 2, k2: 'a' }
 * ```
 */
export const asModelRow = (r: Readonly<Record<string, unknown>>): Record<string, unknown> => ({
  ...r,
  k1: Number(r.k1),
})

/**
 * Rows read from the table, in the model's key order.
 *
 * @example
 * ```ts
 * expect(sortedByKey(model, await harness.readTable(table))).toEqual(model.rows())
 * ```
 */
export const sortedByKey = (
  model: UpsertModel,
  rows: Array<Record<string, unknown>>,
): Array<Record<string, unknown>> =>
  rows.sort((x, y) => {
    const a = model.keyOf(x)
    const b = model.keyOf(y)
    return a < b ? -1 : a > b ? 1 : 0
  })
