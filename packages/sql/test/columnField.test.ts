import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  columnField,
  encodeRow,
  InvalidRowError,
  InvalidTableModelError,
  normalizeTableModel,
  planUpsert,
  rowKeyIdentity,
  type TableModelInput,
  UnknownColumnError,
  validateRows,
} from '../src/index.js'
import { encodeSizedRow, lookupFor } from '../src/internal/encodeSizedRow.js'
import { captureError } from './captureError.js'

const customers = normalizeTableModel({
  schema: 'public',
  name: 'customers',
  keys: ['customerid'],
  columns: [
    { name: 'customerId', type: 'BIGINT', field: 'customerId' },
    { name: 'customerEmail', type: 'VARCHAR(320)', field: 'customerEmail' },
    { name: 'email_address', type: 'VARCHAR(320)', field: 'email' },
    { name: 'note', type: 'VARCHAR(100)', field: 'note' },
  ],
})

const rejected = (input: Partial<TableModelInput>): InvalidTableModelError => {
  const error = captureError(() =>
    normalizeTableModel({ schema: 's', name: 't', keys: [], columns: [], ...input }),
  )
  expect(error).toBeInstanceOf(InvalidTableModelError)
  return error as InvalidTableModelError
}

describe('column fields in normalizeTableModel', () => {
  it('keeps a field only where it differs from the folded column name', () => {
    expect(customers.columns.map((c) => [c.name, c.field])).toEqual([
      ['customerid', 'customerId'],
      ['customeremail', 'customerEmail'],
      ['email_address', 'email'],
      ['note', undefined],
    ])
    expect('field' in (customers.columns[3] ?? {})).toBe(false)
    expect(customers.columns.map(columnField)).toEqual([
      'customerId',
      'customerEmail',
      'email',
      'note',
    ])
  })

  it('rejects two columns with the same field, naming both', () => {
    const error = rejected({
      columns: [
        { name: 'a', type: 'INT', field: 'x' },
        { name: 'b', type: 'INT', field: 'x' },
      ],
    })
    expect(error.reason).toMatch(/columns "a" and "b" take row fields "x" and "x"/)
  })

  it('rejects fields that are one field once folded', () => {
    const error = rejected({
      columns: [
        { name: 'a', type: 'INT', field: 'userId' },
        { name: 'b', type: 'INT', field: 'userid' },
      ],
    })
    expect(error.reason).toMatch(/"userId" and "userid", which are one field once folded/)
  })

  it("rejects a field that is another column's name, in any case", () => {
    for (const field of ['b', 'B']) {
      const error = rejected({
        columns: [
          { name: 'a', type: 'INT', field },
          { name: 'b', type: 'INT' },
        ],
      })
      expect(error.reason).toMatch(
        /column "a" takes row field "[bB]", which is the name of column "b"/,
      )
    }
  })

  it('rejects swapped names: field a on column b and field b on column a', () => {
    const error = rejected({
      columns: [
        { name: 'b', type: 'INT', field: 'a' },
        { name: 'a', type: 'INT', field: 'b' },
      ],
    })
    expect(error.reason).toMatch(/column "b" takes row field "a", which is the name of column "a"/)
  })

  it('rejects an empty or non-string field', () => {
    expect(rejected({ columns: [{ name: 'a', type: 'INT', field: '' }] }).reason).toMatch(
      /non-empty property name/,
    )
    expect(
      rejected({ columns: [{ name: 'a', type: 'INT', field: 7 as unknown as string }] }).reason,
    ).toMatch(/has field 7/)
  })
})

describe('rows matched by column field', () => {
  it('matches the field exactly, then folded, and writes the column name', () => {
    const exact = encodeRow(customers, { customerId: 1, customerEmail: 'a@b.c', email: 'x@y.z' }, 0)
    const folded = encodeRow(
      customers,
      { CUSTOMERID: 1, customeremail: 'a@b.c', EMAIL: 'x@y.z' },
      0,
    )
    expect(folded).toEqual(exact)
    expect(exact.columns).toEqual([0, 1, 2])
    const [batch] = planUpsert(customers, [{ customerId: 1, email: 'x@y.z' }], {
      tempTablePrefix: 'stage',
    })
    expect(batch?.sqls[1]).toBe(
      `INSERT INTO "stage_b0_g0" ("customerid", "email_address") VALUES (1, 'x@y.z')`,
    )
  })

  it('does not match a renamed column by its column name, and names the property in the error', () => {
    const error = captureError(() => encodeRow(customers, { customerId: 1, email_address: 'x' }, 3))
    expect(error).toBeInstanceOf(UnknownColumnError)
    expect(error).toMatchObject({ rowIndex: 3, column: 'email_address' })
  })

  it('rejects a row that gives one field twice in two spellings', () => {
    const error = captureError(() =>
      encodeRow(customers, { customerId: 1, email: 'a', Email: 'b' }, 0),
    )
    expect(error).toBeInstanceOf(InvalidRowError)
    expect((error as Error).message).toMatch(/"email" and "Email"/)
  })

  it('computes key identity by column, whatever spelling the row used', () => {
    const a = encodeRow(customers, { customerId: 7 }, 0)
    const b = encodeRow(customers, { customerid: '7' }, 1)
    expect(rowKeyIdentity(customers, a)).toBe(rowKeyIdentity(customers, b))
    expect(validateRows(customers, [{ customerId: 1 }, { nope: 1 }])).toMatchObject([
      { _tag: 'UnknownColumnError', rowIndex: 1 },
    ])
  })

  it('shares one map for exact and folded look-ups when no column has a field', () => {
    const plain = normalizeTableModel({
      schema: 's',
      name: 't',
      columns: [{ name: 'userId', type: 'INT' }],
    })
    const lookup = lookupFor(plain)
    expect(lookup.byField).toBe(lookup.byName)
    expect(lookup.byFoldedField).toBe(lookup.byName)
    expect(lookupFor(plain)).toBe(lookup)
    expect(lookupFor(customers).byField).not.toBe(lookupFor(customers).byName)
  })

  it('matches every spelling of a field that folds to it, and nothing else', () => {
    const fieldName = fc
      .stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,12}$/)
      .filter((s) => s.toLowerCase() !== 'id')
    fc.assert(
      fc.property(fieldName, fc.boolean(), (field, renamed) => {
        const model = normalizeTableModel({
          schema: 's',
          name: 't',
          keys: ['id'],
          columns: [
            { name: 'id', type: 'INT' },
            { name: renamed ? 'stored_value' : field, type: 'INT', field },
          ],
        })
        const spellings = [field, field.toUpperCase(), field.toLowerCase()]
        for (const spelling of spellings) {
          const encoded = encodeSizedRow(model, { id: 1, [spelling]: 2 }, 0)
          expect(encoded.columns).toEqual([0, 1])
        }
        if (renamed && field.toLowerCase() !== 'stored_value') {
          expect(() => encodeRow(model, { id: 1, stored_value: 2 }, 0)).toThrow(UnknownColumnError)
        }
      }),
    )
  })
})
