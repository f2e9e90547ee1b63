import { describe, expect, it } from 'vitest'
import { columnKeys, decodeField, decodeRecord } from '../src/decode.js'

describe('decodeField', () => {
  it('integers are numbers when safe and bigints otherwise', () => {
    expect(decodeField({ longValue: 42 }, { typeName: 'int4' })).toBe(42)
    expect(decodeField({ longValue: -9007199254740991 }, { typeName: 'int8' })).toBe(
      -9007199254740991,
    )
    expect(decodeField({ stringValue: '9223372036854775807' }, { typeName: 'int8' })).toBe(
      9223372036854775807n,
    )
    expect(decodeField({ stringValue: '-9223372036854775808' }, { typeName: 'bigint' })).toBe(
      -9223372036854775808n,
    )
    expect(decodeField({ stringValue: '12' }, { typeName: 'int8' })).toBe(12)
  })

  it('DECIMAL stays text, floats are numbers, booleans booleans, NULL null', () => {
    expect(
      decodeField({ stringValue: '12345678901234567890.123456' }, { typeName: 'numeric' }),
    ).toBe('12345678901234567890.123456')
    expect(decodeField({ doubleValue: 1.5 }, { typeName: 'float8' })).toBe(1.5)
    expect(decodeField({ stringValue: 'NaN' }, { typeName: 'float8' })).toBeNaN()
    expect(decodeField({ booleanValue: false }, { typeName: 'bool' })).toBe(false)
    expect(decodeField({ isNull: true }, { typeName: 'int4' })).toBeNull()
  })

  it('SUPER is parsed; a bare string stays a string', () => {
    expect(decodeField({ stringValue: '{"a":[1,"x",null]}' }, { typeName: 'super' })).toEqual({
      a: [1, 'x', null],
    })
    expect(decodeField({ stringValue: 'not json' }, { typeName: 'super' })).toBe('not json')
  })

  it('timestamps are text by default and Dates on request, read as UTC without a zone', () => {
    const column = { typeName: 'timestamp' }
    expect(decodeField({ stringValue: '2024-02-29 23:59:59.123456' }, column)).toBe(
      '2024-02-29 23:59:59.123456',
    )
    const date = decodeField({ stringValue: '2024-02-29 23:59:59.123' }, column, {
      timestamps: 'date',
    })
    expect(date).toEqual(new Date('2024-02-29T23:59:59.123Z'))
    const tz = decodeField(
      { stringValue: '2024-01-01 10:00:00+02' },
      { typeName: 'timestamptz' },
      {
        timestamps: 'date',
      },
    )
    expect(tz).toEqual(new Date('2024-01-01T08:00:00Z'))
    expect(
      decodeField({ stringValue: '2024-01-02' }, { typeName: 'date' }, { timestamps: 'date' }),
    ).toEqual(new Date('2024-01-02T00:00:00Z'))
  })

  it('VARCHAR lengths in the type name are ignored for decoding', () => {
    expect(decodeField({ stringValue: "it's \\ fine" }, { typeName: 'varchar(10)' })).toBe(
      "it's \\ fine",
    )
  })
})

describe('decodeRecord', () => {
  it('repeated and hostile column names become distinct own properties', () => {
    const columns = [{ name: 'a' }, { name: 'a' }, { name: '__proto__' }, { name: 'a_2' }]
    const keys = columnKeys(columns)
    expect(keys).toEqual(['a', 'a_2', '__proto__', 'a_2_2'])
    const row = decodeRecord(
      [{ longValue: 1 }, { longValue: 2 }, { stringValue: 'p' }, { longValue: 3 }],
      columns,
      keys,
    )
    expect(Object.keys(row)).toEqual(['a', 'a_2', '__proto__', 'a_2_2'])
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('p')
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype)
  })
})
