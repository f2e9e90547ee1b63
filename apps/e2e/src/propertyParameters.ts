import type { Parameters } from 'fast-check'

/**
 * The seed every property starts from: `E2E_SEED` when set (to replay a reported failure),
 * else a fixed value so that every run of the suite tries the same cases.
 *
 * @example
 * ```ts
 * E2E_SEED=42 pnpm --filter @example/e2e test
 * ```
 */
export const e2eSeed = (): number => {
  const text = process.env.E2E_SEED
  if (text === undefined || text === '') return 20261201
  const seed = Number(text)
  if (!Number.isSafeInteger(seed)) {
    throw new Error(
      `E2E_SEED must be an integer, not ${JSON.stringify(text)}; unset it for the default`,
    )
  }
  return seed
}

/**
 * fast-check parameters for an end-to-end property: the fixed seed, a bounded number of runs
 * (each run is real round trips), and a failure report that names the seed and path to replay.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(text(), check), propertyParameters(25))
 * ```
 */
export const propertyParameters = <T>(numRuns: number): Parameters<T> => ({
  seed: e2eSeed(),
  numRuns,
  endOnFailure: false,
  // Shrinking costs round trips too: stop it before the test's own timeout so that a failure
  // is still reported with the smallest case found so far. A slow machine only shortens a
  // passing run; it never fails one.
  interruptAfterTimeLimit: 90_000,
  markInterruptAsFailure: false,
})
