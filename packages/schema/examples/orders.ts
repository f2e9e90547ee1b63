import { createTable, planUpsert } from '@redstore/sql'
import {
  bigint,
  decimal,
  formatSchemaProblem,
  type InferRecord,
  type InferRow,
  json,
  string,
  table,
  timestamptz,
  toTableModel,
  validateTableDefinition,
  varchar,
} from '../src/index.js'

export const orders = table('orders', {
  schema: 'shop',
  uniqueKeys: ['orderId'],
  columns: {
    orderId: bigint(),
    customerEmail: varchar(320).describe('Lowercased e-mail'),
    total: decimal(12, 2),
    note: string().nullable().columnName('order_note'),
    items: json(),
    placedAt: timestamptz(),
  },
  sortKey: ['placedAt'],
  description: 'One row per order',
})

// { orderId: number | bigint; customerEmail: string; total: string | number; items: JsonValue;
//   placedAt: Date | string; note?: string | null }
export type OrderRow = InferRow<typeof orders>
// { orderId: bigint; customerEmail: string; total: string; note: string | null; ... }
export type OrderRecord = InferRecord<typeof orders>

// Every problem at once, each with its path in the options above; none here.
for (const problem of validateTableDefinition(orders)) console.warn(formatSchemaProblem(problem))

// CREATE TABLE "shop"."orders" ("orderid" BIGINT NOT NULL, "customeremail" VARCHAR(320) NOT NULL, ...
export const ddl = createTable(toTableModel(orders))

const rows: Array<OrderRow> = [
  {
    orderId: 1,
    customerEmail: 'ann@example.com',
    total: '19.90',
    note: "it's a gift",
    items: [{ sku: 'A1', quantity: 2 }],
    placedAt: new Date('2025-01-31T10:00:00Z'),
  },
]

// The definition is a TableModelSource: rows keyed by property names are written to the
// database names (customerEmail -> "customeremail", note -> "order_note").
export const batches = [...planUpsert(toTableModel(orders), rows)]
