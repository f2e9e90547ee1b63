/** UTF-8 byte length of a string, counting a lone surrogate as the 3 bytes of U+FFFD. */
export const utf8ByteLength = (text: string): number => {
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

/** Index of the first lone (unpaired) UTF-16 surrogate, or -1: such text has no UTF-8 form. */
export const loneSurrogateIndex = (text: string): number => {
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

/** Shows a possibly long or hostile value in an error message: JSON-quoted, cut to `max` chars. */
export const preview = (value: string, max = 60): string =>
  value.length <= max ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, max))}...`
