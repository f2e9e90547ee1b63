import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeRow, normalizeTableModel } from '../src/index.js'
import { splitTuple } from '../src/internal/StagedRow.js'
import { hostileString } from './arbitraries.js'
import { everyKindColumns, validRows } from './support/goldenRows.js'

const everyKind = normalizeTableModel({
  schema: 'public',
  name: 'every_kind',
  keys: ['id'],
  columns: everyKindColumns.map((c) => ({ ...c })),
})

/** JSON values SUPER takes: no NUL or lone surrogate (which JSON writes as `\u` escapes). */
const json = fc
  .jsonValue()
  .map((value) => JSON.stringify(value))
  .filter((text) => !text.includes('\\u'))
  .map((text) => JSON.parse(text) as unknown)

describe('splitTuple', () => {
  it('splits the joined values of any encoded row back into its values', () => {
    for (const [i, row] of validRows(7, 400, 1000).entries()) {
      const { values } = encodeRow(everyKind, row, i)
      expect(splitTuple(values.join(', '))).toEqual(values)
    }
    fc.assert(
      fc.property(
        hostileString(),
        hostileString({ maxLength: 4 }),
        fc.oneof(json, fc.dictionary(hostileString({ maxLength: 6 }), hostileString())),
        fc.uint8Array({ maxLength: 8 }),
        (v, c, j, vb) => {
          const chars = c.replace(/[^\u0020-\u007e]/g, '')
          const row = { id: 1, must: "a', 'b", v, c: chars, vs: null, j, vb }
          const { values } = encodeRow(everyKind, row, 0)
          expect(splitTuple(values.join(', '))).toEqual(values)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
