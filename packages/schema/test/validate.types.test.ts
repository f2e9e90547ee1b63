import { formatType } from '@redstore/sql'
import { describe, expect, it } from 'vitest'
import {
  bigint,
  type ColumnBuilder,
  char,
  date,
  decimal,
  double,
  integer,
  json,
  string,
  table,
  timestamp,
  toTableModel,
  validateTableDefinition,
  varchar,
} from '../src/index.js'
import { problemPaths, problemsAt } from './support.js'

const withColumn = (column: ColumnBuilder) =>
  table('t', { uniqueKeys: ['id'], columns: { id: bigint(), value: column } })

describe('type arguments', () => {
  const loose = <F>(f: F) => f as unknown as (...args: Array<unknown>) => ColumnBuilder
  it.each([
    [decimal(39, 2)],
    [loose(decimal)(10, 11)],
    [loose(varchar)(70000)],
    [loose(string)(0)],
    [loose(char)(5000)],
    [loose(integer)(10)],
  ])('reports bad arguments at the column type: %#', (column) => {
    const definition = withColumn(column)
    expect(problemPaths(definition)).toEqual(['columns.value.type'])
    const [problem] = problemsAt(definition, 'columns.value.type')
    expect(problem?.message).toBe(column.spec.typeProblem?.message)
    expect(problem?.fix).toBe(column.spec.typeProblem?.fix)
  })
})

describe('.redshiftType() overrides', () => {
  it.each([
    [decimal().redshiftType('DECIMAL(10,2)'), 'DECIMAL(10,2)'],
    [string().redshiftType('VARCHAR(100)'), 'VARCHAR(100)'],
    [string().redshiftType('varchar(max)'), 'VARCHAR(65535)'],
    [varchar().redshiftType('CHAR(10)'), 'CHAR(10)'],
    [varchar().redshiftType('text'), 'VARCHAR(256)'],
    [integer().redshiftType('SMALLINT'), 'SMALLINT'],
    [double().redshiftType('float4'), 'REAL'],
    [timestamp().redshiftType('timestamp with time zone'), 'TIMESTAMPTZ'],
    [date().redshiftType('TIMESTAMP'), 'TIMESTAMP'],
    [bigint().redshiftType('int8'), 'BIGINT'],
  ])('accepts an override of the same values: %#', (column, ddl) => {
    const definition = withColumn(column)
    expect(validateTableDefinition(definition)).toEqual([])
    const type = toTableModel(definition).columns[1]?.type
    expect(type && formatType(type)).toBe(ddl)
  })

  it.each([
    [
      bigint().redshiftType('VARCHAR(10)'),
      /a VARCHAR\(10\) column takes string and reads back as string, but bigint\(\) rows hold number \| bigint/,
    ],
    [
      integer().redshiftType('BIGINT'),
      /reads back as bigint, but integer\(\) rows hold number and read back as number/,
    ],
    [string().redshiftType('SUPER'), /a SUPER column takes JsonValue/],
    [json().redshiftType('VARCHAR(65535)'), /json\(\) rows hold JsonValue/],
    [decimal(10, 2).redshiftType('DOUBLE PRECISION'), /DOUBLE PRECISION column takes number/],
    [varchar().redshiftType('VARBYTE(10)'), /takes Uint8Array/],
  ])('reports an override whose values do not fit the builder: %#', (column, message) => {
    const [problem, ...rest] = validateTableDefinition(withColumn(column))
    expect(rest).toEqual([])
    expect(problem?.path).toEqual(['columns', 'value', 'redshiftType'])
    expect(problem?.message).toMatch(message)
  })

  it('names the builders and overrides that would fit', () => {
    const [problem] = validateTableDefinition(withColumn(integer().redshiftType('VARCHAR(10)')))
    expect(problem?.fix).toBe(
      'Use varchar(n) for a VARCHAR(10) column, or override with a type of the same values: SMALLINT, INTEGER, REAL, DOUBLE PRECISION.',
    )
  })

  it.each([
    ['VARCHAR(abc)', /parameter "abc" is not a number/],
    ['VARCHAR(70000)', /length must be an integer from 1 to 65535/],
    ['DECIMAL(39,2)', /precision must be an integer from 1 to 38/],
    ['UUID', /is not a Redshift type this package supports/],
    ['', /is not a Redshift type/],
    ['VARCHAR(10); DROP TABLE x', /is not a Redshift type/],
  ])('reports override text that does not parse: %s', (text, reason) => {
    const [problem, ...rest] = validateTableDefinition(withColumn(string().redshiftType(text)))
    expect(rest).toEqual([])
    expect(problem?.path).toEqual(['columns', 'value', 'redshiftType'])
    expect(problem?.message).toMatch(reason)
    expect(problem?.message.startsWith(`string().redshiftType('${text}'):`)).toBe(true)
  })

  it('reports an override that is not text', () => {
    const column = string().redshiftType(12 as unknown as string)
    expect(problemsAt(withColumn(column), 'columns.value.redshiftType')[0]?.message).toBe(
      'string().redshiftType(12): .redshiftType() takes Redshift type text, not a number.',
    )
  })

  it('reports both a bad argument and a bad override of one column', () => {
    const column = decimal(39, 2).redshiftType('DECIMAL(99,2)')
    expect(problemPaths(withColumn(column))).toEqual([
      'columns.value.type',
      'columns.value.redshiftType',
    ])
  })
})

describe('comments and encodings', () => {
  it('reports descriptions Redshift cannot store and unknown encodings', () => {
    const definition = table('t', {
      uniqueKeys: ['id'],
      columns: {
        id: bigint().encode('AZ64'),
        a: string().describe('nul \u0000 here'),
        b: string().describe('lone \udc00'),
        c: string().describe(['x'] as unknown as string),
        d: string().encode('gzip' as never),
        e: string().encode('zstd'),
      },
      description: 'bad\u0000',
    })
    const problems = validateTableDefinition(definition)
    expect(problems.map((p) => [p.path.join('.'), p.message])).toEqual([
      [
        'description',
        'The table description contains NUL (U+0000) at index 3; Redshift comments cannot hold it.',
      ],
      [
        'columns.a.describe',
        'The description of property "a" contains NUL (U+0000) at index 4; Redshift comments cannot hold it.',
      ],
      [
        'columns.b.describe',
        'The description of property "b" contains a lone UTF-16 surrogate at index 5; Redshift comments cannot hold it.',
      ],
      ['columns.c.describe', 'The description of property "c" is an array, not text.'],
      ['columns.d.encode', '.encode("gzip") is not a Redshift column encoding.'],
    ])
  })

  it('keeps hostile but storable comments', () => {
    const text = `it's "quoted" \\ back\nslash 😀`
    const model = toTableModel(withColumn(string().describe(text)))
    expect(model.columns[1]?.comment).toBe(text)
  })
})
