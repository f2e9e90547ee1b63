import {
  bigint,
  boolean,
  decimal,
  json,
  string,
  table,
  timestamptz,
  varbyte,
  varchar,
} from '@redstore/schema'

export const orders = table('orders', {
  schema: 'shop',
  uniqueKeys: ['orderId'],
  columns: {
    orderId: bigint(),
    customerEmail: varchar(320),
    total: decimal(20, 2),
    note: string().nullable(),
    items: json().nullable(),
    paid: boolean().nullable(),
    placedAt: timestamptz().nullable(),
    blob: varbyte(16).nullable(),
  },
})
