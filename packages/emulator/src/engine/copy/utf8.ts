/** A byte sequence that is not valid UTF-8, as COPY reports it (hex, e.g. `c3 28`). */
export class InvalidUtf8 {
  constructor(readonly hex: string) {}
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when it is not valid. */
const sequenceLength = (bytes: Uint8Array, i: number): number => {
  const b0 = bytes[i] as number
  if (b0 < 0x80) return 1
  let length: number
  let min: number
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2
    min = 0x80
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3
    min = 0x800
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4
    min = 0x10000
  } else return 0
  if (i + length > bytes.length) return 0
  let code = b0 & (0xff >> (length + 1))
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k] as number
    if ((b & 0xc0) !== 0x80) return 0
    code = (code << 6) | (b & 0x3f)
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0
  return length
}

/** The run of invalid bytes starting at `i`: up to the next byte that starts a valid sequence. */
const invalidRun = (bytes: Uint8Array, i: number): number => {
  let end = i + 1
  while (end < bytes.length && sequenceLength(bytes, end) === 0) end++
  return end - i
}

const hexOf = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')

/**
 * Decodes UTF-8 as COPY reads it: valid text as is; an invalid sequence is an InvalidUtf8
 * (load error 1220) unless `replacement` (ACCEPTINVCHARS) is given, which then stands in
 * for every invalid byte ("a string of equal length").
 *
 * @example
 * decodeUtf8(Buffer.from([0x61, 0xff]), '?') // 'a?'
 */
export const decodeUtf8 = (bytes: Buffer, replacement?: string): string | InvalidUtf8 => {
  const text = bytes.toString('utf8')
  // Node decodes invalid bytes to U+FFFD; only then is a closer look needed.
  if (!text.includes('\uFFFD')) return text
  let out = ''
  let run = 0
  let i = 0
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i)
    if (length > 0) {
      i += length
      continue
    }
    const bad = invalidRun(bytes, i)
    if (replacement === undefined) return new InvalidUtf8(hexOf(bytes.subarray(i, i + bad)))
    out += bytes.subarray(run, i).toString('utf8') + replacement.repeat(bad)
    i += bad
    run = i
  }
  return out + bytes.subarray(run).toString('utf8')
}

const encoder = new TextEncoder()

/** UTF-8 length of `text` in bytes. */
export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8')

/** The longest prefix of `text` that fits in `bytes` UTF-8 bytes without splitting a character. */
export const truncateToBytes = (text: string, bytes: number): string => {
  if (byteLength(text) <= bytes) return text
  const encoded = encoder.encode(text)
  let end = bytes
  while (end > 0 && ((encoded[end] as number) & 0xc0) === 0x80) end--
  return Buffer.from(encoded.subarray(0, end)).toString('utf8')
}
