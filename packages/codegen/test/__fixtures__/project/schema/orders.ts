import { bigint, decimal, json, string, table, timestamptz, varbyte, varchar } from '@redstore/schema'

export const orders = table('orders', {
  schema: 'shop',
  uniqueKeys: ['orderId'],
  columns: {
    orderId: bigint(),
    customerEmail: varchar(320).describe('Lowercased e-mail'),
    total: decimal(12, 2),
    note: string().nullable().columnName('order_note').describe("Buyer's note, */ kept as written"),
    items: json(),
    placedAt: timestamptz(),
    receipt: varbyte(1024).nullable(),
  },
  sortKey: ['placedAt'],
  description: 'One row per order',
})
