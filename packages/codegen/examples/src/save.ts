import { type OrdersRow, OrdersStorage } from './generated/orders.js'

// The connection comes from the environment: REDSHIFT_WORKGROUP (or REDSHIFT_CLUSTER),
// REDSHIFT_DATABASE, AWS_REGION, and REDSHIFT_DATA_API_ENDPOINT for the emulator.
const storage = new OrdersStorage()

const rows: Array<OrdersRow> = [
  {
    orderId: 1,
    customerEmail: 'ann@example.com',
    total: '19.90',
    items: [{ sku: 'A1', quantity: 2 }],
    placedAt: new Date('2026-01-31T10:00:00Z'),
  },
]

export const save = async (): Promise<void> => {
  try {
    await storage.init() // creates or evolves the table; StaleModelError if orders.ts changed since
    const summary = await storage.saveData(rows)
    console.log(`${summary.rowsWritten} rows written in ${summary.batches} batches`)
    for await (const record of storage.read()) console.log(record.orderId, record.total) // 1n '19.90'
  } finally {
    await storage.close()
  }
}
