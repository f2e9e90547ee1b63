/**
 * UTF-8 byte length of a string in plain JavaScript, counting a lone surrogate as the 3 bytes
 * of U+FFFD (what an encoder writes in its place). The fallback where no native counter exists.
 */
export const utf8ByteLengthPure = (text: string): number => {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/**
 * UTF-8 bytes of text Redshift can store, in one plain scan: -1 when the text holds NUL or a
 * lone surrogate, which the caller's general checks then report. For short text, where one
 * scan costs less than the three native calls of counting and both checks.
 */
export const storableUtf8Bytes = (text: string): number => {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) {
      if (code === 0) return -1
    } else if (code < 0x800) bytes += 1
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return -1
      // The pair's two units already count 2 of its 4 bytes.
      bytes += 2
      i++
    } else if (code >= 0xdc00 && code <= 0xdfff) return -1
    else bytes += 2
  }
  return bytes
}

/** The part of Node's `Buffer` the counter uses; the package has no dependency on Node. */
interface NativeByteLength {
  readonly byteLength: (text: string, encoding: 'utf8') => number
}

const hasNativeByteLength = (value: unknown): value is NativeByteLength =>
  (typeof value === 'function' || (typeof value === 'object' && value !== null)) &&
  typeof (value as { byteLength?: unknown }).byteLength === 'function'

/**
 * Picks the UTF-8 byte counter for a global scope: `Buffer.byteLength` when the scope has a
 * `Buffer` (Node, Bun, Deno), else `utf8ByteLengthPure`. Both count a lone surrogate as 3.
 */
export const utf8ByteCounter = (scope: {
  readonly Buffer?: unknown
}): ((text: string) => number) => {
  const buffer = scope.Buffer
  if (!hasNativeByteLength(buffer)) return utf8ByteLengthPure
  return (text) => buffer.byteLength(text, 'utf8')
}

/** UTF-8 byte length of a string, counting a lone surrogate as the 3 bytes of U+FFFD. */
export const utf8ByteLength: (text: string) => number = utf8ByteCounter(globalThis)

/** Index of the first lone (unpaired) UTF-16 surrogate, or -1, by a plain JavaScript scan. */
export const loneSurrogateIndexPure = (text: string): number => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return i
    } else if (code >= 0xdc00 && code <= 0xdfff) return i
  }
  return -1
}

/**
 * Picks the lone-surrogate finder for a string prototype: with a native `isWellFormed`
 * (ES2024), well-formed text, the common case, is answered natively and only ill-formed text
 * is scanned for the index; without one, `loneSurrogateIndexPure`.
 */
export const loneSurrogateFinder = (prototype: {
  readonly isWellFormed?: unknown
}): ((text: string) => number) => {
  const isWellFormed = prototype.isWellFormed
  if (typeof isWellFormed !== 'function') return loneSurrogateIndexPure
  return (text) => (isWellFormed.call(text) === true ? -1 : loneSurrogateIndexPure(text))
}

/** Index of the first lone (unpaired) UTF-16 surrogate, or -1: such text has no UTF-8 form. */
export const loneSurrogateIndex: (text: string) => number = loneSurrogateFinder(
  String.prototype as { readonly isWellFormed?: unknown },
)

/** Shows a possibly long or hostile value in an error message: JSON-quoted, cut to `max` chars. */
export const preview = (value: string, max = 60): string =>
  value.length <= max ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, max))}...`
