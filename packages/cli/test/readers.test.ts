import { normalizeTableModel, type TableModel } from '@redstore/sql'
import { describe, expect, it } from 'vitest'
import { CsvRecordParser } from '../src/input/CsvRecordParser.js'
import { inputRows } from '../src/input/inputRows.js'
import { memberTexts, parseNdjsonLine } from '../src/input/ndjson.js'
import { type InputLine, readLines } from '../src/input/readLines.js'
import { columnLookup, csvValue, hexBytes, ndjsonRow } from '../src/rows/columnValues.js'
import { csvHeader, csvRow } from '../src/rows/csvRows.js'
import { RowChecker } from '../src/rows/RowChecker.js'

async function* chunks(...parts: ReadonlyArray<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p
}

const collect = async <T>(items: AsyncIterable<T>): Promise<Array<T>> => {
  const out: Array<T> = []
  for await (const item of items) out.push(item)
  return out
}

const line = (n: number, text: string, terminator: InputLine['terminator'] = '\n'): InputLine => ({
  line: n,
  text,
  terminator,
  validUtf8: true,
})

const model: TableModel = normalizeTableModel({
  schema: 'shop',
  name: 'orders',
  keys: ['orderId'],
  columns: [
    { name: 'orderid', field: 'orderId', type: 'BIGINT', nullable: false },
    { name: 'email', type: 'VARCHAR(20)', nullable: false },
    { name: 'total', type: 'DECIMAL(38,2)' },
    { name: 'note', type: 'VARCHAR(65535)' },
    { name: 'items', type: 'SUPER' },
    { name: 'paid', type: 'BOOLEAN' },
    { name: 'blob', type: 'VARBYTE(8)' },
  ],
})

describe('readLines: bytes to numbered lines', () => {
  it('cuts multi-byte characters, CRLF and the BOM across chunk boundaries', async () => {
    const text = Buffer.from('\ufeff{"a":"日本"}\r\n\r\nzweite Zeile ü\nlast', 'utf8')
    // Every chunk size from 1 byte: a character or a CRLF split anywhere reads the same.
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const parts: Array<Uint8Array> = []
      for (let i = 0; i < text.length; i += size) parts.push(text.subarray(i, i + size))
      const lines = await collect(readLines(chunks(...parts), { name: 'x' }))
      expect(lines).toEqual([
        { line: 1, text: '{"a":"日本"}', terminator: '\r\n', validUtf8: true },
        { line: 2, text: '', terminator: '\r\n', validUtf8: true },
        { line: 3, text: 'zweite Zeile ü', terminator: '\n', validUtf8: true },
        { line: 4, text: 'last', terminator: '', validUtf8: true },
      ])
    }
  })

  it('keeps a lone CR as data and flags bytes that are not UTF-8', async () => {
    const lines = await collect(
      readLines(chunks('a\rb\n', Uint8Array.from([0x61, 0xff, 0x0a])), { name: 'x' }),
    )
    expect(lines.map((l) => [l.text, l.validUtf8])).toEqual([
      ['a\rb', true],
      ['a\ufffd', false],
    ])
  })

  it('refuses a line longer than the limit, naming its number', async () => {
    const reading = collect(
      readLines(chunks('ok\n', 'x'.repeat(10), 'y'.repeat(10)), {
        name: 'big.csv',
        maxLineBytes: 16,
      }),
    )
    await expect(reading).rejects.toMatchObject({
      _tag: 'InputError',
      file: 'big.csv',
      line: 2,
    })
  })
})

