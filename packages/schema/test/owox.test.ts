import { formatType } from '@redstore/sql'
import { describe, expect, it } from 'vitest'
import {
  bigint,
  fromOwoxSchema,
  isOwoxSchema,
  type OwoxSchema,
  parseOwoxSchemaJson,
  table,
  toTableModel,
  validateTableDefinition,
} from '../src/index.js'
import { problemPaths } from './support.js'

const events: OwoxSchema = {
  table: 'Events',
  schema: 'analytics',
  uniqueKeys: ['id'],
  fields: {
    id: { type: 'integer', description: 'Primary key' },
    name: { type: 'string', description: 'Name field' },
    created_at: { type: 'timestamp', description: 'Creation timestamp' },
    amount: { type: 'float', RedshiftType: 'DECIMAL(10,2)' },
    data: { type: 'json' },
    sessionId: {},
  },
  description: 'Raw events',
}

describe('fromOwoxSchema', () => {
  it('maps types as the OWOX connector does, keys NOT NULL, others nullable', () => {
    const definition = fromOwoxSchema(events)
    expect(definition.origin).toBe('owoxSchema')
    expect(validateTableDefinition(definition)).toEqual([])
    const model = toTableModel(definition)
    expect(model).toMatchObject({
      schema: 'analytics',
      name: 'events',
      keys: ['id'],
      comment: 'Raw events',
    })
    expect(
      model.columns.map((c) => [c.name, c.field, formatType(c.type), c.nullable, c.comment]),
    ).toEqual([
      ['id', undefined, 'BIGINT', false, 'Primary key'],
      ['name', undefined, 'VARCHAR(65535)', true, 'Name field'],
      ['created_at', undefined, 'TIMESTAMP', true, 'Creation timestamp'],
      ['amount', undefined, 'DECIMAL(10,2)', true, undefined],
      ['data', undefined, 'SUPER', true, undefined],
      ['sessionid', 'sessionId', 'VARCHAR(65535)', true, undefined],
    ])
  })

  it('reports problems at paths of the schema object, all in one pass', () => {
    const definition = fromOwoxSchema({
      table: '',
      uniqueKeys: ['id', 'missing', 'data'],
      fields: {
        id: { type: 'integer' },
        created_at: { type: 'uuid' },
        amount: { type: 'float', RedshiftType: 'DECIMAL(40,2)' },
        code: { type: 'varchar(70000)' },
        data: { type: 'json' },
        flag: 'boolean' as never,
        n: { type: 7 as never },
        m: { RedshiftType: [] as never },
        d: { description: 'nul\u0000' },
        order: { type: 'string' },
        userId: {},
        userid: {},
      },
      Fields: {},
      $schema: './owox.schema.json',
    } as never)
    const problems = validateTableDefinition(definition)
    expect(problems.map((p) => [p.severity, p.path.join('.'), p.message])).toEqual([
      ['error', 'Fields', '"Fields" is not an option of an OWOX schema.'],
      ['error', 'table', 'Table name "" is empty.'],
      [
        'error',
        'fields.created_at.type',
        'Field "created_at" has type "uuid", which has no Redshift mapping.',
      ],
      [
        'error',
        'fields.amount.RedshiftType',
        'RedshiftType "DECIMAL(40,2)" of field "amount" is not a valid Redshift type: precision must be an integer from 1 to 38.',
      ],
      [
        'error',
        'fields.code.type',
        'Field "code" has type "varchar(70000)", which is not a valid Redshift type: length must be an integer from 1 to 65535.',
      ],
      ['error', 'fields.flag', 'Field "flag" is a string, not a field description.'],
      ['error', 'fields.n.type', 'The type of field "n" is a number, not a type name.'],
      [
        'error',
        'fields.m.RedshiftType',
        'The RedshiftType of field "m" is an array, not Redshift type text.',
      ],
      [
        'error',
        'fields.d.description',
        'The description of field "d" contains NUL (U+0000) at index 3; Redshift comments cannot hold it.',
      ],
      [
        'warning',
        'fields.order',
        'Column "order" (field "order") is a Redshift reserved word: every query must quote it, as "order".',
      ],
      [
        'error',
        'fields.userId',
        'Column "userid" of field "userId" is also the column of field "userid": Redshift folds names to lowercase, so they are one column.',
      ],
      [
        'error',
        'fields.userid',
        'Column "userid" of field "userid" is also the column of field "userId": Redshift folds names to lowercase, so they are one column.',
      ],
      ['error', 'uniqueKeys.1', 'Unique key "missing" is not a field of fields.'],
      [
        'error',
        'uniqueKeys.2',
        'Unique key "data" is a SUPER (json) column, which cannot be a unique key.',
      ],
    ])
    expect(problems.find((p) => p.path.join('.') === 'fields.order')?.fix).toMatch(
      /^Rename field "order", e\.g\. to "order_value", or quote it/,
    )
  })

  it('never throws, whatever it is given', () => {
    for (const input of [undefined, null, 5, 'x', [], {}, { fields: [] }, { fields: null }]) {
      const definition = fromOwoxSchema(input as never)
      expect(validateTableDefinition(definition).length).toBeGreaterThan(0)
    }
    expect(problemPaths(fromOwoxSchema({} as never))).toEqual(['table', 'fields', 'uniqueKeys'])
  })

  it('recognises OWOX-style objects by shape', () => {
    expect(isOwoxSchema(events)).toBe(true)
    expect(isOwoxSchema({ table: 'x', fields: {} })).toBe(true)
    expect(isOwoxSchema({ table: 'x' })).toBe(false)
    expect(isOwoxSchema({ fields: {} })).toBe(false)
    expect(isOwoxSchema({ table: 'x', fields: [] })).toBe(false)
    expect(isOwoxSchema(table('x', { uniqueKeys: ['id'], columns: { id: bigint() } }))).toBe(false)
    expect(isOwoxSchema(null)).toBe(false)
  })
})

