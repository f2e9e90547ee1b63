/**
 * Tagged errors: every error of redstore's packages is an `Error` with a literal `_tag`, its
 * facts as own fields, and a message made of them that says what happened, where, and what to
 * do. Code recognises an error by its tag (`XError.is(u)`, `hasTag(u, 'XError')`), never with
 * `instanceof`: a process may load two copies of a package, whose classes differ while their
 * errors mean the same.
 */

/** An error instance of a tagged class: the fields are read-only data. */
export type TaggedErrorInstance<Tag extends string, Fields extends object> = Error & {
  readonly _tag: Tag
} & Readonly<Fields>

/** A base class made by `TaggedError`, for a `class XError extends TaggedError(...) {}`. */
export interface TaggedErrorClass<Tag extends string, Fields extends object> {
  new (fields: Fields): TaggedErrorInstance<Tag, Fields>
  /** The tag of the class's errors. */
  readonly tag: Tag
  /** True for an error of this tag, whichever copy of the package made it. */
  is(u: unknown): u is TaggedErrorInstance<Tag, Fields>
}

/**
 * True when `u` is an object whose `_tag` is `tag`.
 *
 * @example
 * ```ts
 * if (hasTag(error, 'ValueEncodingError')) console.log(error.message)
 * ```
 */
export const hasTag = <Tag extends string>(u: unknown, tag: Tag): u is { readonly _tag: Tag } =>
  typeof u === 'object' && u !== null && (u as { readonly _tag?: unknown })._tag === tag

/**
 * True when `u` is an object whose `_tag` is one of `tags`.
 *
 * @example
 * ```ts
 * const isMine = (u: unknown) => hasAnyTag(u, myTags)
 * ```
 */
export const hasAnyTag = (u: unknown, tags: ReadonlySet<string>): u is { readonly _tag: string } =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as { readonly _tag?: unknown })._tag === 'string' &&
  tags.has((u as { readonly _tag: string })._tag)

/**
 * The base class of a tagged error. Its constructor takes the fields, keeps them as own
 * properties (so they print and serialize), sets `_tag` and `name` to the tag, and makes the
 * message with `describe`. Add a constructor in the subclass only when callers pass something
 * other than the fields.
 *
 * @example
 * ```ts
 * export class RowTooLargeError extends TaggedError(
 *   'RowTooLargeError',
 *   (f: { readonly rowIndex: number; readonly bytes: number; readonly limit: number }) =>
 *     `Row ${f.rowIndex} needs ${f.bytes} bytes, over ${f.limit}. Shorten its values.`,
 * ) {}
 * throw new RowTooLargeError({ rowIndex: 7, bytes: 120000, limit: 98304 })
 * ```
 */
export const TaggedError = <const Tag extends string, Fields extends object>(
  tag: Tag,
  describe: (fields: Fields) => string,
): TaggedErrorClass<Tag, Fields> => {
  class Tagged extends Error {
    static readonly tag = tag

    static is(u: unknown): u is TaggedErrorInstance<Tag, Fields> {
      return hasTag(u, tag)
    }

    constructor(fields: Fields) {
      super(describe(fields))
      Object.defineProperty(this, '_tag', { value: tag, enumerable: true })
      Object.defineProperty(this, 'name', {
        value: tag,
        enumerable: true,
        writable: true,
        configurable: true,
      })
      Object.assign(this, fields)
    }
  }
  return Tagged as unknown as TaggedErrorClass<Tag, Fields>
}
