import { loneSurrogateIndex, utf8ByteLength } from './internal/utf8.js'
import { InvalidIdentifierError } from './SqlError.js'

/**
 * Redshift's limit on an identifier, in UTF-8 bytes.
 *
 * @example
 * ```ts
 * new TextEncoder().encode(name).length <= MAX_IDENTIFIER_BYTES
 * ```
 */
export const MAX_IDENTIFIER_BYTES = 127

/**
 * Checks that `name` can be a Redshift identifier and throws `InvalidIdentifierError` if not.
 *
 * @example
 * ```ts
 * assertIdentifier('events') // ok
 * assertIdentifier('')       // throws InvalidIdentifierError
 * ```
 */
export const assertIdentifier = (name: string): void => {
  if (typeof name !== 'string') {
    throw new InvalidIdentifierError({ name: String(name), reason: 'is not a string' })
  }
  if (name.length === 0) throw new InvalidIdentifierError({ name, reason: 'is empty' })
  const nul = name.indexOf('\u0000')
  if (nul >= 0) {
    throw new InvalidIdentifierError({ name, reason: `contains NUL at index ${nul}` })
  }
  const lone = loneSurrogateIndex(name)
  if (lone >= 0) {
    throw new InvalidIdentifierError({
      name,
      reason: `contains a lone UTF-16 surrogate at index ${lone}, which has no UTF-8 form`,
    })
  }
  const bytes = utf8ByteLength(name)
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new InvalidIdentifierError({
      name,
      reason: `is ${bytes} UTF-8 bytes long, over Redshift's ${MAX_IDENTIFIER_BYTES}`,
    })
  }
}

/**
 * Quotes a name as a Redshift delimited identifier, doubling every `"`. The name is kept as
 * given (Redshift folds it to lowercase itself; see `normalizeIdent`).
 *
 * @throws InvalidIdentifierError when the name is empty, over 127 UTF-8 bytes or holds NUL.
 * @example
 * ```ts
 * quoteIdent('order')    // '"order"'
 * quoteIdent('say "hi"') // '"say ""hi"""'
 * ```
 */
export const quoteIdent = (name: string): string => {
  assertIdentifier(name)
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Quotes a qualified name such as `schema.table` or `schema.table.column`, each part on its
 * own. The parts are given separately, never split on dots (a dot is valid inside a name).
 *
 * @example
 * ```ts
 * quoteQualifiedName('analytics', 'events') // '"analytics"."events"'
 * ```
 */
export const quoteQualifiedName = (...parts: ReadonlyArray<string>): string => {
  if (parts.length === 0) {
    throw new InvalidIdentifierError({ name: '', reason: 'has no parts' })
  }
  return parts.map(quoteIdent).join('.')
}

/**
 * Folds a name as Redshift folds both quoted and unquoted identifiers (unless
 * `enable_case_sensitive_identifier` is on): ASCII letters to lowercase, other characters
 * unchanged. Validates the name first.
 *
 * @throws InvalidIdentifierError when the name cannot be an identifier.
 * @example
 * ```ts
 * normalizeIdent('userId') // 'userid'
 * normalizeIdent('ÄÖ')     // 'ÄÖ' (only ASCII letters fold)
 * ```
 */
export const normalizeIdent = (name: string): string => {
  assertIdentifier(name)
  return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

/**
 * Names that fold to the same Redshift identifier.
 *
 * @example
 * ```ts
 * const collision: IdentCollision = { normalized: 'userid', names: ['userId', 'USERID'] }
 * ```
 */
export interface IdentCollision {
  /** The folded name they share. */
  readonly normalized: string
  /** The colliding names as given, in input order (exact repeats included). */
  readonly names: ReadonlyArray<string>
}

/**
 * Reports groups of names that Redshift would treat as one identifier, in order of first
 * appearance. Exact repeats count as collisions too.
 *
 * @throws InvalidIdentifierError when a name cannot be an identifier.
 * @example
 * ```ts
 * findIdentCollisions(['userId', 'userid', 'name'])
 * // [{ normalized: 'userid', names: ['userId', 'userid'] }]
 * ```
 */
export const findIdentCollisions = (names: Iterable<string>): ReadonlyArray<IdentCollision> => {
  const groups = new Map<string, Array<string>>()
  for (const name of names) {
    const folded = normalizeIdent(name)
    const group = groups.get(folded)
    if (group === undefined) groups.set(folded, [name])
    else group.push(name)
  }
  const collisions: Array<IdentCollision> = []
  for (const [normalized, group] of groups) {
    if (group.length > 1) collisions.push({ normalized, names: group })
  }
  return collisions
}