describe('CsvRecordParser: RFC 4180', () => {
  const parse = (...lines: ReadonlyArray<InputLine>) => {
    const parser = new CsvRecordParser()
    const out = lines.map((l) => parser.push(l)).filter((r) => r !== undefined)
    const last = parser.end()
    return last === undefined ? out : [...out, last]
  }

  it('reads quoted fields with doubled quotes, commas, backslashes and kept CR/LF line breaks', () => {
    const records = parse(
      line(1, 'id,note', '\r\n'),
      line(2, '1,"say ""hi"", \\N\\', '\r\n'),
      line(3, 'and more""",x', '\n'),
      line(4, '2,', ''),
    )
    expect(records).toEqual([
      { kind: 'record', line: 1, endLine: 1, fields: ['id', 'note'], quoted: [false, false] },
      {
        kind: 'record',
        line: 2,
        endLine: 3,
        fields: ['1', 'say "hi", \\N\\\r\nand more"', 'x'],
        quoted: [false, true, false],
      },
      { kind: 'record', line: 4, endLine: 4, fields: ['2', ''], quoted: [false, false] },
    ])
  })

  it('tells "" (quoted, empty) from an empty unquoted field, and skips empty lines', () => {
    expect(parse(line(1, ''), line(2, '"",,""'), line(3, ''))).toEqual([
      { kind: 'record', line: 2, endLine: 2, fields: ['', '', ''], quoted: [true, false, true] },
    ])
  })

  it('reports a bare quote, text after a closing quote, and a quote never closed, then reads on', () => {
    const records = parse(
      line(1, 'a,b"c'),
      line(2, '"x"y,1'),
      line(3, '1,2'),
      line(4, '"open,'),
      line(5, 'still open', ''),
    )
    expect(records).toEqual([
      {
        kind: 'error',
        line: 1,
        endLine: 1,
        reason:
          'a quote inside the unquoted field 2 (line 1, column 4); quote the whole field and double the quote ("a ""b"" c")',
      },
      {
        kind: 'error',
        line: 2,
        endLine: 2,
        reason:
          'text after the closing quote of field 1 (line 2, column 4); a quote inside a quoted field is written twice ("")',
      },
      { kind: 'record', line: 3, endLine: 3, fields: ['1', '2'], quoted: [false, false] },
      {
        kind: 'error',
        line: 4,
        endLine: 4,
        reason: 'the quoted field opened at line 4, column 1 is never closed',
      },
    ])
  })

  it('gives up on a quoted field longer than the limit (a missing quote), and reads on', () => {
    const parser = new CsvRecordParser(10)
    expect(parser.push(line(1, '"abcdef'))).toBeUndefined()
    expect(parser.push(line(2, 'ghijkl'))).toMatchObject({
      kind: 'error',
      line: 1,
      endLine: 2,
    })
    expect(parser.push(line(3, 'a,b'))).toMatchObject({ kind: 'record', fields: ['a', 'b'] })
  })

  it('reports a record with a line that is not UTF-8 at the record', () => {
    const parser = new CsvRecordParser()
    parser.push(line(1, '"a'))
    const record = parser.push({ line: 2, text: 'b\ufffd",x', terminator: '\n', validUtf8: false })
    expect(record).toEqual({
      kind: 'error',
      line: 1,
      endLine: 2,
      reason: 'line 2 is not valid UTF-8; save the file as UTF-8',
    })
  })
})

