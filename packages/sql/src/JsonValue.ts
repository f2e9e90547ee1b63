/**
 * A JSON value, as a SUPER column takes and returns it.
 *
 * @example
 * ```ts
 * const profile: JsonValue = { name: 'Ann', tags: ['a', 'b'], score: 1.5, active: true }
 * ```
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<JsonValue>
  | { readonly [key: string]: JsonValue }
