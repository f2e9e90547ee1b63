import fc from 'fast-check'

/**
 * Fragments that break naive quoting, comment stripping or statement splitting.
 *
 * @example
 * ```ts
 * hostileFragments.includes("'") // true
 * ```
 */
export const hostileFragments: ReadonlyArray<string> = [
  "'",
  "''",
  '\\',
  "\\'",
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '--',
  '/*',
  '*/',
  ';',
  '$$',
  '$tag$',
  "E'",
  '?',
  ':name',
  '%s',
  ' ',
  '\u2028',
  '\u00a0',
  '\ufeff',
  'é',
  'ß',
  'İ',
  '日本語',
  '😀',
  '👩‍👩‍👧',
]

// With the u flag a surrogate pair is one code point, so this matches lone halves only.
const loneSurrogate = /\p{Cs}/u

/**
 * Any text Redshift can store: full unicode (astral planes included) mixed with hostile
 * fragments; never NUL and never a lone UTF-16 surrogate.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(hostileText(), (s) => !s.includes('\u0000')))
 * ```
 */
export const hostileText = (maxParts = 12): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...hostileFragments) },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join('').replaceAll('\u0000', ''))
    .filter((s) => !loneSurrogate.test(s))
