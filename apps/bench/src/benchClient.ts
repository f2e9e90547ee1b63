import { createDataApiClient, type DataApiClient, staticKeys } from '@redstore/data-api'
import type { Emulator } from '@redstore/emulator'

/**
 * A redstore Data API client for the emulator's first workgroup and database, sent to
 * `endpoint` (default the emulator's own; a proxy in front of it otherwise).
 *
 * @example
 * ```ts
 * const client = benchClient(await startEmulator())
 * ```
 */
export const benchClient = (emulator: Emulator, endpoint = emulator.endpoint): DataApiClient =>
  createDataApiClient({
    endpoint,
    region: emulator.region,
    workgroupName: emulator.config.workgroups[0] ?? 'default',
    database: emulator.config.databases[0] ?? 'dev',
    credentials: staticKeys(emulator.credentials),
    // Bounded: a stuck statement fails the benchmark in a minute instead of five.
    statementTimeout: 60_000,
  })

/**
 * API calls of one run: the difference of two per-operation tallies, zero entries dropped.
 *
 * @example
 * ```ts
 * callsBetween({ ExecuteStatement: 1 }, { ExecuteStatement: 4 }) // { ExecuteStatement: 3 }
 * ```
 */
export const callsBetween = (
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> => {
  const calls: Record<string, number> = {}
  for (const [operation, count] of Object.entries(after)) {
    const delta = count - (before[operation] ?? 0)
    if (delta > 0) calls[operation] = delta
  }
  return calls
}

/** The sum of a per-operation tally. */
export const totalCalls = (calls: Readonly<Record<string, number>>): number =>
  Object.values(calls).reduce((sum, n) => sum + n, 0)
