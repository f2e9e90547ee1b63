import { encodeValue, normalizeTableModel, ValueEncodingError } from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { limitCases } from '../src/arbitraries/limitCases.js'
import { type E2eHarness, startHarness } from '../src/E2eHarness.js'
import { propertyParameters } from '../src/propertyParameters.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

describe('limits: encodeValue and the emulator agree on what fits a column', () => {
  for (const limit of limitCases) {
    it(`${limit.label}: at the limit both accept; one past, encodeValue throws before SQL and the emulator rejects the same text`, async () => {
      await fc.assert(
        fc.asyncProperty(limit.samples, async (sample) => {
          const model = normalizeTableModel({
            schema: 'e2e_limits',
            name: harness.freshName('t'),
            keys: ['id'],
            columns: [
              { name: 'id', type: 'INTEGER' },
              { name: 'v', type: sample.type },
            ],
          })
          const column = model.columns[1]
          if (column === undefined) throw new Error('the model lost its value column')
          await harness.create(model)
          const insert = (id: number, value: string) =>
            `INSERT INTO e2e_limits.${model.name} (id, v) VALUES (${id}, ${value})`

          expect(() => encodeValue(sample.atLimit.input, column)).not.toThrow()
          expect(await harness.statementError(insert(1, sample.atLimit.raw))).toBeUndefined()
          // The planner's path lands the at-limit value too.
          await harness.upsert(model, [{ id: 2, v: sample.atLimit.input }])

          let thrown: unknown
          try {
            encodeValue(sample.over.input, column)
          } catch (error) {
            thrown = error
          }
          expect(thrown).toBeInstanceOf(ValueEncodingError)
          expect(thrown).toMatchObject({ column: 'v' })
          const before = await harness.stats()
          await expect(
            harness.upsert(model, [{ id: 3, v: sample.over.input }]),
          ).rejects.toMatchObject({
            _tag: 'InvalidRowsError',
            errors: [
              expect.objectContaining({ _tag: 'ValueEncodingError', column: 'v', rowIndex: 0 }),
            ],
          })
          expect((await harness.stats()).apiCalls).toBe(before.apiCalls)

          expect(await harness.statementError(insert(4, sample.over.raw))).toMatch(sample.error)
          const stored = await harness.client.query(
            `SELECT id FROM e2e_limits.${model.name} ORDER BY id`,
          )
          expect(stored).toEqual([{ id: 1 }, { id: 2 }])
        }),
        propertyParameters(10),
      )
    })
  }
})
