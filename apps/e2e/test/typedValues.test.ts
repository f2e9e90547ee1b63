import { normalizeTableModel } from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { typedCases } from '../src/arbitraries/typedCases.js'
import { type E2eHarness, startHarness } from '../src/E2eHarness.js'
import { propertyParameters } from '../src/propertyParameters.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

describe('typed values: encodeValue through planUpsert, read back from the emulator', () => {
  for (const typed of typedCases) {
    it(`${typed.label}: valid values read back equal the input, modulo documented normalization`, async () => {
      await fc.assert(
        fc.asyncProperty(typed.samples, async (sample) => {
          const model = normalizeTableModel({
            schema: 'e2e_typed',
            name: harness.freshName('t'),
            keys: ['id'],
            columns: [
              { name: 'id', type: 'INTEGER' },
              { name: 'v', type: sample.type },
            ],
          })
          await harness.create(model)
          await harness.upsert(
            model,
            sample.values.map((value, id) => ({ id, v: value.input })),
          )
          const stored = await harness.readTable(model, (column) =>
            column === 'v' && typed.select !== undefined ? typed.select('"v"') : `"${column}"`,
          )
          const read = typed.read ?? ((v: unknown) => v)
          expect(stored.map((row) => ({ id: row.id, v: read(row.v) }))).toEqual(
            sample.values.map((value, id) => ({ id, v: value.expected })),
          )
        }),
        propertyParameters(12),
      )
    })
  }
})
