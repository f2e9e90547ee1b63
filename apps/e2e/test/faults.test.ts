import { retrySchedule } from '@redstore/data-api'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  asModelRow,
  sortedByKey,
  upsertColumns,
  upsertKeys,
  upsertLoad,
  upsertTable,
} from '../src/arbitraries/upsertLoads.js'
import { type E2eHarness, startHarness } from '../src/E2eHarness.js'
import { e2eSeed, propertyParameters } from '../src/propertyParameters.js'
import { UpsertModel } from '../src/UpsertModel.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness({
    emulator: {
      faults: {
        seed: e2eSeed(),
        rules: [
          { kind: 'throttling', rate: 0.1 },
          { kind: 'internal', operation: 'DescribeStatement', rate: 0.1 },
          // The batch runs, then its answer is lost: the client retries with the same ClientToken.
          {
            kind: 'drop-connection',
            operation: 'BatchExecuteStatement',
            afterExecute: true,
            rate: 0.1,
          },
          { kind: 'serializable', operation: 'BatchExecuteStatement', rate: 0.1 },
        ],
      },
    },
    // Short retry delays: the faults are many and the schedule is the caller's to choose.
    client: {
      retrySchedule: retrySchedule({ base: '2 millis', cap: '20 millis', maxRetries: 12 }),
    },
  })
})
afterAll(async () => {
  await harness?.close()
})

describe('upsert under injected faults: retries and resubmissions end with the same table', () => {
  it('throttling, 500s, lost answers and 1023 conflicts leave the table equal to the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(upsertLoad, { minLength: 1, maxLength: 3 }), async (loads) => {
        const table = upsertTable('e2e_faults', harness.freshName('t'))
        await harness.create(table)
        const expected = new UpsertModel(upsertKeys, upsertColumns)
        for (const { rows, options } of loads) {
          await harness.upsert(table, rows, options)
          expected.apply(rows.map(asModelRow))
        }
        expect(sortedByKey(expected, await harness.readTable(table))).toEqual(expected.rows())
      }),
      propertyParameters(25),
    )
    const stats = await harness.stats()
    // The faults did fire and were retried; none surfaced as a failure.
    expect(stats.retries).toBeGreaterThan(0)
    expect(stats.statementsFailed).toBe(0)
  })
})
