import { describe, expect, it } from 'vitest'
import {
  type ColumnKind,
  type ConversionOptions,
  type CopyColumn,
  convertField,
  FieldError,
  type FieldInput,
} from '../../src/engine/copy/convertValue.js'
import { parseJsonObject } from '../../src/engine/copy/jsonValue.js'

const defaults: ConversionOptions = {
  emptyAsNull: false,
  blanksAsNull: false,
  trimBlanks: false,
  truncateColumns: false,
  roundDecimals: false,
  dateFormat: undefined,
  timeFormat: undefined,
}

const col = (kind: ColumnKind, length = 0, scale = 0): CopyColumn => ({
  name: 'c',
  kind,
  length,
  scale,
  notNull: false,
})

const text = (value: string, quoted = false): FieldInput => ({ kind: 'text', text: value, quoted })
const json = (value: string): FieldInput => ({
  kind: 'json',
  value: parseJsonObject(`{"v": ${value}}`).get('v')!,
})

const error = (f: () => unknown): FieldError => {
  try {
    f()
  } catch (e) {
    if (e instanceof FieldError) return e
    throw e
  }
  throw new Error('expected a FieldError')
}

describe('convertField: refusals, with Redshift load error codes', () => {
  it('integers: invalid digit (1207) at its position, overflow (1204)', () => {
    expect(error(() => convertField(text('12a'), col('int4'), defaults))).toEqual(
      new FieldError(1207, "Invalid digit, Value 'a', Pos 2, Type: Integer", 2),
    )
    expect(error(() => convertField(text('1.5'), col('int8'), defaults)).code).toBe(1207)
    expect(error(() => convertField(text('32768'), col('int2'), defaults)).code).toBe(1204)
    expect(error(() => convertField(json('1e3'), col('int4'), defaults)).code).toBe(1207)
    expect(convertField(text('-9223372036854775808'), col('int8'), defaults)).toBe(
      '-9223372036854775808',
    )
    expect(convertField(json('9223372036854775807'), col('int8'), defaults)).toBe(
      '9223372036854775807',
    )
  })

  it('character types: byte length (1204), CHAR single-byte rule (1220), NUL', () => {
    expect(error(() => convertField(text('héllo'), col('varchar', 5), defaults))).toEqual(
      new FieldError(1204, 'String length exceeds DDL length', 5),
    )
    expect(
      convertField(text('héllo'), col('varchar', 5), { ...defaults, truncateColumns: true }),
    ).toBe('héll')
    expect(error(() => convertField(text('é'), col('char', 4), defaults)).reason).toBe(
      'Multibyte character not supported for CHAR (Hint: Try using VARCHAR). Invalid char: c3a9',
    )
    expect(convertField(text('ab   '), col('char', 2), defaults)).toBe('ab')
    expect(error(() => convertField(text('a\u0000b'), col('varchar', 9), defaults)).code).toBe(1216)
  })

  it('dates and timestamps: their own codes and formats', () => {
    expect(error(() => convertField(text('2024-02-30'), col('date'), defaults)).code).toBe(1205)
    expect(
      error(() => convertField(text('2024-01-01 25:00:00'), col('timestamp'), defaults)),
    ).toEqual(new FieldError(1206, 'Error in Timestamp value or format [%Y-%m-%d %H:%M:%S]'))
    expect(error(() => convertField(text('x'), col('bool'), defaults)).code).toBe(1210)
    expect(error(() => convertField(text('1.2.3'), col('float8'), defaults)).code).toBe(1208)
    expect(error(() => convertField(text('1e39'), col('float4'), defaults)).code).toBe(1204)
    expect(error(() => convertField(text('{"a":'), col('super'), defaults)).code).toBe(1224)
    expect(error(() => convertField(text('abc'), col('varbyte', 8), defaults)).code).toBe(1219)
    expect(error(() => convertField(text('0102'), col('varbyte', 1), defaults)).code).toBe(1204)
    expect(error(() => convertField(json('{"a":1}'), col('int4'), defaults)).code).toBe(1216)
  })
})

