import { bigint, table, varchar } from '@redstore/schema'

export const customers = table('customers', {
  schema: 'shop',
  uniqueKeys: ['id'],
  columns: { id: bigint(), name: varchar(100) },
})

export const suppliers = table('suppliers', {
  schema: 'shop',
  uniqueKeys: ['id'],
  columns: { id: bigint(), name: varchar(100) },
})
