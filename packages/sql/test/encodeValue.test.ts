import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ColumnModel,
  encodeValue,
  InvalidTypeError,
  parseRedshiftType,
  type RedshiftType,
  ValueEncodingError,
} from '../src/index.js'
import { captureError } from './captureError.js'
import { lexStringLiteral } from './redshiftLexer.js'

const column = (type: string, nullable = true): ColumnModel => ({
  name: 'c',
  type: parseRedshiftType(type),
  nullable,
})

const encode = (type: string, value: unknown) => encodeValue(value, column(type))

const rejects = (type: string, value: unknown, reason: RegExp) => {
  const error = captureError(() => encode(type, value))
  expect(error).toBeInstanceOf(ValueEncodingError)
  const typed = error as ValueEncodingError
  expect(typed._tag).toBe('ValueEncodingError')
  expect(typed.column).toBe('c')
  expect(typed.reason).toMatch(reason)
  return typed
}

describe('encodeValue: NULL', () => {
  it('writes NULL for a nullable column only', () => {
    expect(encode('INT', null)).toBe('NULL')
    const error = captureError(() => encodeValue(null, column('INT', false), 4))
    expect(error).toMatchObject({ _tag: 'ValueEncodingError', rowIndex: 4, type: 'INTEGER' })
    expect((error as Error).message).toMatch(/^Row 4: value for column "c" \(INTEGER\) is null/)
  })

  it('rejects undefined, which means "absent" in a row', () => {
    rejects('INT', undefined, /pass null to write NULL, or leave the field out/)
  })
})

describe('encodeValue: integers', () => {
  it.each([
    ['SMALLINT', -32768, '-32768'],
    ['SMALLINT', 32767, '32767'],
    ['INTEGER', -2147483648, '-2147483648'],
    ['INTEGER', '2147483647', '2147483647'],
    ['BIGINT', 9223372036854775807n, '9223372036854775807'],
    ['BIGINT', -9223372036854775808n, '-9223372036854775808'],
    ['BIGINT', '-9223372036854775808', '-9223372036854775808'],
    ['BIGINT', Number.MAX_SAFE_INTEGER, '9007199254740991'],
    ['BIGINT', -0, '0'],
    ['BIGINT', '+007', '7'],
  ])('%s accepts %s as %s', (type, value, expected) => {
    expect(encode(type, value)).toBe(expected)
  })

  it.each([
    ['SMALLINT', 32768, /outside the SMALLINT range -32768 to 32767/],
    ['SMALLINT', -32769, /outside the SMALLINT range/],
    ['INTEGER', 2147483648n, /outside the INTEGER range/],
    ['BIGINT', 9223372036854775808n, /outside the BIGINT range/],
    ['BIGINT', '-9223372036854775809', /outside the BIGINT range/],
    ['BIGINT', 2 ** 53, /MAX_SAFE_INTEGER/],
    ['BIGINT', 1.5, /not an integer/],
    ['BIGINT', Number.NaN, /not a finite number/],
    ['BIGINT', Number.POSITIVE_INFINITY, /not a finite number/],
    ['BIGINT', '1.0', /integer string/],
    ['BIGINT', '1e3', /integer string/],
    ['BIGINT', ' 1', /integer string/],
    ['BIGINT', '1; DROP TABLE x', /integer string/],
    ['BIGINT', true, /integer string/],
    ['BIGINT', {}, /integer string/],
  ])('%s rejects %s', (type, value, reason) => {
    rejects(type, value, reason)
  })

  it('round-trips every bigint in range and rejects every one outside', () => {
    const min = -(2n ** 63n)
    const max = 2n ** 63n - 1n
    fc.assert(
      fc.property(fc.bigInt({ min: min * 2n, max: max * 2n }), (n) => {
        if (n >= min && n <= max) expect(BigInt(encode('BIGINT', n))).toBe(n)
        else expect(() => encode('BIGINT', n)).toThrow(ValueEncodingError)
      }),
    )
  })
})

