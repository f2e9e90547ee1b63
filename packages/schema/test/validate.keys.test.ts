import { describe, expect, it } from 'vitest'
import {
  bigint,
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

const columns = {
  id: bigint(),
  tenant: integer(),
  email: varchar(320).columnName('email_address'),
  note: string().nullable(),
  meta: json().nullable(),
  at: timestamp(),
}

// As JavaScript callers (or `as never`) would pass them: the checks are at run time.
const define = (options: Record<string, unknown>) =>
  table('t', { uniqueKeys: ['id'], columns, ...options } as never)

describe('unique keys', () => {
  it('reports every key problem at its index, in one pass', () => {
    const definition = define({
      uniqueKeys: ['id', 'nope', 'note', 'meta', 'id', 'email_address', 7, 'Tenant'],
    })
    expect(validateTableDefinition(definition).map((p) => [p.path.join('.'), p.message])).toEqual([
      ['uniqueKeys.1', 'Unique key "nope" is not a property of columns.'],
      [
        'uniqueKeys.2',
        'Unique key "note" is nullable: NULL keys never match in MERGE, so such rows would be inserted again on every run.',
      ],
      ['uniqueKeys.3', 'Unique key "meta" is a SUPER (json) column, which cannot be a unique key.'],
      ['uniqueKeys.4', 'Unique key "id" is listed twice (also at index 0).'],
      [
        'uniqueKeys.5',
        'Unique key "email_address" is not a property of columns. Did you mean "email"?',
      ],
      ['uniqueKeys.6', 'Unique key a number is not a property name.'],
      ['uniqueKeys.7', 'Unique key "Tenant" is not a property of columns. Did you mean "tenant"?'],
    ])
  })

  it.each([
    ['missing', undefined],
    ['empty', []],
  ])('requires at least one key (%s)', (_label, uniqueKeys) => {
    const [problem, ...rest] = validateTableDefinition(define({ uniqueKeys }))
    expect(rest).toEqual([])
    expect(problem).toEqual({
      severity: 'error',
      path: ['uniqueKeys'],
      message:
        'The table has no unique keys: MERGE needs at least one key column to match stored rows.',
      fix: "List the properties that identify a row, e.g. uniqueKeys: ['id'].",
    })
  })

  it('reports uniqueKeys that is not a list', () => {
    expect(problemsAt(define({ uniqueKeys: 'id' }), 'uniqueKeys')[0]?.message).toBe(
      'uniqueKeys is a string, not a list of property names.',
    )
  })

  it('maps compound keys to column names in order', () => {
    const model = toTableModel(define({ uniqueKeys: ['tenant', 'email'] }))
    expect(model.keys).toEqual(['tenant', 'email_address'])
    expect(model.columns.find((c) => c.name === 'email_address')?.nullable).toBe(false)
  })
})

describe('dist and sort keys', () => {
  it.each([
    [{ distKey: 'nope' }, 'distKey', 'Dist key "nope" is not a property of columns.'],
    [
      { distKey: 'meta' },
      'distKey',
      'Dist key "meta" is a SUPER (json) column, which cannot be a dist key.',
    ],
    [{ distKey: 3 }, 'distKey', 'Dist key a number is not a property name.'],
    [
      { distStyle: 'RANDOM' },
      'distStyle',
      'distStyle "RANDOM" is not a Redshift distribution style.',
    ],
    [
      { distStyle: 'KEY' },
      'distStyle',
      "distStyle 'KEY' needs a distKey: the column rows are distributed by.",
    ],
    [
      { distStyle: 'EVEN', distKey: 'id' },
      'distStyle',
      'distStyle "EVEN" cannot have a distKey: a dist key needs DISTSTYLE KEY.',
    ],
    [{ sortKey: ['nope'] }, 'sortKey[0]', 'Sort key "nope" is not a property of columns.'],
    [{ sortKey: ['at', 'at'] }, 'sortKey[1]', 'Sort key "at" is listed twice (also at index 0).'],
    [
      { sortKey: ['meta'] },
      'sortKey[0]',
      'Sort key "meta" is a SUPER (json) column, which cannot be a sort key.',
    ],
    [{ sortKey: [] }, 'sortKey', 'COMPOUND sort keys take 1 to 400 columns; this one has 0.'],
    [{ sortKey: 'at' }, 'sortKey', 'sortKey is "at", not a list of properties.'],
    [
      { sortKey: { style: 'FLAT', columns: ['at'] } },
      'sortKey.style',
      'Sort key style "FLAT" is not COMPOUND or INTERLEAVED.',
    ],
    [
      { sortKey: { style: 'COMPOUND' } },
      'sortKey.columns',
      'sortKey.columns is missing, not a list of properties.',
    ],
    [
      { sortKey: { style: 'INTERLEAVED', columns: ['id', 'nope'] } },
      'sortKey.columns[1]',
      'Sort key "nope" is not a property of columns.',
    ],
  ])('%#: reports %o at %s', (options, path, message) => {
    const problems = validateTableDefinition(define(options))
    expect(problems.map((p) => p.message)).toEqual([message])
    expect(problemPaths(define(options))).toEqual([path])
  })

  it('limits INTERLEAVED sort keys to 8 columns and COMPOUND to 400', () => {
    const many = Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`c${i}`, integer()]))
    const names = Object.keys(many)
    const sorted = (style: string, n: number) =>
      table('t', {
        uniqueKeys: ['c0'],
        columns: many,
        sortKey: { style: style as 'COMPOUND', columns: names.slice(0, n) },
      })
    expect(validateTableDefinition(sorted('INTERLEAVED', 8))).toEqual([])
    expect(problemsAt(sorted('INTERLEAVED', 9), 'sortKey.columns')[0]?.message).toBe(
      'INTERLEAVED sort keys take 1 to 8 columns; this one has 9.',
    )
    expect(validateTableDefinition(sorted('COMPOUND', 400))).toEqual([])
    expect(problemPaths(sorted('COMPOUND', 401))).toEqual(['sortKey.columns'])
  })

  it('allows a nullable dist or sort key column', () => {
    expect(validateTableDefinition(define({ distKey: 'note', sortKey: ['note'] }))).toEqual([])
  })
})

