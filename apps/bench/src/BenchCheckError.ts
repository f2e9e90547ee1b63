import { TaggedError } from '@redstore/errors'

/**
 * A benchmark's own check failed: its numbers would be wrong, so it stops instead of reporting
 * them. Says which benchmark, what it found, and what to look at.
 *
 * @example
 * ```ts
 * throw new BenchCheckError('planner', 'staged 9 rows of 10', 'check planUpsert for lost rows')
 * ```
 */
export class BenchCheckError extends TaggedError(
  'BenchCheckError',
  (f: { readonly bench: string; readonly problem: string; readonly remedy: string }) =>
    `${f.bench} benchmark: ${f.problem}; ${f.remedy}.`,
) {
  constructor(bench: string, problem: string, remedy: string) {
    super({ bench, problem, remedy })
  }
}
