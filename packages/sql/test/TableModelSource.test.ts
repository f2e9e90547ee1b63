import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ColumnInput,
  columnEncodings,
  isTableModelSource,
  normalizeTableModel,
  resolveTableModel,
  type TableModel,
  type TableModelInput,
  tableModelSource,
} from '../src/index.js'

const model = normalizeTableModel({
  schema: 'Shop',
  name: 'Orders',
  keys: ['orderId'],
  columns: [
    { name: 'orderId', type: 'BIGINT', field: 'orderId' },
    { name: 'total', type: 'DECIMAL(12,2)', comment: 'gross', encode: 'az64' },
    { name: 'placed_at', type: 'TIMESTAMPTZ', nullable: false, field: 'placedAt' },
  ],
  comment: 'one row per order',
  distKey: 'orderid',
  sortKey: { style: 'COMPOUND', columns: ['placed_at'] },
})

describe('tableModelSource', () => {
  it('is the registered symbol, so another copy of the package finds the same key', () => {
    expect(tableModelSource).toBe(Symbol.for('@redstore/sql/tableModelSource'))
  })

  it('recognises objects and functions that offer a model', () => {
    const source = { [tableModelSource]: () => model }
    const callable = Object.assign(() => 0, { [tableModelSource]: () => model })
    expect(isTableModelSource(source)).toBe(true)
    expect(isTableModelSource(callable)).toBe(true)
    for (const other of [model, null, undefined, 1, 'x', { [tableModelSource]: model }]) {
      expect(isTableModelSource(other)).toBe(false)
    }
  })
})

describe('resolveTableModel', () => {
  it("returns a source's own model, the same object each time it does", () => {
    const source = { [tableModelSource]: () => model }
    expect(resolveTableModel(source)).toBe(model)
  })

  it('normalizes an input, and a normalized model to an equal model', () => {
    expect(resolveTableModel(model)).toEqual(model)
    expect(
      resolveTableModel({ schema: 'S', name: 'T', columns: [{ name: 'A', type: 'int' }] }),
    ).toEqual({
      schema: 's',
      name: 't',
      keys: [],
      columns: [{ name: 'a', type: { kind: 'integer' }, nullable: true }],
    })
  })

  it('is idempotent for any valid input', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/)
    const column = fc.record(
      {
        name,
        type: fc.constantFrom('BIGINT', 'varchar(10)', 'DECIMAL(9,3)', 'super', 'timetz', 'CHAR'),
        nullable: fc.boolean(),
        comment: fc.string(),
        encode: fc.constantFrom(...columnEncodings),
        field: fc.string({ minLength: 1, maxLength: 8 }),
      },
      { requiredKeys: ['name', 'type'] },
    )
    const input = fc
      .uniqueArray(column, {
        minLength: 1,
        maxLength: 8,
        selector: (c: ColumnInput) => c.name.toLowerCase(),
      })
      .chain((columns) =>
        fc.record({
          schema: name,
          name,
          columns: fc.constant(columns),
          keys: fc.subarray(
            columns.filter((c) => c.type !== 'super' && c.nullable !== true).map((c) => c.name),
          ),
          comment: fc.string(),
        }),
      )
    let checked = 0
    fc.assert(
      fc.property(input, (raw: TableModelInput) => {
        let first: TableModel
        try {
          first = normalizeTableModel(raw)
        } catch {
          return // fields that clash: rejected inputs are tested elsewhere
        }
        checked++
        expect(normalizeTableModel(first)).toEqual(first)
        expect(resolveTableModel(first)).toEqual(first)
      }),
      { numRuns: 300 },
    )
    expect(checked).toBeGreaterThan(100)
  })
})
