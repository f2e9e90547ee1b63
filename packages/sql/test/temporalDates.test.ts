import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ColumnModel, encodeValue, normalizeTableModel } from '../src/index.js'

/** A Date subclass: its values skip the fast path for plain Dates and take the general one. */
class OtherDate extends Date {}

const kinds = ['DATE', 'TIME', 'TIMETZ', 'TIMESTAMP', 'TIMESTAMPTZ'] as const

const columns = normalizeTableModel({
  schema: 'public',
  name: 'dates',
  keys: ['id'],
  columns: [{ name: 'id', type: 'BIGINT' }, ...kinds.map((type) => ({ name: type, type }))],
}).columns.slice(1) as ReadonlyArray<ColumnModel>

const written = (value: Date, column: ColumnModel): string => {
  try {
    return encodeValue(value, column, 0)
  } catch (error) {
    return `error ${(error as Error).constructor.name} ${(error as Error).message}`
  }
}

describe('Date values', () => {
  it('write the same text through the fast path as through the general one', () => {
    const edges = [
      -62135596800001,
      -62135596800000,
      -62167219200000,
      0,
      -1,
      1,
      999,
      253402300799999,
      253402300800000,
      8.64e15,
      -8.64e15,
      Number.NaN,
    ]
    const millis = fc.oneof(
      fc.constantFrom(...edges),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.integer({ min: -62135596800000, max: 253402300799999 }),
    )
    fc.assert(
      fc.property(millis, (ms) => {
        for (const column of columns) {
          expect(written(new Date(ms), column)).toBe(written(new OtherDate(ms), column))
        }
      }),
      { numRuns: 3000 },
    )
  })
})