describe('parseOwoxSchemaJson', () => {
  const valid = `{
  "$schema": "./owox.schema.json",
  "table": "events",
  "uniqueKeys": ["id"],
  "fields": {
    "id": { "type": "integer" },
    "created_at": { "type": "timestamp" }
  }
}
`

  it('reads a valid file, with or without a byte order mark', () => {
    for (const text of [valid, `\ufeff${valid}`]) {
      const { definition, problems } = parseOwoxSchemaJson(text)
      expect(problems).toEqual([])
      expect(definition && toTableModel(definition).columns.map((c) => c.name)).toEqual([
        'id',
        'created_at',
      ])
    }
  })

  it.each([
    ['{ "table": "t", }', 1, 17, "expected a property name, found '}' (a trailing comma?)"],
    [
      '{\n  "table": "t",\n  "fields": {\n    "id": { "type": "integer" }\n  \n',
      6,
      1,
      "expected ',' or '}' after the value of \"id\"",
    ],
    ["{ 'table': 't' }", 1, 3, "property names must be in double quotes, not '"],
    ['{ "table": \'t\' }', 1, 12, "strings must be in double quotes, not '"],
    ['{ "table" "t" }', 1, 11, 'expected \':\' after property name "table"'],
    ['{ "table": "t\n" }', 1, 14, 'U+000A (a control character) inside a string'],
    ['{ "table": "t\\x" }', 1, 14, 'invalid escape \\x in a string'],
    ['{ "table": "t', 1, 12, 'a string is not closed'],
    ['{ "n": 01 }', 1, 9, 'invalid number'],
    ['{ "n": tru }', 1, 8, "expected a value, found 't'"],
    ['{ "a": [1, 2,] }', 1, 14, "expected a value, found ']' (a trailing comma?)"],
    ['{} {}', 1, 4, "unexpected '{' after the end of the JSON value"],
    ['', 1, 1, 'the text is empty'],
    ['   \n  ', 2, 3, 'the text is empty'],
    ['{ "a": 1 } // comment', 1, 12, "unexpected '/' after the end of the JSON value"],
    [`${'['.repeat(300)}${']'.repeat(300)}`, 1, 257, 'the JSON nests deeper than 256 levels'],
  ])('reports a syntax error with its line and column (case %#)', (text, line, column, message) => {
    const { definition, problems } = parseOwoxSchemaJson(text)
    expect(definition).toBeUndefined()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ severity: 'error', path: [], line, column })
    expect(problems[0]?.message).toContain(
      `JSON syntax error at line ${line}, column ${column}: ${message}`,
    )
  })

  it('reports a JSON value that is not an object', () => {
    for (const text of ['[]', '"events"', '42', 'null']) {
      const { definition, problems } = parseOwoxSchemaJson(text)
      expect(definition).toBeUndefined()
      expect(problems[0]?.message).toMatch(
        /^The schema file holds (an array|a string|a number|null), not a schema object\.$/,
      )
    }
    expect(parseOwoxSchemaJson(42 as never).problems[0]?.message).toMatch(/got number/)
  })

  it('gives validation problems and repeated members the line and column of what they are about', () => {
    const text = [
      '{',
      '  "table": "events",',
      '  "uniqueKeys": ["id", "nope"],',
      '  "fields": {',
      '    "id": { "type": "integer" },',
      '    "at": { "type": "uuid" },',
      '    "id": { "type": "integer" }',
      '  }',
      '}',
    ].join('\n')
    const { definition, problems } = parseOwoxSchemaJson(text)
    expect(definition).toBeDefined()
    expect(problems.map((p) => [p.path.join('.'), p.line, p.column])).toEqual([
      ['fields.id', 7, 5],
      ['fields.at.type', 6, 13],
      ['uniqueKeys.1', 3, 24],
    ])
    expect(problems[0]?.message).toBe('"id" appears twice in one object; JSON keeps only the last.')
  })

  it('points a problem with no member of its own at the nearest enclosing one', () => {
    const { problems } = parseOwoxSchemaJson('{\n  "table": "t",\n  "fields": {}\n}')
    expect(problems.map((p) => [p.path.join('.'), p.line, p.column])).toEqual([
      ['fields', 3, 3],
      ['uniqueKeys', 1, 1],
    ])
  })
})
