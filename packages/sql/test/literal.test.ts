import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidLiteralError, quoteLiteral } from '../src/index.js'
import { hostileString } from './arbitraries.js'
import { captureError } from './captureError.js'
import { lexStringLiteral } from './redshiftLexer.js'

describe('quoteLiteral', () => {
  it.each([
    ['', "''"],
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['C:\\', "'C:\\\\'"],
    ["\\'", "'\\\\'''"],
    ['line\nbreak', "'line\nbreak'"],
    ['"quoted"', `'"quoted"'`],
    ['日本😀', "'日本😀'"],
  ])('writes %j as %s', (input, expected) => {
    expect(quoteLiteral(input)).toBe(expected)
  })

  it('reads back as the input and ends exactly at its closing quote', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const literal = quoteLiteral(s)
        const token = lexStringLiteral(`${literal}, 'next'`)
        expect(token.value).toBe(s)
        expect(token.end).toBe(literal.length)
      }),
      { numRuns: 2000 },
    )
  })

  it('the lexer is strict enough to catch quoting that doubles only single quotes', () => {
    const naive = (s: string) => `'${s.replaceAll("'", "''")}'`
    const sql = `${naive('ends with \\')}, ' OR 1=1 --'`
    expect(lexStringLiteral(sql).value).not.toBe('ends with \\')
    expect(lexStringLiteral(`${quoteLiteral('ends with \\')}, 'x'`).value).toBe('ends with \\')
  })

  it('rejects NUL anywhere with its position', () => {
    fc.assert(
      fc.property(hostileString(), hostileString(), (a, b) => {
        const error = captureError(() => quoteLiteral(`${a}\u0000${b}`))
        expect(error).toBeInstanceOf(InvalidLiteralError)
        expect((error as InvalidLiteralError).position).toBe(a.length)
      }),
    )
  })

  it('rejects a lone surrogate, which has no UTF-8 form', () => {
    const error = captureError(() => quoteLiteral('ab\ud800c'))
    expect(error).toBeInstanceOf(InvalidLiteralError)
    expect((error as InvalidLiteralError)._tag).toBe('InvalidLiteralError')
    expect((error as InvalidLiteralError).position).toBe(2)
    expect((error as Error).message).toMatch(/surrogate at index 2/)
    expect(() => quoteLiteral('\udc00')).toThrow(InvalidLiteralError)
    expect(quoteLiteral('\ud83d\ude00')).toBe("'😀'")
  })

  it('rejects a value that is not a string', () => {
    expect(() => quoteLiteral(42 as unknown as string)).toThrow(InvalidLiteralError)
  })
})