describe('encodeValue: floats', () => {
  it.each([
    ['DOUBLE PRECISION', 1.5, '1.5'],
    ['DOUBLE PRECISION', -0, '0'],
    ['DOUBLE PRECISION', 1e21, '1e+21'],
    ['DOUBLE PRECISION', 5e-7, '5e-7'],
    ['DOUBLE PRECISION', '2.50', '2.5'],
    ['DOUBLE PRECISION', '-1E3', '-1000'],
    ['DOUBLE PRECISION', 12n, '12'],
    ['REAL', 3.4e38, '3.4e+38'],
    // Rounds to the largest single-precision value, as the database rounds it.
    ['REAL', 3.4028235e38, '3.4028235e+38'],
    // The smallest single-precision subnormal.
    ['REAL', 1.4e-45, '1.4e-45'],
  ])('%s accepts %s as %s', (type, value, expected) => {
    expect(encode(type, value)).toBe(expected)
  })

  it.each([
    ['DOUBLE PRECISION', Number.NaN, /not a finite number/],
    ['DOUBLE PRECISION', Number.NEGATIVE_INFINITY, /not a finite number/],
    ['DOUBLE PRECISION', 'Infinity', /numeric string/],
    ['DOUBLE PRECISION', 'NaN', /numeric string/],
    ['DOUBLE PRECISION', '1e999', /not a finite number/],
    ['DOUBLE PRECISION', '0x10', /numeric string/],
    ['DOUBLE PRECISION', '', /numeric string/],
    ['DOUBLE PRECISION', 2n ** 60n, /too large/],
    ['REAL', 3.5e38, /REAL range/],
    ['REAL', 1e-50, /too small for REAL/],
    ['REAL', '-1e-46', /too small for REAL/],
  ])('%s rejects %s', (type, value, reason) => {
    rejects(type, value, reason)
  })

  it('writes every finite double so that it reads back exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(Number(encode('DOUBLE PRECISION', n))).toBe(n === 0 ? 0 : n)
      }),
    )
  })
})

describe('encodeValue: DECIMAL', () => {
  it.each([
    ['DECIMAL(10,2)', '19.90', '19.9'],
    ['DECIMAL(10,2)', '-0.01', '-0.01'],
    ['DECIMAL(10,2)', '-0.00', '0'],
    ['DECIMAL(10,2)', 19.99, '19.99'],
    ['DECIMAL(10,2)', 12345678n, '12345678'],
    ['DECIMAL(10,2)', '00012.10', '12.1'],
    ['DECIMAL(10,2)', '.5', '0.5'],
    ['DECIMAL(10,2)', '5.', '5'],
    ['DECIMAL(10,2)', '1.5e3', '1500'],
    ['DECIMAL(10,2)', '125E-2', '1.25'],
    ['DECIMAL(10,2)', ' 7 ', '7'],
    [
      'DECIMAL(38,0)',
      '99999999999999999999999999999999999999',
      '99999999999999999999999999999999999999',
    ],
    [
      'DECIMAL(38,37)',
      '-9.9999999999999999999999999999999999999',
      '-9.9999999999999999999999999999999999999',
    ],
    ['DECIMAL(5,5)', '0.12345', '0.12345'],
    ['DECIMAL(10,2)', 1e-7 * 0, '0'],
    ['DECIMAL(10,2)', '0e99999', '0'],
  ])('%s accepts %s as %s', (type, value, expected) => {
    expect(encode(type, value)).toBe(expected)
  })

  it.each([
    ['DECIMAL(10,2)', '123456789', /9 integer digits, more than the 8/],
    ['DECIMAL(10,2)', '1.999', /3 fractional digits, more than the scale 2.*toFixed\(2\)/],
    ['DECIMAL(10,2)', 0.1 + 0.2, /fractional digits/],
    ['DECIMAL(38,0)', '1e38', /39 integer digits/],
    ['DECIMAL(10,2)', '1e-5', /fractional digits/],
    ['DECIMAL(10,2)', '1e999999', /far outside/],
    ['DECIMAL(10,2)', '', /not a decimal number/],
    ['DECIMAL(10,2)', '.', /not a decimal number/],
    ['DECIMAL(10,2)', '1,5', /not a decimal number/],
    ['DECIMAL(10,2)', '1.2.3', /not a decimal number/],
    ['DECIMAL(10,2)', "1'; --", /not a decimal number/],
    ['DECIMAL(10,2)', Number.NaN, /not a finite number/],
    ['DECIMAL(10,2)', true, /numeric string/],
  ])('%s rejects %s', (type, value, reason) => {
    rejects(type, value, reason)
  })

  it('keeps every digit of any value that fits', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 38 })
          .chain((p) => fc.tuple(fc.constant(p), fc.integer({ min: 0, max: Math.min(p, 37) }))),
        fc.bigInt({ min: -(10n ** 38n), max: 10n ** 38n }),
        ([p, s], n) => {
          const type = `DECIMAL(${p},${s})`
          const bound = 10n ** BigInt(p)
          const unscaled = n % bound
          const abs = unscaled < 0n ? -unscaled : unscaled
          const digits = abs.toString().padStart(s + 1, '0')
          const text = `${unscaled < 0n ? '-' : ''}${digits.slice(0, digits.length - s)}${s > 0 ? `.${digits.slice(digits.length - s)}` : ''}`
          const encoded = encode(type, text)
          const [int = '', frac = ''] = encoded.replace('-', '').split('.')
          const back = BigInt(int + frac.padEnd(s, '0')) * (encoded.startsWith('-') ? -1n : 1n)
          expect(back).toBe(unscaled)
        },
      ),
    )
  })
})

