import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatType,
  InvalidTypeError,
  parseRedshiftType,
  RedshiftType,
  resolveSourceType,
  sameType,
  sourceTypeNames,
  UnknownSourceTypeError,
} from '../src/index.js'
import { captureError } from './captureError.js'

describe('parseRedshiftType', () => {
  it.each([
    ['SMALLINT', 'SMALLINT'],
    ['int2', 'SMALLINT'],
    ['integer', 'INTEGER'],
    ['INT', 'INTEGER'],
    ['int4', 'INTEGER'],
    ['BIGINT', 'BIGINT'],
    ['int8', 'BIGINT'],
    ['DECIMAL(10,2)', 'DECIMAL(10,2)'],
    ['numeric( 38 , 37 )', 'DECIMAL(38,37)'],
    ['decimal(5)', 'DECIMAL(5,0)'],
    ['decimal', 'DECIMAL(18,0)'],
    ['REAL', 'REAL'],
    ['float4', 'REAL'],
    ['double   precision', 'DOUBLE PRECISION'],
    ['float8', 'DOUBLE PRECISION'],
    ['float', 'DOUBLE PRECISION'],
    ['bool', 'BOOLEAN'],
    ['CHAR', 'CHAR(1)'],
    ['character(4096)', 'CHAR(4096)'],
    ['bpchar', 'CHAR(256)'],
    ['VARCHAR', 'VARCHAR(256)'],
    ['varchar(max)', 'VARCHAR(65535)'],
    ['character varying(10)', 'VARCHAR(10)'],
    ['nvarchar(65535)', 'VARCHAR(65535)'],
    ['text', 'VARCHAR(256)'],
    ['date', 'DATE'],
    ['time', 'TIME'],
    ['time without time zone', 'TIME'],
    ['TIMETZ', 'TIMETZ'],
    ['time with time zone', 'TIMETZ'],
    ['timestamp', 'TIMESTAMP'],
    ['timestamp without time zone', 'TIMESTAMP'],
    ['timestamptz', 'TIMESTAMPTZ'],
    ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ'],
    ['super', 'SUPER'],
    ['varbyte', 'VARBYTE(64000)'],
    ['varbinary(16777216)', 'VARBYTE(16777216)'],
    ['binary varying(16)', 'VARBYTE(16)'],
    ['  VarChar ( 12 )  ', 'VARCHAR(12)'],
  ])('parses %j as %s', (text, formatted) => {
    const type = parseRedshiftType(text)
    expect(formatType(type)).toBe(formatted)
    expect(sameType(parseRedshiftType(formatType(type)), type)).toBe(true)
  })

  it.each([
    ['DECIMAL(39,0)', /precision/],
    ['DECIMAL(0)', /precision/],
    ['DECIMAL(38,38)', /scale/],
    ['DECIMAL(5,6)', /scale must not exceed precision/],
    ['DECIMAL(max)', /MAX/],
    ['DECIMAL(1,2,3)', /precision, scale/],
    ['VARCHAR(0)', /1 to 65535/],
    ['VARCHAR(65536)', /1 to 65535/],
    ['VARCHAR(10,2)', /one length/],
    ['VARCHAR()', /not a number/],
    ['VARCHAR(-1)', /not a number/],
    ['VARCHAR(1.5)', /not a number/],
    ['CHAR(4097)', /1 to 4096/],
    ['CHAR(max)', /MAX/],
    ['VARBYTE(16777217)', /1 to 16777216/],
    ['INTEGER(4)', /no parameters/],
    ['GEOMETRY', /not a Redshift type/],
    ['uuid', /not a Redshift type/],
    ['', /not a Redshift type/],
    ['varchar(10); DROP TABLE x', /not a Redshift type/],
    ['"varchar"', /not a Redshift type/],
  ])('rejects %j', (text, reason) => {
    const error = captureError(() => parseRedshiftType(text))
    expect(error).toBeInstanceOf(InvalidTypeError)
    expect((error as InvalidTypeError)._tag).toBe('InvalidTypeError')
    expect((error as InvalidTypeError).type).toBe(text)
    expect((error as InvalidTypeError).reason).toMatch(reason)
  })
})

