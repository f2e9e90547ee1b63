import { createDataApiClient, type DataApiClient } from '@redstore/data-api'
import { type BenchTarget, connectionOf } from './benchServices.js'

/**
 * A redstore Data API client for the target's workgroup and database, sent to `endpoint`
 * (default the target's own; a proxy in front of it otherwise).
 *
 * @example
 * ```ts
 * const client = benchClient(targetOf(await startEmulator()))
 * ```
 */
export const benchClient = (target: BenchTarget, endpoint = target.endpoint): DataApiClient =>
  createDataApiClient(connectionOf(target, endpoint))

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
