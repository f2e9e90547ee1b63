import {
  createDataApiClient,
  type DataApiClient,
  retrySchedule,
  staticKeys,
} from '@redstore/data-api'
import { type Emulator, type EmulatorOptions, startEmulator } from '@redstore/emulator'
import { Duration } from 'effect'
import type { ConnectionOptions } from '../../src/index.js'

/** Short backoff, so that tests with injected faults stay quick. */
export const fastRetries = retrySchedule({
  base: Duration.millis(5),
  cap: Duration.millis(50),
  maxRetries: 12,
})

/** The connection options of a client of `emulator`. */
export const connectionTo = (
  emulator: Emulator,
  extra: Partial<ConnectionOptions> = {},
): ConnectionOptions => ({
  workgroupName: emulator.config.workgroups[0] ?? 'default',
  database: emulator.config.databases[0] ?? 'dev',
  region: emulator.region,
  endpoint: emulator.endpoint,
  credentials: staticKeys(emulator.credentials),
  retrySchedule: fastRetries,
  ...extra,
})

/** One emulator per test file (PGlite takes seconds to start) and a raw client to check tables. */
export interface TestBed {
  readonly emulator: Emulator
  readonly client: DataApiClient
  readonly connection: (extra?: Partial<ConnectionOptions>) => ConnectionOptions
  /** A name no earlier call returned. */
  readonly fresh: (prefix: string) => string
  readonly stop: () => Promise<void>
}

export const startTestBed = async (options: EmulatorOptions = {}): Promise<TestBed> => {
  const emulator = await startEmulator(options)
  const client = createDataApiClient(connectionTo(emulator))
  let counter = 0
  return {
    emulator,
    client,
    connection: (extra) => connectionTo(emulator, extra),
    fresh: (prefix) => `${prefix}_${counter++}`,
    stop: async () => {
      await client.close()
      await emulator.stop()
    },
  }
}