describe('convertField: values', () => {
  it('NULL and empty: quoted empty stays a string, empty non-character fields are NULL', () => {
    expect(convertField(text(''), col('varchar', 5), defaults)).toBe('')
    expect(convertField(text(''), col('varchar', 5), { ...defaults, emptyAsNull: true })).toBeNull()
    expect(
      convertField(text('', true), col('varchar', 5), { ...defaults, emptyAsNull: true }),
    ).toBe('')
    expect(convertField(text(''), col('int4'), defaults)).toBeNull()
    expect(convertField(text('  '), col('int4'), defaults)).toBeNull()
    expect(convertField(text('  '), col('varchar', 5), defaults)).toBe('  ')
    expect(
      convertField(text('  '), col('varchar', 5), { ...defaults, blanksAsNull: true }),
    ).toBeNull()
    expect(convertField(json('""'), col('varchar', 5), defaults)).toBe('')
    expect(convertField(json('""'), col('numeric', 10, 2), defaults)).toBeNull()
    expect(convertField(json('null'), col('varchar', 5), defaults)).toBeNull()
  })

  it('DECIMAL: exact from text and JSON strings, truncated to scale, ROUNDEC rounds; JSON numbers pass through a double', () => {
    const d38 = col('numeric', 38, 10)
    expect(convertField(text('1234567890123456789012345678.0123456789'), d38, defaults)).toBe(
      '1234567890123456789012345678.0123456789',
    )
    expect(convertField(json('"1234567890123456789012345678.0123456789"'), d38, defaults)).toBe(
      '1234567890123456789012345678.0123456789',
    )
    expect(convertField(json('1234567890123456789012345678.0123456789'), d38, defaults)).toBe(
      '1234567890123456900000000000.0000000000',
    )
    expect(convertField(text('20.259'), col('numeric', 8, 2), defaults)).toBe('20.25')
    expect(
      convertField(text('20.259'), col('numeric', 8, 2), { ...defaults, roundDecimals: true }),
    ).toBe('20.26')
    expect(convertField(text('-0.001'), col('numeric', 8, 2), defaults)).toBe('0.00')
    expect(convertField(text(' 1.5e2 '), col('numeric', 8, 2), defaults)).toBe('150.00')
    expect(error(() => convertField(text('1234567'), col('numeric', 8, 2), defaults)).code).toBe(
      1204,
    )
    expect(convertField(json('0.29'), col('numeric', 8, 2), defaults)).toBe('0.28')
    expect(convertField(json('"0.29"'), col('numeric', 8, 2), defaults)).toBe('0.29')
    expect(
      convertField(json('0.29'), col('numeric', 8, 2), { ...defaults, roundDecimals: true }),
    ).toBe('0.29')
  })

  it('booleans, floats, SUPER and VARBYTE', () => {
    expect(
      ['t', 'TRUE', 'yes', '1', 'y'].map((v) => convertField(text(v), col('bool'), defaults)),
    ).toEqual(['t', 't', 't', 't', 't'])
    expect(convertField(json('false'), col('bool'), defaults)).toBe('f')
    expect(convertField(text('-1.5e-3'), col('float8'), defaults)).toBe('-1.5e-3')
    expect(convertField(json('{"a": [1, "x"]}'), col('super'), defaults)).toBe('{"a": [1, "x"]}')
    expect(convertField(json('"text"'), col('super'), defaults)).toBe('"text"')
    expect(convertField(json('12.50'), col('super'), defaults)).toBe('12.50')
    expect(convertField(text(' [1, 2] '), col('super'), defaults)).toBe('[1, 2]')
    expect(convertField(text('"a string"'), col('super'), defaults)).toBe('"a string"')
    expect(convertField(text('00ffAB'), col('varbyte', 3), defaults)).toBe('\\x00ffAB')
  })

  it('timestamps: microseconds, offsets, epoch and format strings', () => {
    const ts = col('timestamp')
    const tz = col('timestamptz')
    expect(convertField(text('2024-02-29 23:59:59.123456'), ts, defaults)).toBe(
      '2024-02-29 23:59:59.123456',
    )
    expect(convertField(text('2024-02-29'), ts, defaults)).toBe('2024-02-29 00:00:00')
    expect(convertField(text('2024-02-29 23:59:59.5+02:30'), tz, defaults)).toBe(
      '2024-02-29 23:59:59.500000+02:30',
    )
    expect(convertField(text('2024-02-29 23:59:59'), tz, defaults)).toBe(
      '2024-02-29 23:59:59+00:00',
    )
    expect(convertField(text('2024-01-01 01:00:00+02'), ts, defaults)).toBe('2023-12-31 23:00:00')
    expect(convertField(text('1700000000'), ts, { ...defaults, timeFormat: 'epochsecs' })).toBe(
      '2023-11-14 22:13:20',
    )
    expect(
      convertField(json('1700000000123'), tz, { ...defaults, timeFormat: 'epochmillisecs' }),
    ).toBe('2023-11-14 22:13:20.123000+00:00')
    expect(
      convertField(text('03/15/2024 10:11:12 PM'), ts, {
        ...defaults,
        timeFormat: 'MM/DD/YYYY HH12:MI:SS AM',
      }),
    ).toBe('2024-03-15 22:11:12')
    expect(
      convertField(text('15 Mar 2024'), col('date'), { ...defaults, dateFormat: 'auto' }),
    ).toBe('2024-03-15')
    expect(
      convertField(text('Mar-15-2024'), col('date'), { ...defaults, dateFormat: 'MON-DD-YYYY' }),
    ).toBe('2024-03-15')
    expect(
      convertField(text('2024-03-15T10:11:12Z'), tz, { ...defaults, timeFormat: 'auto' }),
    ).toBe('2024-03-15 10:11:12+00:00')
    expect(convertField(text('10:11:12.000001'), col('time'), defaults)).toBe('10:11:12.000001')
    expect(convertField(text('10:11:12-05'), col('timetz'), defaults)).toBe('10:11:12-05:00')
  })
})
