import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  findIdentCollisions,
  InvalidIdentifierError,
  normalizeIdent,
  quoteIdent,
  quoteQualifiedName,
} from '../src/index.js'
import { hostileString } from './arbitraries.js'
import { captureError } from './captureError.js'
import { lexQuotedIdentifier } from './redshiftLexer.js'

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length

describe('quoteIdent', () => {
  it.each([
    ['users', '"users"'],
    ['User Id', '"User Id"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ["it's\\", `"it's\\"`],
    ['a.b', '"a.b"'],
    ['日本', '"日本"'],
  ])('quotes %j as %s', (input, expected) => {
    expect(quoteIdent(input)).toBe(expected)
  })

  it('reads back as the input and ends exactly at its closing quote', () => {
    fc.assert(
      fc.property(
        hostileString().filter((s) => s.length > 0 && utf8Bytes(s) <= 127),
        (s) => {
          const quoted = quoteIdent(s)
          const token = lexQuotedIdentifier(`${quoted}."next"`)
          expect(token.value).toBe(s)
          expect(token.end).toBe(quoted.length)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('accepts exactly 127 UTF-8 bytes and rejects 128, counting multi-byte characters', () => {
    expect(quoteIdent('a'.repeat(127))).toHaveLength(129)
    expect(() => quoteIdent('a'.repeat(128))).toThrow(InvalidIdentifierError)
    // 42 three-byte characters are 126 bytes; one more ASCII byte is 127, two are 128.
    expect(() => quoteIdent(`${'日'.repeat(42)}a`)).not.toThrow()
    const error = captureError(() => quoteIdent(`${'日'.repeat(42)}ab`))
    expect(error).toBeInstanceOf(InvalidIdentifierError)
    expect((error as InvalidIdentifierError).reason).toMatch(/128 UTF-8 bytes/)
    expect(() => quoteIdent('😀'.repeat(32))).toThrow(InvalidIdentifierError)
  })

  it.each([
    ['', /is empty/],
    ['a\u0000b', /NUL at index 1/],
    ['\ud800', /lone UTF-16 surrogate/],
  ])('rejects %j', (name, reason) => {
    const error = captureError(() => quoteIdent(name))
    expect(error).toBeInstanceOf(InvalidIdentifierError)
    expect((error as InvalidIdentifierError)._tag).toBe('InvalidIdentifierError')
    expect((error as InvalidIdentifierError).reason).toMatch(reason)
    expect((error as Error).message).toMatch(/1 to 127 UTF-8 bytes/)
  })
})

describe('quoteQualifiedName', () => {
  it('quotes each part on its own and never splits on dots', () => {
    expect(quoteQualifiedName('analytics', 'events')).toBe('"analytics"."events"')
    expect(quoteQualifiedName('my.schema', 'a"b', 'col')).toBe('"my.schema"."a""b"."col"')
  })

  it('rejects no parts and an invalid part', () => {
    expect(() => quoteQualifiedName()).toThrow(InvalidIdentifierError)
    expect(() => quoteQualifiedName('s', '')).toThrow(InvalidIdentifierError)
  })
})

describe('normalizeIdent', () => {
  it.each([
    ['userId', 'userid'],
    ['USERS', 'users'],
    ['already_lower', 'already_lower'],
    ['Ünïcode', 'Ünïcode'],
    ['Mixed ÄB', 'mixed Äb'],
  ])('folds %j to %j (ASCII letters only)', (input, expected) => {
    expect(normalizeIdent(input)).toBe(expected)
  })

  it('is idempotent and keeps UTF-8 length', () => {
    fc.assert(
      fc.property(
        hostileString().filter((s) => s.length > 0 && utf8Bytes(s) <= 127),
        (s) => {
          const once = normalizeIdent(s)
          expect(normalizeIdent(once)).toBe(once)
          expect(utf8Bytes(once)).toBe(utf8Bytes(s))
        },
      ),
    )
  })

  it('validates the name', () => {
    expect(() => normalizeIdent('')).toThrow(InvalidIdentifierError)
  })
})

describe('findIdentCollisions', () => {
  it('groups names that fold to the same identifier, in input order', () => {
    expect(findIdentCollisions(['userId', 'name', 'userid', 'USERID', 'Name', 'other'])).toEqual([
      { normalized: 'userid', names: ['userId', 'userid', 'USERID'] },
      { normalized: 'name', names: ['name', 'Name'] },
    ])
  })

  it('reports exact repeats and nothing for distinct names', () => {
    expect(findIdentCollisions(['a', 'a'])).toEqual([{ normalized: 'a', names: ['a', 'a'] }])
    expect(findIdentCollisions(['a', 'b', 'ä', 'Ä'])).toEqual([])
  })
})
