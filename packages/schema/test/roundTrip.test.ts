import {
  createTable,
  encodeRow,
  planUpsert,
  resolveTableModel,
  UnknownColumnError,
  validateRows,
} from '@redstore/sql'
import { describe, expect, it } from 'vitest'
import {
  bigint,
  decimal,
  type InferRow,
  json,
  string,
  table,
  timestamptz,
  toTableModel,
  varbyte,
  varchar,
} from '../src/index.js'
import { captureError } from './support.js'

const orders = table('orders', {
  schema: 'shop',
  uniqueKeys: ['orderId'],
  columns: {
    orderId: bigint(),
    customerEmail: varchar(320),
    total: decimal(12, 2),
    note: string().nullable().columnName('order_note'),
    payload: json().nullable(),
    digest: varbyte(4).nullable(),
    placedAt: timestamptz(),
  },
})

type OrderRow = InferRow<typeof orders>

const rows: ReadonlyArray<OrderRow> = [
  {
    orderId: 1,
    customerEmail: "o'brien@example.com",
    total: '19.90',
    note: 'back\\slash',
    placedAt: '2025-01-31T10:00:00Z',
  },
  {
    orderId: 2n,
    customerEmail: 'ann@example.com',
    total: 5,
    payload: { items: [1, 2] },
    digest: new Uint8Array([0, 255]),
    placedAt: new Date('2025-02-01T00:00:00Z'),
    note: null,
  },
]

describe('rows of a DSL table through @redstore/sql', () => {
  const model = toTableModel(orders)

  it('creates the table with folded and renamed column names', () => {
    expect(createTable(model)).toContain('"customeremail" VARCHAR(320) NOT NULL')
    expect(createTable(model)).toContain('"order_note" VARCHAR(65535)')
    expect(createTable(model)).toContain('"placedat" TIMESTAMPTZ NOT NULL')
  })

  it('encodes rows keyed by property names', () => {
    expect(validateRows(model, rows)).toEqual([])
    expect(encodeRow(model, rows[0], 0)).toEqual({
      rowIndex: 0,
      columns: [0, 1, 2, 3, 6],
      values: [
        '1',
        "'o''brien@example.com'",
        '19.9',
        "'back\\\\slash'",
        "'2025-01-31 10:00:00+00'",
      ],
    })
  })

  it('plans an upsert that writes the database names, from the definition as a model source', () => {
    const batches = [...planUpsert(resolveTableModel(orders), rows, { tempTablePrefix: 'stage' })]
    const sqls = batches.flatMap((b) => b.sqls)
    expect(sqls[0]).toBe('CREATE TEMP TABLE "stage_b0_g0" (LIKE "shop"."orders")')
    expect(sqls[1]).toBe(
      `INSERT INTO "stage_b0_g0" ("orderid", "customeremail", "total", "order_note", "placedat") VALUES (1, 'o''brien@example.com', 19.9, 'back\\\\slash', '2025-01-31 10:00:00+00')`,
    )
    expect(sqls.join('\n')).toContain(`JSON_PARSE('{"items":[1,2]}')`)
    expect(sqls.join('\n')).toContain(`FROM_HEX('00ff')`)
    expect(batches.reduce((n, b) => n + b.rows, 0)).toBe(2)
  })

  it('does not take a renamed column by its database name', () => {
    const error = captureError(() =>
      encodeRow(
        model,
        { orderId: 1, customerEmail: 'a', total: 1, placedAt: new Date(), order_note: 'x' },
        0,
      ),
    )
    expect(error).toBeInstanceOf(UnknownColumnError)
    expect(error).toMatchObject({ column: 'order_note' })
  })

  it('also takes a camelCase property spelled in another case, as Redshift folds names', () => {
    const row = { ORDERID: 1, customeremail: 'a', total: 1, placedat: new Date(0) }
    expect(encodeRow(model, row, 0).columns).toEqual([0, 1, 2, 6])
  })
})
