import { type DataApiConfigOptions, staticKeys } from '@redstore/data-api'
import type { Emulator } from '@redstore/emulator'
import { RedshiftStorage } from '@redstore/storage'
import { orders } from '../__fixtures__/orders.js'
import { emulatorEnv } from './run.js'

/** The Data API connection to `emulator` that `emulatorEnv` gives the CLI, as options. */
export const emulatorConnection = (emulator: Emulator) => {
  const env = emulatorEnv(emulator)
  return {
    workgroupName: env['REDSHIFT_WORKGROUP'],
    database: env['REDSHIFT_DATABASE'] as string,
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: staticKeys(emulator.credentials),
  } satisfies DataApiConfigOptions
}

/** The fixture's table read back through the storage, typed: BIGINT as bigint, DECIMAL as text, SUPER parsed. */
export const storedOrders = async (emulator: Emulator): Promise<Array<Record<string, unknown>>> => {
  const storage = new RedshiftStorage({ table: orders, connection: emulatorConnection(emulator) })
  try {
    const records: Array<Record<string, unknown>> = []
    for await (const r of storage.read()) records.push(r)
    return records
  } finally {
    await storage.close()
  }
}
