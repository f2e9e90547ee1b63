// Type tests, checked by `pnpm typecheck` (tsc): the committed generated fixtures against the
// types the DSL infers. `types.test.ts` runs the same checks on freshly generated output.
import type { InferRecord, InferRow } from '@redstore/schema'
import type { EventsRecord, EventsRow } from '../__fixtures__/project/generated/events.js'
import {
  type OrdersRecord,
  type OrdersRow,
  OrdersStorage,
} from '../__fixtures__/project/generated/orders.js'
import type { orders } from '../__fixtures__/project/schema/orders.js'

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Expect<T extends true> = T

export type Checks = [
  Expect<Equal<OrdersRow, InferRow<typeof orders>>>,
  Expect<Equal<OrdersRecord, InferRecord<typeof orders>>>,
  Expect<Equal<EventsRow['id'], number | bigint>>,
  Expect<Equal<EventsRow['created at'], Date | string | null | undefined>>,
  Expect<Equal<EventsRecord['amount'], string | null>>,
]

export const rows: Array<OrdersRow> = [
  {
    orderId: 1n,
    customerEmail: 'ann@example.com',
    total: '19.90',
    items: [{ sku: 'A1' }],
    placedAt: new Date(),
  },
  // @ts-expect-error a BIGINT key takes a number or a bigint, not a string
  { orderId: '1', customerEmail: 'a', total: 1, items: null, placedAt: '2026-01-01' },
  // @ts-expect-error customerEmail is NOT NULL, so required
  { orderId: 2, total: 1, items: null, placedAt: '2026-01-01' },
  // @ts-expect-error a SUPER value is JSON, not a function
  { orderId: 3, customerEmail: 'a', total: 1, items: () => 1, placedAt: '2026-01-01' },
]

export const save = async (storage: OrdersStorage): Promise<bigint | undefined> => {
  await storage.saveData(rows)
  for await (const record of storage.read()) return record.orderId
  return undefined
}

export const construct = (): OrdersStorage => new OrdersStorage({ concurrency: 1 })
