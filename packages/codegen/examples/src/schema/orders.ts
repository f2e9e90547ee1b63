import { bigint, decimal, json, string, table, timestamptz, varchar } from '@redstore/schema'

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
  description: 'One row per order',
})
