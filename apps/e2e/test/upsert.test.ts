import { normalizeTableModel, type PlanUpsertOptions } from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storableText } from '../src/arbitraries/storableText.js'
import { type E2eHarness, startHarness } from '../src/E2eHarness.js'
import { withoutTrailingBlanks } from '../src/knownGaps.js'
import { propertyParameters } from '../src/propertyParameters.js'
import { UpsertModel } from '../src/UpsertModel.js'
import { fitUtf8Bytes } from '../src/utf8.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

const keys = ['k1', 'k2'] as const
const valueColumns = ['a', 'b', 'c', 'd'] as const
const columns = [...keys, ...valueColumns]

// A field: left out, explicitly undefined (also absent), explicit null, or a value.
const field = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(
    fc.constant({ kind: 'missing' as const }),
    fc.constant({ kind: 'undefined' as const }),
    fc.constant({ kind: 'value' as const, value: null }),
    fc.record({ kind: fc.constant('value' as const), value }),
  )

// A small key space, so that loads repeat keys within and across batches.
const row = fc
  .record({
    // INTEGER keys given as numbers or integer text: Redshift compares them as one key.
    k1: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.boolean()),
    k2: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('', 'a', "b'c", 'ü\\') },
      storableText(2).map((text) => withoutTrailingBlanks(fitUtf8Bytes(text, 16, ''))),
    ),
    a: field(fc.integer({ min: -2147483648, max: 2147483647 })),
    b: field(storableText(4).map((text) => fitUtf8Bytes(text, 60, ''))),
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

const options: fc.Arbitrary<PlanUpsertOptions> = fc.record(
  {
    maxStatementBytes: fc.oneof(fc.integer({ min: 1024, max: 2048 }), fc.constant(98304)),
    maxRowsPerInsert: fc.integer({ min: 1, max: 4 }),
    maxStatementsPerBatch: fc.integer({ min: 3, max: 8 }),
  },
  { requiredKeys: [] },
)

const load = fc.record({ rows: fc.array(row, { maxLength: 14 }), options })

describe('upsert semantics: planUpsert batches applied through the SDK match the in-memory model', () => {
  it('random loads (duplicate keys, absent fields, nulls, tiny limits) end equal to the model', async () => {
    let mostBatches = 0
    await fc.assert(
      fc.asyncProperty(fc.array(load, { minLength: 1, maxLength: 4 }), async (loads) => {
        const model = normalizeTableModel({
          schema: 'e2e_upsert',
          name: harness.freshName('t'),
          keys: [...keys],
          columns: [
            { name: 'k1', type: 'INTEGER' },
            { name: 'k2', type: 'VARCHAR(16)' },
            { name: 'a', type: 'INTEGER' },
            { name: 'b', type: 'VARCHAR(60)' },
            { name: 'c', type: 'BOOLEAN' },
            { name: 'd', type: 'DECIMAL(10,2)' },
          ],
        })
        await harness.create(model)
        const expected = new UpsertModel(keys, columns)
        for (const { rows, options } of loads) {
          const before = await harness.stats()
          const batches = await harness.upsert(model, rows, options)
          const after = await harness.stats()
          const sent =
            (after.apiCallsByOperation.BatchExecuteStatement ?? 0) -
            (before.apiCallsByOperation.BatchExecuteStatement ?? 0)
          expect(sent).toBe(batches)
          mostBatches = Math.max(mostBatches, batches)
          expected.apply(rows.map((r) => ({ ...r, k1: Number(r.k1) })))
        }
        const stored = await harness.readTable(model)
        const byKey = stored.sort((x, y) => {
          const a = expected.keyOf(x)
          const b = expected.keyOf(y)
          return a < b ? -1 : a > b ? 1 : 0
        })
        expect(byKey).toEqual(expected.rows())
      }),
      propertyParameters(40),
    )
    // The tiny limits did split loads into several BatchExecuteStatement calls.
    expect(mostBatches).toBeGreaterThan(1)
  })
})
