import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DelimitedReader,
  type DelimitedRecord,
  JsonReader,
  MAX_RECORD_BYTES,
  RecordTooLarge,
} from '../../src/engine/copy/recordReader.js'
import { decodeUtf8, InvalidUtf8, truncateToBytes } from '../../src/engine/copy/utf8.js'

const csv = (text: string | Buffer, chunk = 3, options = {}): DelimitedRecord[] => {
  const reader = new DelimitedReader({
    delimiter: 0x2c,
    quote: 0x22,
    escape: false,
    ignoreHeader: 0,
    ...options,
  })
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text)
  const records: DelimitedRecord[] = []
  for (let i = 0; i < bytes.length; i += chunk)
    records.push(...reader.push(bytes.subarray(i, i + chunk)))
  records.push(...reader.end())
  return records
}

const fields = (records: DelimitedRecord[]) =>
  records.map((r) =>
    r.fields.map((f) => (f.quoted ? `"${f.bytes.toString()}"` : f.bytes.toString())),
  )

describe('DelimitedReader (CSV), hostile input first', () => {
  it('keeps delimiters, doubled quotes, CR and LF inside quotes, at any chunking', () => {
    const text = 'a,"b,c","say ""hi""","x\r\ny"\n  "pad"  ,  raw  ,"",\n'
    for (const chunk of [1, 2, 3, 7, 1000]) {
      expect(fields(csv(text, chunk))).toEqual([
        ['a', '"b,c"', '"say "hi""', '"x\r\ny"'],
        ['"pad"', '  raw  ', '""', ''],
      ])
    }
    expect(csv(text).map((r) => r.line)).toEqual([1, 3])
  })

  it('marks an unclosed quote and text after a closing quote as malformed lines', () => {
    const [unclosed] = csv('1,"never closed\n2,x\n')
    expect(unclosed?.malformed).toBe('Unterminated quoted field')
    const records = csv('1,"a"b,2\n3,ok\n')
    expect(records[0]?.malformed).toBe('Text after the closing quote of a field')
    expect(fields(records.slice(1))).toEqual([['3', 'ok']])
  })

  it('fails a record over 4 MB instead of buffering the file', () => {
    const reader = new DelimitedReader({
      delimiter: 0x2c,
      quote: 0x22,
      escape: false,
      ignoreHeader: 0,
    })
    reader.push(Buffer.from('1,"'))
    expect(() => reader.push(Buffer.alloc(MAX_RECORD_BYTES, 0x61))).toThrow(RecordTooLarge)
  })

  it('skips header lines and counts them in line numbers', () => {
    const records = csv('h1\nh2\n1,a\n2,b', 2, { ignoreHeader: 2 })
    expect(fields(records)).toEqual([
      ['1', 'a'],
      ['2', 'b'],
    ])
    expect(records.map((r) => r.line)).toEqual([3, 4])
  })

  it('reads text format with ESCAPE: backslash keeps the next byte, NULL AS compares the raw field', () => {
    const records = csv('a\\|b|c\\\nd|\\N\n', 2, {
      delimiter: 0x7c,
      quote: undefined,
      escape: true,
    })
    expect(fields(records)).toEqual([['a|b', 'c\nd', 'N']])
    expect(records[0]?.fields[2]?.raw.toString()).toBe('\\N')
  })

  it('round-trips any strings written as quoted CSV', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 4 }), {
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 9 }),
        (rows, chunk) => {
          const text = rows
            .map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(','))
            .join('\n')
          const got = csv(text, chunk).map((r) => r.fields.map((f) => f.bytes.toString()))
          expect(got).toEqual(rows.length === 0 ? [] : rows)
        },
      ),
    )
  })
})

describe('JsonReader', () => {
  const json = (text: string, chunk = 2) => {
    const reader = new JsonReader(0)
    const bytes = Buffer.from(text)
    const out = []
    for (let i = 0; i < bytes.length; i += chunk)
      out.push(...reader.push(bytes.subarray(i, i + chunk)))
    out.push(...reader.end())
    return out.map((r) => ({ line: r.line, raw: r.raw.toString(), malformed: r.malformed }))
  }

  it('splits objects by structure, not lines, with braces inside strings', () => {
    expect(json('{"a":"}{"}\n{\n "b": [1,\n2]}\n\n{"c":"\\"}"}')).toEqual([
      { line: 1, raw: '{"a":"}{"}', malformed: undefined },
      { line: 4, raw: '{\n "b": [1,\n2]}', malformed: undefined },
      { line: 6, raw: '{"c":"\\"}"}', malformed: undefined },
    ])
  })

  it('reports text outside objects and an unterminated object', () => {
    expect(json('junk\n{"a":1} , {"b":2}\n{"c":')).toEqual([
      { line: 1, raw: 'junk', malformed: 'Invalid JSON: text outside an object' },
      { line: 2, raw: '{"a":1}', malformed: undefined },
      { line: 2, raw: ', ', malformed: 'Invalid JSON: text outside an object' },
      { line: 2, raw: '{"b":2}', malformed: undefined },
      { line: 3, raw: '{"c":', malformed: 'Invalid JSON: unterminated object' },
    ])
  })
})

describe('UTF-8', () => {
  it('reports invalid sequences in hex, or replaces each bad byte with ACCEPTINVCHARS', () => {
    const bad = Buffer.from([0x61, 0xe2, 0x82, 0x62, 0xff])
    expect(decodeUtf8(bad)).toEqual(new InvalidUtf8('e2 82'))
    expect(decodeUtf8(bad, '^')).toBe('a^^b^')
    expect(decodeUtf8(Buffer.from('ok \uFFFD é'))).toBe('ok \uFFFD é')
  })

  it('truncates to a byte count without splitting a character', () => {
    expect(truncateToBytes('aé€😀', 3)).toBe('aé')
    expect(truncateToBytes('aé€😀', 6)).toBe('aé€')
    expect(truncateToBytes('abc', 5)).toBe('abc')
  })
})
