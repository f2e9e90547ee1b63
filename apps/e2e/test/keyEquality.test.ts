import { normalizeTableModel } from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keySpellings } from '../src/arbitraries/keySpellings.js'
import { type E2eHarness, startHarness } from '../src/E2eHarness.js'
import { propertyParameters } from '../src/propertyParameters.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

describe('key equality: spellings Redshift compares equal are one key, in a batch and across', () => {
  for (const { type, keys } of keySpellings) {
    it(`${type}: each key ends as one row holding its last value`, async () => {
      const spelled = fc.record({
        key: fc.nat({ max: keys.length - 1 }),
        spelling: fc.nat(),
        v: fc.integer({ min: -1000, max: 1000 }),
      })
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(spelled, { maxLength: 10 }), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 1, max: 3 }),
          async (loads, maxRowsPerInsert) => {
            const model = normalizeTableModel({
              schema: 'e2e_keys',
              name: harness.freshName('t'),
              keys: ['k'],
              columns: [
                { name: 'k', type },
                { name: 'v', type: 'INTEGER' },
              ],
            })
            await harness.create(model)
            const last = new Map<number, number>()
            for (const load of loads) {
              const rows = load.map(({ key, spelling, v }) => {
                const spellings = keys[key] ?? []
                return { k: spellings[spelling % spellings.length], v }
              })
              await harness.upsert(model, rows, { maxRowsPerInsert })
              for (const { key, v } of load) last.set(key, v)
            }
            const stored = await harness.client.query(
              `SELECT v FROM e2e_keys.${model.name} ORDER BY k`,
            )
            const expected = [...last.entries()].sort(([a], [b]) => a - b).map(([, v]) => ({ v }))
            expect(stored).toEqual(expected)
          },
        ),
        propertyParameters(12),
      )
    })
  }
})
