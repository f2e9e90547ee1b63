/**
 * Where the emulator is known to differ from Redshift, kept out of the properties until it is
 * fixed (each one is reported to its owner with the failing case).
 */

/**
 * The longest name the emulator accepts, in UTF-8 bytes: its PostgreSQL backend holds names
 * of 63 bytes (NAMEDATALEN - 1) and refuses longer ones, where Redshift keeps up to 127.
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