describe('encodeValue: BOOLEAN', () => {
  it('accepts booleans only', () => {
    expect(encode('BOOLEAN', true)).toBe('TRUE')
    expect(encode('BOOLEAN', false)).toBe('FALSE')
    rejects('BOOLEAN', 'true', /expected true or false/)
    rejects('BOOLEAN', 1, /expected true or false/)
  })
})

describe('encodeValue: CHAR and VARCHAR', () => {
  it.each([
    ['VARCHAR(10)', 'hello', "'hello'"],
    ['VARCHAR(10)', "it's\\", "'it''s\\\\'"],
    ['VARCHAR(10)', 42, "'42'"],
    ['VARCHAR(10)', 10n, "'10'"],
    ['VARCHAR(10)', false, "'false'"],
    ['VARCHAR(10)', '', "''"],
    ['VARCHAR(4)', '日a', "'日a'"],
    ['VARCHAR(4)', '😀', "'😀'"],
    ['CHAR(3)', 'abc', "'abc'"],
  ])('%s accepts %s as %s', (type, value, expected) => {
    expect(encode(type, value)).toBe(expected)
  })

  it.each([
    ['VARCHAR(3)', 'abcd', /4 UTF-8 bytes long, over the 3 bytes of VARCHAR\(3\)/],
    ['VARCHAR(5)', '日日', /6 UTF-8 bytes/],
    ['VARCHAR(3)', '😀', /4 UTF-8 bytes/],
    ['VARCHAR(10)', 'a\u0000b', /NUL/],
    ['VARCHAR(10)', '\ud800', /surrogate/],
    ['VARCHAR(10)', Number.NaN, /expected a string/],
    ['VARCHAR(10)', {}, /expected a string.*SUPER column, or pass JSON.stringify/],
    ['VARCHAR(10)', [1], /JSON.stringify/],
    ['VARCHAR(10)', new Date(0), /expected a string.*toISOString/],
    ['CHAR(10)', 'é', /single-byte characters only, use VARCHAR/],
  ])('%s rejects %s', (type, value, reason) => {
    rejects(type, value, reason)
  })

  it('accepts a string exactly when its UTF-8 length fits, and the literal reads back', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.integer({ min: 1, max: 60 }),
        (s, n) => {
          const bytes = new TextEncoder().encode(s).length
          if (s.includes('\u0000')) return
          if (bytes <= n) expect(lexStringLiteral(encode(`VARCHAR(${n})`, s)).value).toBe(s)
          else expect(() => encode(`VARCHAR(${n})`, s)).toThrow(ValueEncodingError)
        },
      ),
    )
  })
})

