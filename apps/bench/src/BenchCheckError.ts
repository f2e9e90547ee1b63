/**
 * A benchmark's own check failed: its numbers would be wrong, so it stops instead of reporting
 * them. Says which benchmark, what it found, and what to look at.
 *
 * @example
 * ```ts
 * throw new BenchCheckError('planner', 'staged 9 rows of 10', 'check planUpsert for lost rows')
 * ```
 */
export class BenchCheckError extends Error {
  override readonly name = 'BenchCheckError'
  readonly _tag = 'BenchCheckError'
  constructor(
    readonly bench: string,
    readonly problem: string,
    readonly remedy: string,
  ) {
    super(`${bench} benchmark: ${problem}; ${remedy}.`)
  }
}
