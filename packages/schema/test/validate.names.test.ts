import { isReservedWord, redshiftReservedWords } from '@redstore/sql'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bigint,
  type ColumnBuilder,
  integer,
  string,
  table,
  toTableModel,
  validateTableDefinition,
  varchar,
} from '../src/index.js'
import { problemPaths, problemsAt } from './support.js'

const withColumns = (columns: Record<string, ColumnBuilder>) =>
  table('t', { uniqueKeys: ['id'] as never, columns: { id: bigint(), ...columns } })

const bytes = (s: string) => new TextEncoder().encode(s).length

describe('identifier limits', () => {
  // Each is exactly 127 UTF-8 bytes; one more character makes 128 or more.
  const at127 = [
    'a'.repeat(127),
    `${'é'.repeat(63)}a`,
    `${'😀'.repeat(31)}abc`,
    `${'日'.repeat(42)}a`,
  ]

  it.each(at127)('accepts a 127-byte name as schema, table and column: %s', (name) => {
    expect(bytes(name)).toBe(127)
    const definition = table(name, {
      schema: name,
      uniqueKeys: ['id'],
      columns: { id: bigint(), [name]: integer() },
    })
    expect(problemPaths(definition)).toEqual([])
    const model = toTableModel(definition)
    expect(model.columns.map((c) => c.field ?? c.name)).toEqual(['id', name])
    const renamed = table('t', {
      uniqueKeys: ['id'],
      columns: { id: bigint(), x: integer().columnName(name) },
    })
    expect(toTableModel(renamed).columns[1]).toMatchObject({ name, field: 'x' })
  })

  it.each(at127.map((n) => (n.endsWith('a') ? `${n}b` : `${n}é`)))(
    'rejects a name over 127 bytes wherever it is: %s',
    (name) => {
      expect(bytes(name)).toBeGreaterThan(127)
      const definition = table(name, {
        schema: name,
        uniqueKeys: ['id'],
        columns: { id: bigint().columnName(name), [name]: integer() },
      })
      const problems = validateTableDefinition(definition).filter((p) => p.severity === 'error')
      expect(problems.map((p) => p.path)).toEqual([
        ['schema'],
        ['name'],
        ['columns', 'id', 'columnName'],
        ['columns', name],
      ])
      for (const p of problems) {
        expect(p.message).toMatch(
          new RegExp(`is ${bytes(name)} UTF-8 bytes long, over Redshift's 127`),
        )
      }
      expect(problems[3]?.fix).toMatch(/\.columnName\('short_name'\)/)
    },
  )

  it('rejects empty names, NUL, lone surrogates and non-strings', () => {
    const definition = table('', {
      schema: 'a\u0000b',
      uniqueKeys: ['id'],
      columns: {
        id: bigint(),
        '': integer(),
        x: integer().columnName('\ud800'),
        y: integer().columnName(5 as unknown as string),
      },
    })
    const problems = validateTableDefinition(definition)
    expect(problems.map((p) => [p.path.join('.'), p.message])).toEqual([
      ['schema', 'Schema name "a\\u0000b" contains NUL at index 1.'],
      ['name', 'Table name "" is empty.'],
      ['columns.', 'Property "" cannot name a column: it is empty.'],
      [
        'columns.x.columnName',
        '.columnName("\\ud800") of property "x" cannot name a column: it contains a lone UTF-16 surrogate at index 0, which has no UTF-8 form.',
      ],
      [
        'columns.y.columnName',
        '.columnName(5) of property "y" cannot name a column: it is a number, not a string.',
      ],
    ])
    expect(
      validateTableDefinition(table(undefined as never, { uniqueKeys: [], columns: {} })),
    ).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: 'Table name is missing.' })]),
    )
  })

  it('holds for any name: accepted exactly when 1 to 127 bytes without NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 70 }), (name) => {
        const problems = problemsAt(
          table(name, { uniqueKeys: ['id'], columns: { id: bigint() } }),
          'name',
        )
        const valid = name.length > 0 && !name.includes('\u0000') && bytes(name) <= 127
        expect(problems.some((p) => p.severity === 'error')).toBe(!valid)
      }),
    )
  })
})

