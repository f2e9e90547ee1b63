/**
 * 64-bit FNV-1a of the UTF-8 bytes of `text`, as 16 lowercase hex digits. Computed in four
 * 16-bit limbs (limb 0 lowest) so it needs neither BigInt nor `node:crypto`. A lone surrogate
 * is hashed as U+FFFD, as `TextEncoder` would write it.
 */
export const fnv1a64Hex = (text: string): string => {
  let h0 = 0x2325
  let h1 = 0x8422
  let h2 = 0x9ce4
  let h3 = 0xcbf2
  const feed = (byte: number): void => {
    h0 ^= byte
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40), modulo 2^64.
    const t0 = h0 * 0x1b3
    let t1 = h1 * 0x1b3
    let t2 = h2 * 0x1b3 + (h0 << 8)
    const t3 = h3 * 0x1b3 + (h1 << 8)
    t1 += t0 >>> 16
    h0 = t0 & 0xffff
    t2 += t1 >>> 16
    h1 = t1 & 0xffff
    h3 = (t3 + (t2 >>> 16)) & 0xffff
    h2 = t2 & 0xffff
  }
  for (const character of text) {
    let code = character.codePointAt(0) ?? 0
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd
    if (code < 0x80) feed(code)
    else if (code < 0x800) {
      feed(0xc0 | (code >> 6))
      feed(0x80 | (code & 0x3f))
    } else if (code < 0x10000) {
      feed(0xe0 | (code >> 12))
      feed(0x80 | ((code >> 6) & 0x3f))
      feed(0x80 | (code & 0x3f))
    } else {
      feed(0xf0 | (code >> 18))
      feed(0x80 | ((code >> 12) & 0x3f))
      feed(0x80 | ((code >> 6) & 0x3f))
      feed(0x80 | (code & 0x3f))
    }
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('')
}
