/**
 * Inputs the emulator is known to read back wrong, kept out of the properties until it is
 * fixed (each one is reported to its owner with the failing case).
 *
 * A text value that starts with U+FEFF comes back without it: the value is stored whole
 * (`length()` counts it), but the embedded backend decodes each result field with a default
 * `TextDecoder`, which drops a leading byte order mark.
 *
 * @example
 * ```ts
 * hostileText().filter((s) => !readsBackWrong(s))
 * ```
 */
export const readsBackWrong = (text: string): boolean => text.startsWith('\ufeff')

/**
 * The same check over several values: true when any one of them reads back wrong.
 *
 * @example
 * ```ts
 * fc.array(hostileText()).filter((texts) => !anyReadsBackWrong(texts))
 * ```
 */
export const anyReadsBackWrong = (texts: Iterable<string>): boolean => {
  for (const text of texts) if (readsBackWrong(text)) return true
  return false
}

/**
 * Names the emulator folds differently from Redshift: Redshift folds only ASCII letters
 * (Database Developer Guide, "Names and identifiers"), as `normalizeIdent` does, but the
 * emulator lowercases every letter of a quoted name (`Ä` becomes `ä`, `ǅ` becomes `ǆ`).
 *
 * @example
 * ```ts
 * foldsDifferently('Ärger') // true
 * foldsDifferently('UserId') // false
 * ```
 */
export const foldsDifferently = (name: string): boolean =>
  name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) !== name.toLowerCase()

/**
 * The longest name the emulator keeps whole, in UTF-8 bytes: its PostgreSQL backend cuts
 * names to 63 bytes (NAMEDATALEN - 1), where Redshift keeps up to 127. Longer names come back
 * cut, and two names that share their first 63 bytes collide.
 *
 * @example
 * ```ts
 * utf8Bytes(name) <= EMULATOR_MAX_IDENTIFIER_BYTES
 * ```
 */
export const EMULATOR_MAX_IDENTIFIER_BYTES = 63

/**
 * A VARCHAR key without its trailing blanks. Redshift ignores trailing blanks when VARCHAR
 * values are compared (Database Developer Guide, "Examples with character types") and
 * `planUpsert` collapses such keys as one; the emulator compares them as PostgreSQL does, so a
 * load of `'a'` then one of `'a '` leaves two rows where Redshift keeps one. Keys are generated
 * without trailing blanks until the emulator matches them.
 *
 * @example
 * ```ts
 * withoutTrailingBlanks('a  ') // 'a'
 * ```
 */
export const withoutTrailingBlanks = (key: string): string => key.replace(/ +$/, '')
