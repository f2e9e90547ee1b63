import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { significant, splitStatements, tokenize } from '../../src/engine/RedshiftLexer.js'

const kinds = (sql: string) => significant(tokenize(sql)).map((t) => [t.kind, t.value])

describe('tokenize', () => {
  it('reads Redshift string literals: doubled quotes and backslash escapes', () => {
    expect(kinds(`'a''b' 'it\\'s' 'c:\\\\dir\\\\' '\\n\\t\\101\\x41\\q' E'\\r'`)).toEqual([
      ['string', "a'b"],
      ['string', "it's"],
      ['string', 'c:\\dir\\'],
      ['string', '\n\tAAq'],
      ['string', '\r'],
    ])
  })

  it('does not let a trailing backslash close a string', () => {
    expect(() => tokenize("SELECT 'abc\\'")).toThrow('ERROR: unterminated quoted string')
    expect(kinds("'abc\\\\'")).toEqual([['string', 'abc\\']])
  })

  it('reads quoted identifiers with doubled quotes, not folded', () => {
    expect(kinds('"My ""Table""" plain UPPER')).toEqual([
      ['quoted', 'My "Table"'],
      ['word', 'plain'],
      ['word', 'upper'],
    ])
    expect(() => tokenize('SELECT "open')).toThrow('ERROR: unterminated quoted identifier')
    expect(() => tokenize('SELECT ""')).toThrow('ERROR: zero-length delimited identifier')
  })

  it('skips line and nested block comments', () => {
    expect(kinds("a -- 'not a string\n/* outer /* inner */ still ' */ b")).toEqual([
      ['word', 'a'],
      ['word', 'b'],
    ])
    expect(() => tokenize('a /* open')).toThrow('ERROR: unterminated /* comment')
  })

  it('has no dollar quoting: $ is a symbol and the text between is tokenized', () => {
    expect(kinds("$$ 'x' $$")).toEqual([
      ['symbol', '$'],
      ['symbol', '$'],
      ['string', 'x'],
      ['symbol', '$'],
      ['symbol', '$'],
    ])
  })

  it('reads :name parameters, but not casts or text inside strings and comments', () => {
    expect(kinds("x = :id AND y::int = :2nd AND ':no' -- :no")).toEqual([
      ['word', 'x'],
      ['symbol', '='],
      ['parameter', 'id'],
      ['word', 'and'],
      ['word', 'y'],
      ['symbol', '::'],
      ['word', 'int'],
      ['symbol', '='],
      ['parameter', '2nd'],
      ['word', 'and'],
      ['string', ':no'],
    ])
  })

  it('reads #name after FROM or TABLE as a temp table name, elsewhere # stays an operator', () => {
    expect(kinds('CREATE TABLE #Stage (id int)')[2]).toEqual(['temp', 'stage'])
    expect(kinds('SELECT a # b FROM #s')).toEqual([
      ['word', 'select'],
      ['word', 'a'],
      ['symbol', '#'],
      ['word', 'b'],
      ['word', 'from'],
      ['temp', 's'],
    ])
  })

  it('rejects NUL in the text and in escapes', () => {
    const nul = 'ERROR: invalid byte sequence for encoding "UTF8": 0x00'
    expect(() => tokenize("SELECT 'a\u0000'")).toThrow(nul)
    expect(() => tokenize("SELECT '\\000'")).toThrow(nul)
    expect(() => tokenize("SELECT '\\x0'")).toThrow(nul)
  })

  it('rejects escapes that make invalid UTF-8', () => {
    expect(() => tokenize("SELECT '\\xff'")).toThrow(
      'ERROR: invalid byte sequence for encoding "UTF8"',
    )
    expect(kinds("'\\303\\251'")).toEqual([['string', 'é']])
  })

  it('splits statements at top-level semicolons only', () => {
    const statements = splitStatements(tokenize('SELECT \';\'; -- ;\n SELECT ";"; ;'))
    expect(statements.map((s) => significant(s).map((t) => t.value))).toEqual([
      ['select', ';'],
      ['select', ';'],
    ])
  })

  it('round-trips any text quoted by doubling quotes and backslashes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')),
        (text) => {
          const literal = `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
          const tokens = significant(tokenize(`SELECT ${literal}, 1`))
          expect(tokens[1]).toMatchObject({ kind: 'string', value: text })
          expect(tokens).toHaveLength(4)
        },
      ),
    )
  })
})