describe('NDJSON lines', () => {
  it('parses objects, skips blank lines and explains the rest without quoting the line', () => {
    expect(parseNdjsonLine(line(1, '  \t'))).toEqual({ kind: 'blank' })
    expect(parseNdjsonLine(line(1, '{"a": [1, {"b": "}"}]}'))).toEqual({
      kind: 'object',
      value: { a: [1, { b: '}' }] },
    })
    expect(parseNdjsonLine(line(1, '{"a":1'))).toEqual({
      kind: 'error',
      reason: "invalid JSON at column 7: Expected ',' or '}' after property value",
    })
    expect(parseNdjsonLine(line(1, '{"secret": "hunter2"} x'))).toEqual({
      kind: 'error',
      reason: 'invalid JSON at column 23: Unexpected non-whitespace character after JSON',
    })
    expect(parseNdjsonLine(line(1, 'null'))).toMatchObject({
      kind: 'error',
      reason: expect.stringMatching(/^is JSON null, not an object/),
    })
  })

  it('finds each member value as written, whatever it holds', () => {
    const text =
      '{ "a" : 12345678901234567890.25 , "b\\"q": {"x": ["}", "]"]}, "c":"\\\\\\"", "a": -1e400}'
    expect([...memberTexts(text)]).toEqual([
      ['a', '-1e400'],
      ['b"q', '{"x": ["}", "]"]}'],
      ['c', '"\\\\\\""'],
    ])
  })

  it('keeps every digit of DECIMAL numbers and of integers past 2^53, and reads VARBYTE as hex', () => {
    const text =
      '{"orderId": 9007199254740993, "total": 12345678901234567.89, "blob": "00FF", "note": 1.5}'
    const parsed = JSON.parse(text) as Record<string, unknown>
    expect(ndjsonRow(columnLookup(model), parsed, text)).toEqual({
      ok: true,
      value: {
        orderId: '9007199254740993',
        total: '12345678901234567.89',
        blob: Uint8Array.from([0, 255]),
        note: 1.5,
      },
    })
    const small = JSON.parse('{"orderId": 7}') as Record<string, unknown>
    expect(ndjsonRow(columnLookup(model), small, '{"orderId": 7}')).toEqual({
      ok: true,
      value: { orderId: 7 },
    })
    expect(ndjsonRow(columnLookup(model), { blob: 'xyz' }, '')).toEqual({
      ok: false,
      problem:
        'column "blob" (VARBYTE(8)): "xyz" is not hexadecimal (write bytes as hex digits, e.g. 00ff)',
    })
  })
})

describe('CSV values by column type', () => {
  const column = (name: string) => model.columns.find((c) => c.name === name)!

  it('reads booleans as COPY does, SUPER as JSON, VARBYTE as hex, the rest as text', () => {
    expect(csvValue('T', column('paid'))).toEqual({ ok: true, value: true })
    expect(csvValue(' no ', column('paid'))).toEqual({ ok: true, value: false })
    expect(csvValue('maybe', column('paid'))).toEqual({
      ok: false,
      problem:
        'column "paid" (BOOLEAN): "maybe" is not a boolean; write true or false (or t/f, yes/no, 1/0)',
    })
    expect(csvValue('{"a":[1,"x"]}', column('items'))).toEqual({
      ok: true,
      value: { a: [1, 'x'] },
    })
    expect(csvValue('"text"', column('items'))).toEqual({ ok: true, value: 'text' })
    expect(csvValue('text', column('items'))).toMatchObject({ ok: false })
    expect(csvValue('\\x0aFF', column('blob'))).toEqual({
      ok: true,
      value: Uint8Array.from([10, 255]),
    })
    expect(csvValue('0012.50', column('total'))).toEqual({ ok: true, value: '0012.50' })
    expect(hexBytes('abc')).toBe('has an odd number of hex digits')
  })

  it('maps a header to columns the way the storage matches fields, and refuses what cannot load', () => {
    const header = csvHeader(model, ['ORDERID', 'email', 'note'], {
      file: 'o.csv',
      line: 1,
      unknownFields: 'error',
    })
    expect(header.columns.map((c) => c?.name)).toEqual(['orderid', 'email', 'note'])
    expect(() =>
      csvHeader(model, ['orderId', 'colour', 'orderid', ''], {
        file: 'o.csv',
        line: 1,
        unknownFields: 'error',
      }),
    ).toThrow(
      'o.csv:1: field 4 of the header has no name; the header names "colour", which table shop.orders does not have (its columns: "orderId", "email", "total", "note", "items", "paid", "blob"); the header names column "orderId" twice ("orderId", "orderid"); the header lacks "email", which every row needs (key or NOT NULL columns). Fix:',
    )
    const ignoring = csvHeader(model, ['orderId', 'email', 'colour'], {
      file: 'o.csv',
      line: 1,
      unknownFields: 'ignore',
    })
    expect(ignoring.columns[2]).toBeUndefined()
  })

  it('turns a record into a row: empty unquoted absent, \\N null, "" the empty string', () => {
    const header = csvHeader(model, ['orderId', 'email', 'note', 'total', 'items'], {
      file: 'o.csv',
      line: 1,
      unknownFields: 'error',
    })
    expect(
      csvRow(header, ['1', '', '\\N', '', '"\\\\N"'], [false, true, false, false, true]),
    ).toEqual({
      ok: true,
      value: { orderId: '1', email: '', note: null, items: '\\N' },
    })
    expect(csvRow(header, ['1', 'a'], [false, false])).toEqual({
      ok: false,
      problem: 'has 2 fields, the header has 5',
    })
  })
})

