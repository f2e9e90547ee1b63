import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  loneSurrogateFinder,
  loneSurrogateIndex,
  loneSurrogateIndexPure,
  storableUtf8Bytes,
  utf8ByteCounter,
  utf8ByteLength,
  utf8ByteLengthPure,
} from '../src/internal/utf8.js'
import { hostileString } from './arbitraries.js'

/** Any UTF-16 code unit, lone surrogate halves and their edges included. */
const codeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }),
  fc.constantFrom(0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000),
)

/** Strings of any UTF-16 content: lone surrogates, pairs, reversed pairs, every width. */
const anyUtf16 = fc.oneof(
  fc.array(codeUnit, { maxLength: 40 }).map((units) => String.fromCharCode(...units)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  hostileString(),
  fc
    .array(fc.oneof(hostileString({ maxLength: 5 }), fc.constantFrom('\ud800', '\udfff')))
    .map((parts) => parts.join('')),
)

const encoder = new TextEncoder()

describe('storableUtf8Bytes', () => {
  it('counts what the native counter counts, or is -1 exactly when there is NUL or a lone surrogate', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyUtf16,
          anyUtf16.map((t) => `${t}\u0000${t}`),
        ),
        (text) => {
          const storable = !text.includes('\u0000') && loneSurrogateIndex(text) < 0
          expect(storableUtf8Bytes(text)).toBe(storable ? utf8ByteLength(text) : -1)
        },
      ),
      { numRuns: 3000 },
    )
  })
})

describe('utf8ByteLength', () => {
  it('uses the native counter under Node, not the pure one', () => {
    expect(typeof globalThis.Buffer?.byteLength).toBe('function')
    expect(utf8ByteLength).not.toBe(utf8ByteLengthPure)
  })

  it('native and pure counters agree on every string, lone surrogates included', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        expect(utf8ByteLength(text)).toBe(utf8ByteLengthPure(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('both equal the bytes TextEncoder writes (a lone surrogate becomes U+FFFD)', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        const written = encoder.encode(text).length
        expect(utf8ByteLengthPure(text)).toBe(written)
        expect(utf8ByteLength(text)).toBe(written)
      }),
      { numRuns: 1000 },
    )
  })

  it.each([
    ['', 0],
    ['a', 1],
    ['\u007f', 1],
    ['\u0080', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['\uffff', 3],
    ['😀', 4],
    ['\ud800', 3],
    ['\udc00', 3],
    ['a\ud800', 4],
    ['\ud800a', 4],
    ['\ud800\ud800', 6],
    ['\udc00\ud800', 6],
    ['\ud83d\ude00\ude00', 7],
    ["it''s 日本", 12],
  ])('counts %j as %i bytes with both counters', (text, bytes) => {
    expect(utf8ByteLengthPure(text)).toBe(bytes)
    expect(utf8ByteLength(text)).toBe(bytes)
  })

  it('long text: both counters agree past V8 string representations (cons, sliced)', () => {
    const base = '日本語 é 😀 '.repeat(5000)
    for (const text of [base, base + 'x'.repeat(70000), base.slice(3, 40003), `${base}\ud800`]) {
      expect(utf8ByteLength(text)).toBe(utf8ByteLengthPure(text))
    }
  })
})

describe('utf8ByteCounter', () => {
  it('falls back to the pure counter without a usable Buffer', () => {
    expect(utf8ByteCounter({})).toBe(utf8ByteLengthPure)
    expect(utf8ByteCounter({ Buffer: undefined })).toBe(utf8ByteLengthPure)
    expect(utf8ByteCounter({ Buffer: null })).toBe(utf8ByteLengthPure)
    expect(utf8ByteCounter({ Buffer: {} })).toBe(utf8ByteLengthPure)
    expect(utf8ByteCounter({ Buffer: { byteLength: 3 } })).toBe(utf8ByteLengthPure)
  })

  it("calls the scope's Buffer.byteLength with utf8 when there is one", () => {
    const calls: Array<[string, string]> = []
    const counter = utf8ByteCounter({
      Buffer: {
        byteLength: (text: string, encoding: string) => {
          calls.push([text, encoding])
          return 42
        },
      },
    })
    expect(counter('héllo')).toBe(42)
    expect(calls).toEqual([['héllo', 'utf8']])
  })
})

describe('loneSurrogateIndex', () => {
  it('native check and pure scan agree on every string', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        expect(loneSurrogateIndex(text)).toBe(loneSurrogateIndexPure(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('finds the first unpaired half', () => {
    expect(loneSurrogateIndexPure('ab😀c')).toBe(-1)
    expect(loneSurrogateIndexPure('a\ud800b')).toBe(1)
    expect(loneSurrogateIndexPure('a\udc00')).toBe(1)
    expect(loneSurrogateIndexPure('😀\ude00\ud800')).toBe(2)
    expect(loneSurrogateIndexPure('x\ud83d')).toBe(1)
  })

  it('falls back to the scan without isWellFormed, and uses it when present', () => {
    expect(loneSurrogateFinder({})).toBe(loneSurrogateIndexPure)
    const seen: Array<string> = []
    const find = loneSurrogateFinder({
      isWellFormed(this: string) {
        seen.push(this)
        return !this.includes('!')
      },
    })
    expect(find('ok')).toBe(-1)
    // Reported ill-formed: the index comes from the scan.
    expect(find('!\ud800')).toBe(1)
    expect(seen).toEqual(['ok', '!\ud800'])
  })
})
