import fc from 'fast-check'
import { EMULATOR_MAX_IDENTIFIER_BYTES } from '../knownGaps.js'
import { utf8Bytes } from '../utf8.js'
import { hostileFragments } from './hostileText.js'

const nameFragments: ReadonlyArray<string> = [
  ...hostileFragments,
  'UserId',
  'ORDER',
  'select',
  // Non-ASCII capitals stay as they are: Redshift folds ASCII letters only.
  'Ä',
  'ÖSTERREICH',
  'ǅ',
  'ẞ',
  'Σ',
  '.',
  ' x ',
  '_',
  '0',
  '#',
]

// With the u flag a surrogate pair is one code point, so this matches lone halves only.
const loneSurrogate = /\p{Cs}/u

/**
 * A name Redshift accepts as a delimited identifier (no NUL, no lone surrogate; at most 63
 * UTF-8 bytes of Redshift's 127, see `EMULATOR_MAX_IDENTIFIER_BYTES`): quotes, spaces, dots,
 * keywords, mixed-case ASCII, non-ASCII letters, emoji.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(identifierName(), (name) => normalizeIdent(name).length > 0))
 * ```
 */
export const identifierName = (): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...nameFragments) },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
        { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/) },
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((parts) => parts.join('').replaceAll('\u0000', ''))
    .filter(
      (name) =>
        name.length > 0 &&
        utf8Bytes(name) <= EMULATOR_MAX_IDENTIFIER_BYTES &&
        !loneSurrogate.test(name),
    )

/**
 * A different spelling of `name` that Redshift folds to the same identifier: its ASCII letters
 * with their case changed. Needs a name with at least one ASCII letter.
 *
 * @example
 * ```ts
 * caseVariant('UserId', [true]) // 'userId' (first letter flipped)
 * ```
 */
export const caseVariant = (name: string, flips: ReadonlyArray<boolean>): string => {
  let letter = 0
  let changed = false
  const out = name.replace(/[A-Za-z]/g, (c) => {
    const flip = flips[letter++ % Math.max(flips.length, 1)] === true
    if (!flip) return c
    changed = true
    return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()
  })
  if (changed) return out
  // No flip chosen: flip the first ASCII letter so the spelling always differs.
  return name.replace(/[A-Za-z]/, (c) =>
    c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
  )
}
