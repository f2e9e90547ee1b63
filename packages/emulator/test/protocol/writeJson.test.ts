import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { writeJson } from '../../src/protocol/writeJson.js'

describe('writeJson', () => {
  it('writes bigint values as exact integers, beyond 2^53 and negative', () => {
    expect(writeJson({ a: 9_007_199_254_740_993n, b: -9_223_372_036_854_775_808n, c: 0n })).toBe(
      '{"a":9007199254740993,"b":-9223372036854775808,"c":0}',
    )
  })

  it('writes what JSON.stringify writes for plain JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(writeJson(value)).toBe(JSON.stringify(value))
      }),
    )
  })

  it('keeps hostile strings intact', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(JSON.parse(writeJson({ stringValue: text }))).toEqual({ stringValue: text })
      }),
    )
    const hostile = '\u0000"\\\'\u2028\u2029\ud800</script>'
    expect(JSON.parse(writeJson([hostile]))).toEqual([hostile])
  })

  it('writes blobs as base64, dates as epoch seconds, leaves out undefined members', () => {
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255])
    expect(
      writeJson({
        blobValue: bytes.subarray(1),
        CreatedAt: new Date(1_764_000_000_250),
        missing: undefined,
        list: [undefined, Number.NaN, Number.POSITIVE_INFINITY, -0.5],
      }),
    ).toBe('{"blobValue":"AQL9/v8=","CreatedAt":1764000000.25,"list":[null,null,null,-0.5]}')
  })

  it('refuses a value that contains itself, and allows a shared one', () => {
    const shared = { x: 1n }
    expect(writeJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}')
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(() => writeJson(cyclic)).toThrow(/cycle/)
  })
})