describe('names Redshift folds to one', () => {
  it('reports both columns of a folded collision', () => {
    const definition = withColumns({ userId: integer(), userid: integer(), USERID: integer() })
    expect(problemPaths(definition)).toEqual(['columns.userId', 'columns.userid', 'columns.USERID'])
    expect(problemsAt(definition, 'columns.userId')[0]?.message).toBe(
      'Column "userid" of property "userId" is also the column of property "userid", "USERID": Redshift folds names to lowercase, so they are one column.',
    )
  })

  it('reports a .columnName() that folds onto another column, at the .columnName()', () => {
    const definition = withColumns({ a: integer().columnName('ID') })
    expect(problemPaths(definition)).toEqual(['columns.id', 'columns.a.columnName'])
  })

  it('rejects swapped names: property a in column b and property b in column a', () => {
    const definition = withColumns({ a: integer().columnName('b'), b: integer().columnName('a') })
    expect(problemPaths(definition)).toEqual(['columns.a', 'columns.b'])
    expect(problemsAt(definition, 'columns.a')[0]?.message).toBe(
      'Property "a" is stored in column "b", but "a" is the column of property "b": rows and SQL would mean different columns by one name.',
    )
  })

  it('rejects a property that is the name of another column, in any case', () => {
    expect(problemPaths(withColumns({ name: string().columnName('x'), NAME: integer() }))).toEqual([
      'columns.name',
    ])
    expect(
      problemPaths(withColumns({ Email: string().columnName('x'), email: integer() })),
    ).toEqual(['columns.Email'])
  })

  it('rejects renamed properties that differ only in case', () => {
    const definition = withColumns({
      userId: integer().columnName('a'),
      userid: integer().columnName('b'),
    })
    expect(problemPaths(definition)).toEqual(['columns.userId', 'columns.userid'])
    expect(problemsAt(definition, 'columns.userid')[0]?.message).toMatch(/differs only in case/)
  })

  it('accepts a rename to the folded property, or to a fresh name', () => {
    const definition = withColumns({
      customerEmail: varchar(320).columnName('customeremail'),
      email: varchar(320).columnName('email_address'),
      emailAddress: varchar(320).columnName('email_addr'),
    })
    expect(validateTableDefinition(definition)).toEqual([])
  })
})

describe('reserved words', () => {
  it('warns about each place a reserved word names something, and still builds the model', () => {
    const definition = table('order', {
      schema: 'user',
      uniqueKeys: ['id'],
      columns: { id: bigint(), timestamp: integer(), at: integer().columnName('Group') },
    })
    const problems = validateTableDefinition(definition)
    expect(problems.every((p) => p.severity === 'warning')).toBe(true)
    expect(problems.map((p) => p.path.join('.'))).toEqual([
      'schema',
      'name',
      'columns.timestamp',
      'columns.at.columnName',
    ])
    expect(problems[2]).toMatchObject({
      message:
        'Column "timestamp" (property "timestamp") is a Redshift reserved word: every query must quote it, as "timestamp".',
      fix: 'Keep property "timestamp" and name its column with .columnName(\'timestamp_value\'), or quote it in every query you write (the SQL redstore writes always quotes names).',
    })
    expect(problems[3]?.message).toMatch(/Column "group" \(property "at"\)/)
    expect(toTableModel(definition).columns.map((c) => c.name)).toEqual([
      'id',
      'timestamp',
      'group',
    ])
  })

  it('warns for every word of the list, in any case, and for nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...redshiftReservedWords),
          fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
        ),
        fc.boolean(),
        (word, upper) => {
          const name = upper ? word.toUpperCase() : word
          if (name.toLowerCase() === 'id') return
          const warnings = problemPaths(withColumns({ [name]: integer() }), 'warning')
          expect(warnings).toEqual(isReservedWord(name) ? [`columns.${name}`] : [])
        },
      ),
    )
  })
})
