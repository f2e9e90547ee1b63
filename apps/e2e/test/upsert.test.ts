import { normalizeTableModel, validateRows } from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  asModelRow,
  sortedByKey,
  upsertColumns,
  upsertKeys,
  upsertLoad,
  upsertRow,
  upsertTable,
} from '../src/arbitraries/upsertLoads.js'
import { type E2eHarness, startHarness } from '../src/E2eHarness.js'
import { propertyParameters } from '../src/propertyParameters.js'
import { UpsertModel } from '../src/UpsertModel.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

const keys = upsertKeys
const columns = upsertColumns
const row = upsertRow
const load = upsertLoad
const tableModel = () => upsertTable('e2e_upsert', harness.freshName('t'))

describe('upsert semantics: saves through the storage match the in-memory model', () => {
  it('random loads (duplicate keys, absent fields, nulls, tiny limits) end equal to the model', async () => {
    let mostBatches = 0
    await fc.assert(
      fc.asyncProperty(fc.array(load, { minLength: 1, maxLength: 4 }), async (loads) => {
        const model = tableModel()
        await harness.create(model)
        const expected = new UpsertModel(keys, columns)
        for (const { rows, options } of loads) {
          const before = await harness.stats()
          const { batches } = await harness.upsert(model, rows, options)
          const after = await harness.stats()
          const sent =
            (after.apiCallsByOperation.BatchExecuteStatement ?? 0) -
            (before.apiCallsByOperation.BatchExecuteStatement ?? 0)
          expect(sent).toBe(batches)
          mostBatches = Math.max(mostBatches, batches)
          expected.apply(rows.map(asModelRow))
        }
        expect(sortedByKey(expected, await harness.readTable(model))).toEqual(expected.rows())
      }),
      propertyParameters(40),
    )
    // The tiny limits did split loads into several BatchExecuteStatement calls.
    expect(mostBatches).toBeGreaterThan(1)
  })

  it('a bad row of a stream stops the save there: every row before it landed, none after', async () => {
    const bad = fc.constantFrom(
      {
        fix: (r: Record<string, unknown>) => ({ ...r, a: 'not a number' }),
        tag: 'ValueEncodingError',
      },
      { fix: (r: Record<string, unknown>) => ({ ...r, k2: null }), tag: 'NullKeyError' },
    )
    let someLanded = false
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 24 }),
        fc.nat(),
        bad,
        fc.record({
          maxRowsPerInsert: fc.integer({ min: 1, max: 3 }),
          maxStatementsPerBatch: fc.integer({ min: 3, max: 5 }),
        }),
        async (rows, at, { fix, tag }, options) => {
          const badIndex = at % rows.length
          const load = rows.map((r, i) => (i === badIndex ? fix(r) : r))
          const model = tableModel()
          await harness.create(model)
          // validateRows finds the row before anything is planned or sent.
          expect(
            validateRows(model, load).map((e) => ('rowIndex' in e ? e.rowIndex : undefined)),
          ).toEqual([badIndex])

          async function* stream() {
            for (const r of load) yield r
          }
          let thrown: unknown
          try {
            await harness.upsert(model, stream(), options)
          } catch (e) {
            thrown = e
          }
          expect(thrown).toMatchObject({
            _tag: 'SaveError',
            rowsLanded: badIndex,
            cause: { _tag: tag, rowIndex: badIndex },
          })
          someLanded ||= badIndex > 0
          const expected = new UpsertModel(keys, columns)
          expected.apply(load.slice(0, badIndex).map(asModelRow))
          expect(sortedByKey(expected, await harness.readTable(model))).toEqual(expected.rows())
        },
      ),
      propertyParameters(25),
    )
    // Some runs did land batches before the bad row, so the partial outcome was checked.
    expect(someLanded).toBe(true)
  })

  it('a table whose columns are all keys keeps each distinct key once (the INSERT-only path)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(row, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        async (loads, maxRowsPerInsert) => {
          const model = normalizeTableModel({
            schema: 'e2e_upsert',
            name: harness.freshName('keys'),
            keys: [...keys],
            columns: [
              { name: 'k1', type: 'INTEGER' },
              { name: 'k2', type: 'VARCHAR(16)' },
            ],
          })
          await harness.create(model)
          const expected = new UpsertModel(keys, keys)
          for (const load of loads) {
            const keyRows = load.map((r) => ({ k1: r.k1, k2: r.k2 }))
            await harness.upsert(model, keyRows, { maxRowsPerInsert })
            expected.apply(keyRows.map(asModelRow))
          }
          expect(sortedByKey(expected, await harness.readTable(model))).toEqual(expected.rows())
        },
      ),
      propertyParameters(20),
    )
  })

  it('concurrent loaders on one table, each with its own keys, end equal to the model of each', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(load, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }),
        async (loaders) => {
          const model = tableModel()
          await harness.create(model)
          // Loader i owns the keys with k1 = i, so no two loaders write the same row.
          const owned = loaders.map((loads, i) =>
            loads.map(({ rows, options }) => ({
              rows: rows.map((r) => ({ ...r, k1: i })),
              options,
            })),
          )
          await Promise.all(
            owned.map(async (loads) => {
              for (const { rows, options } of loads) await harness.upsert(model, rows, options)
            }),
          )
          const expected = new UpsertModel(keys, columns)
          for (const loads of owned) for (const { rows } of loads) expected.apply(rows)
          expect(sortedByKey(expected, await harness.readTable(model))).toEqual(expected.rows())
        },
      ),
      propertyParameters(15),
    )
  })
})
