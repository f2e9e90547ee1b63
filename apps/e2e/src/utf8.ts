const encoder = new TextEncoder()

/**
 * UTF-8 length of a string, the unit of Redshift's VARCHAR, CHAR and identifier limits.
 *
 * @example
 * ```ts
 * utf8Bytes('é') // 2
 * ```
 */
export const utf8Bytes = (text: string): number => encoder.encode(text).length

/**
 * The longest prefix of `text` (whole code points) within `bytes` UTF-8 bytes, padded with
 * `filler` (one byte, ASCII) to exactly `bytes`.
 *
 * @example
 * ```ts
 * fitUtf8Bytes('日本', 4, 'a') // '日a'
 * ```
 */
export const fitUtf8Bytes = (text: string, bytes: number, filler = 'a'): string => {
  let out = ''
  let used = 0
  for (const char of text) {
    const size = utf8Bytes(char)
    if (used + size > bytes) break
    out += char
    used += size
  }
  return out + filler.repeat(bytes - used)
}
