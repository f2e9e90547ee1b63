import { formatType } from '@redstore/sql'
import { describe, expect, it } from 'vitest'
import {
  bigint,
  boolean,
  type ColumnBuilder,
  char,
  columnBuilderBrand,
  date,
  decimal,
  double,
  integer,
  isColumnBuilder,
  json,
  real,
  smallint,
  string,
  time,
  timestamp,
  timestamptz,
  timetz,
  varbyte,
  varchar,
} from '../src/index.js'

const typeOf = (builder: ColumnBuilder): string | undefined =>
  builder.spec.type === undefined ? undefined : formatType(builder.spec.type)

describe('column builders', () => {
  it.each([
    [smallint(), 'smallint', 'SMALLINT'],
    [integer(), 'integer', 'INTEGER'],
    [bigint(), 'bigint', 'BIGINT'],
    [decimal(), 'decimal', 'DECIMAL(18,0)'],
    [decimal(10), 'decimal', 'DECIMAL(10,0)'],
    [decimal(38, 37), 'decimal', 'DECIMAL(38,37)'],
    [real(), 'real', 'REAL'],
    [double(), 'double', 'DOUBLE PRECISION'],
    [boolean(), 'boolean', 'BOOLEAN'],
    [varchar(), 'varchar', 'VARCHAR(256)'],
    [varchar(1), 'varchar', 'VARCHAR(1)'],
    [varchar(65535), 'varchar', 'VARCHAR(65535)'],
    [varchar('max'), 'varchar', 'VARCHAR(65535)'],
    [string(), 'varchar', 'VARCHAR(65535)'],
    [string(100), 'varchar', 'VARCHAR(100)'],
    [char(), 'char', 'CHAR(1)'],
    [char(4096), 'char', 'CHAR(4096)'],
    [date(), 'date', 'DATE'],
    [time(), 'time', 'TIME'],
    [timetz(), 'timetz', 'TIMETZ'],
    [timestamp(), 'timestamp', 'TIMESTAMP'],
    [timestamptz(), 'timestamptz', 'TIMESTAMPTZ'],
    [json(), 'super', 'SUPER'],
    [varbyte(), 'varbyte', 'VARBYTE(64000)'],
    [varbyte(16777216), 'varbyte', 'VARBYTE(16777216)'],
  ] as const)('%#: %s.kind is %s, type %s, NOT NULL', (builder, kind, type) => {
    expect(builder.kind).toBe(kind)
    expect(typeOf(builder)).toBe(type)
    expect(builder.isNullable).toBe(false)
    expect(builder.spec.typeProblem).toBeUndefined()
  })

  it('are immutable: each modifier returns a new frozen builder and leaves the old one', () => {
    const base = varchar(320)
    const changed = base
      .nullable()
      .describe('Lowercased')
      .redshiftType('VARCHAR(100)')
      .columnName('email_address')
      .encode('zstd')
    expect(base.spec).toMatchObject({
      nullable: false,
      description: undefined,
      redshiftType: undefined,
      columnName: undefined,
      encode: undefined,
    })
    expect(changed.spec).toMatchObject({
      kind: 'varchar',
      call: 'varchar(320)',
      nullable: true,
      description: 'Lowercased',
      redshiftType: 'VARCHAR(100)',
      columnName: 'email_address',
      encode: 'zstd',
    })
    expect(changed.isNullable).toBe(true)
    expect(Object.isFrozen(changed)).toBe(true)
    expect(Object.isFrozen(changed.spec)).toBe(true)
    expect(() => {
      ;(changed.spec as { nullable: boolean }).nullable = false
    }).toThrow(TypeError)
  })

  it('carry a registered-symbol brand', () => {
    expect(columnBuilderBrand).toBe(Symbol.for('@redstore/schema/ColumnBuilder'))
    expect(isColumnBuilder(bigint())).toBe(true)
    const lookalike = { [Symbol.for('@redstore/schema/ColumnBuilder')]: true, spec: {} }
    expect(isColumnBuilder(lookalike)).toBe(true)
    for (const other of [null, undefined, {}, 'bigint', bigint, { [columnBuilderBrand]: 'yes' }]) {
      expect(isColumnBuilder(other)).toBe(false)
    }
  })
})