describe('inputRows: lines to rows or bad lines, with their line numbers', () => {
  it('numbers CSV rows by the line their record starts on', async () => {
    const text =
      'orderId,email,note\r\n1,a@x,"two\r\nlines"\r\n\r\n2,b@x,x"y\r\n3,c@x\r\n4,d@x,\\N\r\n'
    const rows = await collect(
      inputRows(readLines(chunks(text), { name: 'o.csv' }), model, {
        file: 'o.csv',
        format: 'csv',
        unknownFields: 'error',
      }),
    )
    expect(rows.map((r) => [r.kind, r.line, r.endLine])).toEqual([
      ['row', 2, 3],
      ['bad', 5, 5],
      ['bad', 6, 6],
      ['row', 7, 7],
    ])
    expect(rows[0]).toMatchObject({ row: { orderId: '1', email: 'a@x', note: 'two\r\nlines' } })
  })

  it('refuses an empty CSV input and a header it cannot use, before any row', async () => {
    const read = (text: string) =>
      collect(
        inputRows(readLines(chunks(text), { name: 'o.csv' }), model, {
          file: 'o.csv',
          format: 'csv',
          unknownFields: 'error',
        }),
      )
    await expect(read('')).rejects.toThrow('o.csv:1: the CSV input is empty: it has no header.')
    await expect(read('\n\n"id\n')).rejects.toThrow(
      'o.csv:3: the header cannot be read: the quoted field opened at line 3, column 1 is never closed.',
    )
  })
})

describe('RowChecker: what the storage would refuse, before anything is sent', () => {
  it('names the column and the reason, without the row index', () => {
    const checker = new RowChecker(model, { path: 'insert', unknownFields: 'error' })
    expect(checker.check({ orderId: 1, email: 'a' }, 0)).toBeUndefined()
    expect(checker.check({ email: 'a' }, 5)).toBe(
      'no value for key column "orderid"; every row needs one (NULL keys never match in MERGE)',
    )
    expect(checker.check({ orderId: 1, email: 'a', total: '1.234' }, 5)).toMatch(
      /^value for column "total" \(DECIMAL\(38,2\)\) has 3 fractional digits/,
    )
    expect(checker.check({ orderId: 1, email: 'a', colour: 'red' }, 5)).toBe(
      'field "colour" is not a column of shop.orders; add it to the schema file, or pass --unknown-fields ignore',
    )
    expect(checker.check({ orderId: 1, email: 'ü'.repeat(11) }, 5)).toMatch(
      /^value for column "email" \(VARCHAR\(20\)\) .*22/,
    )
  })

  it('measures a row against the INSERT limit, or against a COPY record when COPY may be taken', () => {
    const row = {
      orderId: 1,
      email: 'a',
      note: 'x'.repeat(60_000),
      items: { s: 'y'.repeat(50_000) },
    }
    const insert = new RowChecker(model, { path: 'insert', unknownFields: 'error' })
    expect(insert.check(row, 0)).toMatch(
      /^the row needs an INSERT of 110\d{3} bytes, over the statement limit of 98304 bytes; load it through S3 with --method copy/,
    )
    const either = new RowChecker(model, { path: 'either', unknownFields: 'error' })
    expect(either.check(row, 0)).toBeUndefined()
    expect(either.tooLongForInsert).toBe(1)
    const copy = new RowChecker(model, { path: 'copy', unknownFields: 'error' })
    expect(copy.check(row, 0)).toBeUndefined()
  })
})