describe('columns as a whole', () => {
  const wide = (n: number) =>
    table('wide', {
      uniqueKeys: ['c0'],
      columns: Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, integer()])),
    })

  it('accepts 1,600 columns and rejects 1,601', () => {
    expect(validateTableDefinition(wide(1600))).toEqual([])
    expect(toTableModel(wide(1600)).columns).toHaveLength(1600)
    expect(validateTableDefinition(wide(1601))).toMatchObject([
      {
        severity: 'error',
        path: ['columns'],
        message: "The table has 1601 columns, over Redshift's limit of 1600.",
      },
    ])
  })

  it('rejects no columns, a columns value that is not an object, and entries that are not builders', () => {
    expect(problemPaths(table('t', { uniqueKeys: [], columns: {} }))).toEqual([
      'columns',
      'uniqueKeys',
    ])
    expect(problemPaths(define({ columns: [bigint()] }))).toEqual(['columns', 'uniqueKeys[0]'])
    const mixed = define({ columns: { id: bigint(), n: 5, s: 'varchar(10)', b: bigint } })
    expect(validateTableDefinition(mixed).map((p) => p.message)).toEqual([
      'Property "n" is a number, not a column builder.',
      'Property "s" is a string, not a column builder.',
      'Property "b" is a function, not a column builder.',
    ])
  })

  it('reports options table() does not know', () => {
    expect(validateTableDefinition(define({ uniqueKey: ['id'], sortkey: ['at'] }))).toMatchObject([
      { path: ['uniqueKey'], message: '"uniqueKey" is not an option of table().' },
      { path: ['sortkey'], message: '"sortkey" is not an option of table().' },
    ])
  })

  it('reports every problem of a broken definition in one pass', () => {
    const broken = table('', {
      schema: 'x'.repeat(128),
      uniqueKeys: ['nope', 'meta'] as never,
      columns: {
        meta: json(),
        userId: integer(),
        userid: integer(),
        total: bigint().redshiftType('VARCHAR(10)'),
        bad: string(0 as never),
      },
      distKey: 'meta',
      sortKey: ['missing'] as never,
    })
    expect(problemPaths(broken)).toEqual([
      'schema',
      'name',
      'columns.total.redshiftType',
      'columns.bad.type',
      'columns.userId',
      'columns.userid',
      'uniqueKeys[0]',
      'uniqueKeys[1]',
      'distKey',
      'sortKey[0]',
    ])
  })
})