describe('parseRedshiftType and formatType', () => {
  const validType = fc.oneof(
    fc.constantFrom(
      RedshiftType.smallint(),
      RedshiftType.integer(),
      RedshiftType.bigint(),
      RedshiftType.real(),
      RedshiftType.double(),
      RedshiftType.boolean(),
      RedshiftType.date(),
      RedshiftType.time(),
      RedshiftType.timetz(),
      RedshiftType.timestamp(),
      RedshiftType.timestamptz(),
      RedshiftType.super(),
    ),
    fc
      .integer({ min: 1, max: 38 })
      .chain((p) =>
        fc.integer({ min: 0, max: Math.min(p, 37) }).map((s) => RedshiftType.decimal(p, s)),
      ),
    fc.integer({ min: 1, max: 65535 }).map((n) => RedshiftType.varchar(n)),
    fc.integer({ min: 1, max: 4096 }).map((n) => RedshiftType.char(n)),
    fc.integer({ min: 1, max: 16777216 }).map((n) => RedshiftType.varbyte(n)),
  )

  it('round-trips every valid type, in any letter case and spacing', () => {
    fc.assert(
      fc.property(validType, fc.boolean(), (type, lower) => {
        const text = formatType(type)
        const variant = (lower ? text.toLowerCase() : text).replace(/[(,]/g, (c) => `${c} `)
        expect(parseRedshiftType(variant)).toEqual(type)
      }),
    )
  })

  it('rejects every out-of-range length, precision and scale', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 65536, max: 10 ** 9 - 1 }).map((n) => `VARCHAR(${n})`),
          fc.integer({ min: 4097, max: 10 ** 9 - 1 }).map((n) => `CHAR(${n})`),
          fc.integer({ min: 16777217, max: 10 ** 9 - 1 }).map((n) => `VARBYTE(${n})`),
          fc.integer({ min: 39, max: 1000 }).map((p) => `DECIMAL(${p},0)`),
          fc
            .integer({ min: 1, max: 37 })
            .chain((p) => fc.integer({ min: p + 1, max: 100 }).map((s) => `DECIMAL(${p},${s})`)),
        ),
        (text) => {
          expect(() => parseRedshiftType(text)).toThrow(InvalidTypeError)
        },
      ),
    )
  })
})

describe('formatType', () => {
  it('rejects an object that is not a RedshiftType', () => {
    expect(() => formatType({ kind: 'geometry' } as never)).toThrow(InvalidTypeError)
    expect(() => formatType(null as never)).toThrow(InvalidTypeError)
  })
})

describe('RedshiftType constructors', () => {
  it('build checked types', () => {
    expect(RedshiftType.decimal(12, 2)).toEqual({ kind: 'decimal', precision: 12, scale: 2 })
    expect(RedshiftType.varchar()).toEqual({ kind: 'varchar', length: 256 })
    expect(() => RedshiftType.varchar(1.5)).toThrow(InvalidTypeError)
    expect(() => RedshiftType.char(0)).toThrow(InvalidTypeError)
    expect(() => RedshiftType.decimal(10, -1)).toThrow(InvalidTypeError)
  })
})

describe('resolveSourceType', () => {
  it.each([
    // The OWOX connector's table.
    ['integer', 'BIGINT'],
    ['int', 'BIGINT'],
    ['float', 'DOUBLE PRECISION'],
    ['number', 'DOUBLE PRECISION'],
    ['boolean', 'BOOLEAN'],
    ['bool', 'BOOLEAN'],
    ['date', 'DATE'],
    ['datetime', 'TIMESTAMP'],
    ['timestamp', 'TIMESTAMP'],
    ['json', 'SUPER'],
    ['string', 'VARCHAR(65535)'],
    // Names other sources use.
    ['numeric', 'DECIMAL(38,9)'],
    ['decimal', 'DECIMAL(38,9)'],
    ['long', 'BIGINT'],
    ['int64', 'BIGINT'],
    ['double', 'DOUBLE PRECISION'],
    ['object', 'SUPER'],
    ['array', 'SUPER'],
    ['time', 'TIME'],
    ['timestamptz', 'TIMESTAMPTZ'],
    ['INTEGER', 'BIGINT'],
    [' String ', 'VARCHAR(65535)'],
    // Redshift type text as the type.
    ['varchar(100)', 'VARCHAR(100)'],
    ['smallint', 'SMALLINT'],
  ])('maps %j to %s', (type, expected) => {
    expect(formatType(resolveSourceType({ type }))).toBe(expected)
  })

  it('maps a missing or empty type to VARCHAR(65535)', () => {
    expect(formatType(resolveSourceType({}))).toBe('VARCHAR(65535)')
    expect(formatType(resolveSourceType({ type: '' }))).toBe('VARCHAR(65535)')
  })

  it('lets RedshiftType win over type', () => {
    expect(formatType(resolveSourceType({ type: 'float', RedshiftType: 'DECIMAL(10,2)' }))).toBe(
      'DECIMAL(10,2)',
    )
    expect(formatType(resolveSourceType({ type: 'uuid', RedshiftType: 'CHAR(36)' }))).toBe(
      'CHAR(36)',
    )
    expect(formatType(resolveSourceType({ RedshiftType: 'timestamptz' }))).toBe('TIMESTAMPTZ')
  })

  it('rejects an unknown name with the column and the known names', () => {
    const error = captureError(() => resolveSourceType({ type: 'uuid' }, 'id'))
    expect(error).toBeInstanceOf(UnknownSourceTypeError)
    const typed = error as UnknownSourceTypeError
    expect(typed._tag).toBe('UnknownSourceTypeError')
    expect(typed.typeName).toBe('uuid')
    expect(typed.column).toBe('id')
    expect(typed.message).toMatch(/"uuid" for column "id"/)
    expect(typed.message).toMatch(/RedshiftType/)
    expect(sourceTypeNames).toContain('integer')
  })

  it('rejects an invalid RedshiftType naming the column', () => {
    const error = captureError(() =>
      resolveSourceType({ type: 'float', RedshiftType: 'DECIMAL(50,2)' }, 'amount'),
    )
    expect(error).toBeInstanceOf(InvalidTypeError)
    expect((error as InvalidTypeError).column).toBe('amount')
    expect((error as Error).message).toMatch(/for column "amount"/)
  })
})