describe('column builders given bad arguments', () => {
  // Called as JavaScript would call them: the builders must never throw.
  const loose = {
    decimal: decimal as (...args: Array<unknown>) => ColumnBuilder,
    varchar: varchar as (...args: Array<unknown>) => ColumnBuilder,
    string: string as (...args: Array<unknown>) => ColumnBuilder,
    char: char as (...args: Array<unknown>) => ColumnBuilder,
    varbyte: varbyte as (...args: Array<unknown>) => ColumnBuilder,
    integer: integer as (...args: Array<unknown>) => ColumnBuilder,
    timestamp: timestamp as (...args: Array<unknown>) => ColumnBuilder,
  }
  it.each([
    [() => loose.decimal(39, 2), 'decimal(39, 2)', /precision must be an integer from 1 to 38/],
    [() => loose.decimal(0), 'decimal(0)', /precision must be an integer from 1 to 38/],
    [() => loose.decimal(10.5, 2), 'decimal(10.5, 2)', /precision must be an integer/],
    [() => loose.decimal(10, 11), 'decimal(10, 11)', /scale must not exceed precision/],
    [() => loose.decimal(38, 38), 'decimal(38, 38)', /scale must be an integer from 0 to 37/],
    [() => loose.decimal(10, -1), 'decimal(10, -1)', /scale must be an integer from 0 to 37/],
    [() => loose.decimal('10', 2), "decimal('10', 2)", /precision must be an integer/],
    [() => loose.decimal(Number.NaN), 'decimal(NaN)', /precision/],
    [
      () => loose.decimal(10, 2, 1),
      'decimal(10, 2, 1)',
      /has 3 arguments; decimal\(\) takes at most 2/,
    ],
    [() => loose.varchar(70000), 'varchar(70000)', /length must be an integer from 1 to 65535/],
    [() => loose.varchar(65536), 'varchar(65536)', /from 1 to 65535/],
    [() => loose.varchar(0), 'varchar(0)', /from 1 to 65535/],
    [() => loose.varchar(-1), 'varchar(-1)', /from 1 to 65535/],
    [() => loose.varchar(2.5), 'varchar(2.5)', /from 1 to 65535/],
    [() => loose.varchar(Number.POSITIVE_INFINITY), 'varchar(Infinity)', /from 1 to 65535/],
    [() => loose.varchar('big'), "varchar('big')", /from 1 to 65535/],
    [() => loose.varchar(10n), 'varchar(10n)', /from 1 to 65535/],
    [() => loose.string(65536), 'string(65536)', /from 1 to 65535/],
    [() => loose.char(0), 'char(0)', /from 1 to 4096/],
    [() => loose.char(4097), 'char(4097)', /from 1 to 4096/],
    [() => loose.varbyte(0), 'varbyte(0)', /from 1 to 16777216/],
    [() => loose.varbyte(16777217), 'varbyte(16777217)', /from 1 to 16777216/],
    [() => loose.integer(10), 'integer(10)', /has 1 argument; integer\(\) takes none/],
    [() => loose.timestamp(6), 'timestamp(6)', /takes none/],
  ])('%#: %s is kept as a problem, not thrown', (build, call, reason) => {
    const builder = build()
    expect(builder.spec.call).toBe(call)
    expect(builder.spec.type).toBeUndefined()
    expect(builder.spec.typeProblem).toMatchObject({ part: 'type' })
    expect(builder.spec.typeProblem?.message).toMatch(reason)
    expect(builder.spec.typeProblem?.message.startsWith(call)).toBe(true)
    expect(builder.spec.typeProblem?.fix.length).toBeGreaterThan(10)
    // Modifiers keep the problem and never throw either.
    const chained = builder
      .nullable()
      .describe(7 as unknown as string)
      .columnName('')
      .encode('nope' as never)
      .redshiftType(null as unknown as string)
    expect(chained.spec.typeProblem).toEqual(builder.spec.typeProblem)
  })
})
