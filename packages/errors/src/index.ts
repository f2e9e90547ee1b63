/**
 * `@redstore/errors`: the one way redstore's packages define errors (see `TaggedError`).
 *
 * @example
 * ```ts
 * import { TaggedError } from '@redstore/errors'
 * export class LimitError extends TaggedError('LimitError', (f: { limit: number }) => `over ${f.limit}`) {}
 * ```
 */
export * from './TaggedError.js'
