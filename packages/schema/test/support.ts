import { formatSchemaPath, type SchemaProblem, validateTableDefinition } from '../src/index.js'

/** Type-level assertions without a library. */
export type Expect<T extends true> = T
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** Paths of the problems of a definition, as `columns.total.type`, in order. */
export const problemPaths = (
  definition: Parameters<typeof validateTableDefinition>[0],
  severity: SchemaProblem['severity'] = 'error',
): ReadonlyArray<string> =>
  validateTableDefinition(definition)
    .filter((p) => p.severity === severity)
    .map((p) => formatSchemaPath(p.path))

/** The problems of a definition at one path. */
export const problemsAt = (
  definition: Parameters<typeof validateTableDefinition>[0],
  path: string,
): ReadonlyArray<SchemaProblem> =>
  validateTableDefinition(definition).filter((p) => formatSchemaPath(p.path) === path)

/** Runs `run` and returns what it throws; fails the test when it throws nothing. */
export const captureError = (run: () => unknown): unknown => {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, but nothing was thrown')
}
