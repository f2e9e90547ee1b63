import { bigint, decimal, json, table, timestamptz, varchar } from '@redstore/schema'

/** The quickstart's table, first version. */
export const customers = table('customers', {
  schema: 'quickstart',
  uniqueKeys: ['id'],
  columns: {
    id: bigint(),
    name: varchar(100).nullable(),
    note: varchar(256).nullable(),
    tags: json().nullable(),
    signedUp: timestamptz().nullable(),
    balance: decimal(12, 2).nullable(),
  },
  description: 'Customers of the quickstart',
})

/**
 * The same table, second version: one column added. Its storage's `init()` adds the column to
 * the table the first version created.
 */
export const customersV2 = table('customers', {
  schema: 'quickstart',
  uniqueKeys: ['id'],
  columns: {
    ...customers.columns,
    email: varchar(320).nullable().describe('Added in the second version'),
  },
  description: 'Customers of the quickstart',
})