describe('encodeValue: dates and times', () => {
  it.each([
    ['DATE', '2025-01-31', "'2025-01-31'"],
    ['DATE', '2024-02-29', "'2024-02-29'"],
    ['DATE', new Date('2025-03-04T23:59:59.999Z'), "'2025-03-04'"],
    ['DATE', '0001-01-01', "'0001-01-01'"],
    ['TIMESTAMP', '2025-01-01 10:00:00', "'2025-01-01 10:00:00'"],
    ['TIMESTAMP', '2025-01-01T10:00', "'2025-01-01 10:00:00'"],
    ['TIMESTAMP', '2025-01-01', "'2025-01-01 00:00:00'"],
    ['TIMESTAMP', '2025-01-01T10:00:00.123456Z', "'2025-01-01 10:00:00.123456'"],
    ['TIMESTAMP', '2025-01-01T10:00:00.120Z', "'2025-01-01 10:00:00.12'"],
    ['TIMESTAMP', '2025-01-01T01:30:00.000001+02:00', "'2024-12-31 23:30:00.000001'"],
    ['TIMESTAMP', '2025-01-01T22:00:00-0530', "'2025-01-02 03:30:00'"],
    ['TIMESTAMP', '2025-01-01T22:00:00-05', "'2025-01-02 03:00:00'"],
    ['TIMESTAMP', new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)), "'2025-01-02 03:04:05.006'"],
    ['TIMESTAMP', new Date(-1), "'1969-12-31 23:59:59.999'"],
    ['TIMESTAMPTZ', '2025-06-01T12:00:00+02:00', "'2025-06-01 10:00:00+00'"],
    ['TIMESTAMPTZ', '2025-06-01 12:00:00.5', "'2025-06-01 12:00:00.5+00'"],
    ['TIME', '10:30', "'10:30:00'"],
    ['TIME', '23:59:59.999999', "'23:59:59.999999'"],
    ['TIME', new Date(Date.UTC(2025, 0, 1, 8, 9, 10)), "'08:09:10'"],
    ['TIMETZ', '01:00:00+02:00', "'23:00:00+00'"],
    ['TIMETZ', '23:00:00.25-01:30', "'00:30:00.25+00'"],
    ['TIMETZ', '12:00:00Z', "'12:00:00+00'"],
  ])('%s accepts %s as %s', (type, value, expected) => {
    expect(encode(type, value)).toBe(expected)
  })

  it.each([
    ['DATE', '2025-02-29', /not a calendar date/],
    ['DATE', '2025-13-01', /not a calendar date/],
    ['DATE', '2025-1-1', /not a date/],
    ['DATE', '2025-01-01T10:00:00', /not a date/],
    ['DATE', '0000-01-01', /not a calendar date/],
    ['DATE', 20250101, /expected a Date or an ISO 8601 string/],
    ['DATE', new Date(Number.NaN), /invalid Date/],
    ['DATE', new Date('+010000-01-01T00:00:00Z'), /outside 0001 to 9999/],
    ['TIMESTAMP', '2025-01-01T24:00:00', /not a valid time of day/],
    ['TIMESTAMP', '2025-01-01T10:60:00', /not a valid time of day/],
    ['TIMESTAMP', '2025-01-01T10:00:60', /not a valid time of day/],
    ['TIMESTAMP', '2025-01-01T10:00:00.1234567Z', /7 fractional second digits/],
    ['TIMESTAMP', '2025-01-01T10:00:00+16:00', /offset/],
    ['TIMESTAMP', '9999-12-31T23:00:00-02:00', /outside 0001 to 9999/],
    ['TIMESTAMP', "2025-01-01'; DROP TABLE x; --", /not an ISO 8601 timestamp/],
    ['TIMESTAMP', 1735689600000, /expected a Date/],
    ['TIME', '10:00:00+02:00', /not a time/],
    ['TIME', '25:00', /not a valid time of day/],
    ['TIMETZ', '10:00:00+2', /not a time/],
  ])('%s rejects %s', (type, value, reason) => {
    rejects(type, value, reason)
  })

  it('applies any UTC offset of an ISO string, keeping microseconds', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-02T00:00:00Z'),
          max: new Date('9000-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, micros, offset) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23)
          const sign = offset < 0 ? '-' : '+'
          const abs = Math.abs(offset)
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
          const text = lexStringLiteral(
            encode('TIMESTAMPTZ', `${local}${String(micros).padStart(3, '0')}${zone}`),
          ).value
          const expectedFraction =
            `${date.toISOString().slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(
              /0+$/,
              '',
            )
          const expected = `${date.toISOString().slice(0, 19).replace('T', ' ')}${expectedFraction === '' ? '' : `.${expectedFraction}`}+00`
          expect(text).toBe(expected)
        },
      ),
    )
  })

  it('writes any Date as the same instant in UTC, to the millisecond', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const text = lexStringLiteral(encode('TIMESTAMPTZ', date)).value
          const iso = `${text.replace(' ', 'T').replace('+00', '')}Z`
          expect(new Date(iso).getTime()).toBe(date.getTime())
        },
      ),
    )
  })
})

// Top-level null is SQL NULL, and Redshift strings cannot hold NUL: both are tested on their own.
const jsonWithoutNul = fc
  .jsonValue()
  .filter((v) => v !== null && !JSON.stringify(v).includes('\\u0000'))

describe('encodeValue: SUPER', () => {
  it.each([
    [{ a: 1, b: [true, null, 'x'] }, `JSON_PARSE('{"a":1,"b":[true,null,"x"]}')`],
    [[], `JSON_PARSE('[]')`],
    ['text', `JSON_PARSE('"text"')`],
    [1.5, `JSON_PARSE('1.5')`],
    [false, `JSON_PARSE('false')`],
    [{ q: 'it\'s \\ "q"' }, `JSON_PARSE('{"q":"it''s \\\\\\\\ \\\\"q\\\\""}')`],
    [{ at: new Date(0) }, `JSON_PARSE('{"at":"1970-01-01T00:00:00.000Z"}')`],
    [{ skip: undefined, keep: 1 }, `JSON_PARSE('{"keep":1}')`],
    [Object.assign(Object.create(null), { n: 1 }), `JSON_PARSE('{"n":1}')`],
    [{ line: 'a\nb' }, `JSON_PARSE('{"line":"a\\\\nb"}')`],
  ])('accepts %s', (value, expected) => {
    expect(encode('SUPER', value)).toBe(expected)
  })

  it('writes JSON that reads back as the value through the literal', () => {
    fc.assert(
      fc.property(jsonWithoutNul, (value) => {
        const sql = encode('SUPER', value)
        expect(sql.startsWith('JSON_PARSE(')).toBe(true)
        const json = lexStringLiteral(sql.slice('JSON_PARSE('.length)).value
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('rejects what JSON or SUPER cannot hold', () => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    let deep: unknown = 1
    for (let i = 0; i < 1001; i++) deep = [deep]
    rejects('SUPER', cycle, /refers to itself at \$\.self/)
    rejects('SUPER', deep, /nested deeper than 1000/)
    rejects('SUPER', { n: Number.NaN }, /NaN at \$\.n/)
    rejects('SUPER', { n: 1n }, /bigint/)
    rejects('SUPER', [undefined], /undefined at \$\[0\]; use null/)
    rejects('SUPER', { f: () => 1 }, /function/)
    rejects('SUPER', new Map(), /instance of Map/)
    rejects('SUPER', { s: 'a\u0000' }, /NUL in the string at \$\.s/)
    rejects('SUPER', { ['\u0000']: 1 }, /NUL/)
    rejects('SUPER', { s: '\udfff' }, /surrogate/)
    rejects('SUPER', { s: 'é'.repeat(32768) }, /65536 UTF-8 bytes at \$\.s, over SUPER's 65535/)
    rejects('SUPER', { d: new Date(Number.NaN) }, /invalid Date/)
    const big = Array.from({ length: 300 }, () => 'x'.repeat(60000))
    rejects('SUPER', big, /over SUPER's 16777216 per value/)
  })

  it('accepts a nested string of exactly 65535 bytes', () => {
    expect(encode('SUPER', { s: 'x'.repeat(65535) })).toHaveLength(
      'JSON_PARSE(\'{"s":""}\')'.length + 65535,
    )
  })
})

describe('encodeValue: VARBYTE', () => {
  it('writes FROM_HEX from a Uint8Array within the length', () => {
    expect(encode('VARBYTE(4)', new Uint8Array([0, 1, 171, 255]))).toBe("FROM_HEX('0001abff')")
    expect(encode('VARBYTE(4)', new Uint8Array([]))).toBe("FROM_HEX('')")
    rejects('VARBYTE(2)', new Uint8Array(3), /3 bytes long, over the 2 bytes/)
    rejects('VARBYTE(2)', 'ab', /expected a Uint8Array/)
  })
})

describe('encodeValue with a column that has no valid type', () => {
  it('throws InvalidTypeError', () => {
    const bad = { name: 'c', type: { kind: 'geometry' }, nullable: true } as never
    expect(() => encodeValue(1, bad)).toThrow(InvalidTypeError)
  })
})

describe('encodeValue covers every type kind', () => {
  it('encodes a sample value for each kind', () => {
    const samples: ReadonlyArray<readonly [RedshiftType['kind'], string, unknown]> = [
      ['smallint', 'SMALLINT', 1],
      ['integer', 'INTEGER', 1],
      ['bigint', 'BIGINT', 1],
      ['decimal', 'DECIMAL(5,2)', '1.25'],
      ['real', 'REAL', 1],
      ['double', 'DOUBLE PRECISION', 1],
      ['boolean', 'BOOLEAN', true],
      ['char', 'CHAR(1)', 'a'],
      ['varchar', 'VARCHAR(1)', 'a'],
      ['date', 'DATE', '2025-01-01'],
      ['time', 'TIME', '00:00'],
      ['timetz', 'TIMETZ', '00:00'],
      ['timestamp', 'TIMESTAMP', '2025-01-01'],
      ['timestamptz', 'TIMESTAMPTZ', '2025-01-01'],
      ['super', 'SUPER', {}],
      ['varbyte', 'VARBYTE(1)', new Uint8Array(1)],
    ]
    for (const [kind, type, value] of samples) {
      expect(parseRedshiftType(type).kind).toBe(kind)
      expect(encode(type, value).length).toBeGreaterThan(0)
    }
  })
})
