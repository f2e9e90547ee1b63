import { bigint, decimal, json, table, timestamptz, varchar } from '@redstore/schema'

export const orders = table('orders', {
  schema: 'shop',
  uniqueKeys: ['orderId'],
  columns: {
    orderId: bigint(),
    customerEmail: varchar(320),
    total: decimal(12, 2),
    items: json().nullable(),
    placedAt: timestamptz().nullable(),
  },
})
