import { describe, expect, it } from 'vitest'
import {
  addColumn,
  commentOnColumn,
  commentOnTable,
  commentStatements,
  createSchema,
  createTable,
  dropTable,
  InvalidIdentifierError,
  InvalidTableModelError,
  InvalidTypeError,
  normalizeTableModel,
  widenVarchar,
} from '../src/index.js'

const users = normalizeTableModel({
  schema: 'Analytics',
  name: 'Users',
  keys: ['id'],
  comment: "People's table",
  columns: [
    { name: 'id', type: 'BIGINT', encode: 'az64', comment: 'Primary key' },
    { name: 'Email', type: 'VARCHAR(320)', nullable: false, encode: 'zstd' },
    { name: 'profile', type: 'SUPER', comment: "it's \\ JSON" },
    { name: 'created_at', type: 'timestamptz' },
  ],
  distStyle: 'KEY',
  distKey: 'id',
  sortKey: { style: 'COMPOUND', columns: ['created_at', 'id'] },
})

describe('createSchema', () => {
  it('writes CREATE SCHEMA IF NOT EXISTS with a quoted name', () => {
    expect(createSchema('analytics')).toBe('CREATE SCHEMA IF NOT EXISTS "analytics"')
    expect(createSchema('a"b')).toBe('CREATE SCHEMA IF NOT EXISTS "a""b"')
    expect(() => createSchema('')).toThrow(InvalidIdentifierError)
  })
})

describe('createTable', () => {
  it('writes columns, NOT NULL, ENCODE, PRIMARY KEY, DISTSTYLE, DISTKEY and SORTKEY', () => {
    expect(createTable(users)).toBe(
      [
        'CREATE TABLE IF NOT EXISTS "analytics"."users" (',
        '  "id" BIGINT ENCODE AZ64 NOT NULL,',
        '  "email" VARCHAR(320) ENCODE ZSTD NOT NULL,',
        '  "profile" SUPER,',
        '  "created_at" TIMESTAMPTZ,',
        '  PRIMARY KEY ("id")',
        ')',
        'DISTSTYLE KEY',
        'DISTKEY ("id")',
        'COMPOUND SORTKEY ("created_at", "id")',
      ].join('\n'),
    )
  })

  it('writes a plain table without keys or attributes', () => {
    const plain = normalizeTableModel({
      schema: 'public',
      name: 'log',
      columns: [{ name: 'line', type: 'varchar(max)' }],
    })
    expect(createTable(plain)).toBe(
      'CREATE TABLE IF NOT EXISTS "public"."log" (\n  "line" VARCHAR(65535)\n)',
    )
  })

  it('writes composite keys, DISTSTYLE ALL, SORTKEY AUTO and INTERLEAVED', () => {
    const model = normalizeTableModel({
      schema: 's',
      name: 't',
      keys: ['a', 'B'],
      columns: [
        { name: 'a', type: 'INT' },
        { name: 'b', type: 'DATE' },
        { name: 'say "x"', type: 'BOOLEAN' },
      ],
      distStyle: 'ALL',
      sortKey: 'AUTO',
    })
    expect(createTable(model)).toBe(
      [
        'CREATE TABLE IF NOT EXISTS "s"."t" (',
        '  "a" INTEGER NOT NULL,',
        '  "b" DATE NOT NULL,',
        '  "say ""x""" BOOLEAN,',
        '  PRIMARY KEY ("a", "b")',
        ')',
        'DISTSTYLE ALL',
        'SORTKEY AUTO',
      ].join('\n'),
    )
    const interleaved = normalizeTableModel({
      schema: 's',
      name: 't',
      columns: [
        { name: 'a', type: 'INT' },
        { name: 'b', type: 'INT' },
      ],
      sortKey: { style: 'INTERLEAVED', columns: ['b', 'a'] },
    })
    expect(createTable(interleaved)).toBe(
      'CREATE TABLE IF NOT EXISTS "s"."t" (\n  "a" INTEGER,\n  "b" INTEGER\n)\nINTERLEAVED SORTKEY ("b", "a")',
    )
  })
})

describe('comments', () => {
  it('writes COMMENT ON COLUMN and TABLE with quoted literals', () => {
    expect(commentOnColumn(users, 'id', 'Primary key')).toBe(
      `COMMENT ON COLUMN "analytics"."users"."id" IS 'Primary key'`,
    )
    expect(commentOnColumn(users, 'profile', "it's \\ JSON")).toBe(
      `COMMENT ON COLUMN "analytics"."users"."profile" IS 'it''s \\\\ JSON'`,
    )
    expect(commentOnColumn(users, 'id', null)).toBe(
      'COMMENT ON COLUMN "analytics"."users"."id" IS NULL',
    )
    expect(commentOnTable(users, 'x')).toBe(`COMMENT ON TABLE "analytics"."users" IS 'x'`)
  })

  it('lists the comments of a model', () => {
    expect(commentStatements(users)).toEqual([
      `COMMENT ON TABLE "analytics"."users" IS 'People''s table'`,
      `COMMENT ON COLUMN "analytics"."users"."id" IS 'Primary key'`,
      `COMMENT ON COLUMN "analytics"."users"."profile" IS 'it''s \\\\ JSON'`,
    ])
  })
})

describe('addColumn', () => {
  it('adds one column per statement, nullable, with its ENCODE', () => {
    expect(addColumn(users, 'email')).toBe(
      'ALTER TABLE "analytics"."users" ADD COLUMN "email" VARCHAR(320) ENCODE ZSTD',
    )
    expect(addColumn(users, 'created_at')).toBe(
      'ALTER TABLE "analytics"."users" ADD COLUMN "created_at" TIMESTAMPTZ',
    )
  })

  it('rejects a column the model does not have', () => {
    expect(() => addColumn(users, 'missing')).toThrow(InvalidTableModelError)
    // Any spelling of a column finds it, since Redshift folds names.
    expect(addColumn(users, 'EMAIL')).toBe(addColumn(users, 'email'))
  })
})

describe('widenVarchar', () => {
  it('writes ALTER COLUMN TYPE VARCHAR(n)', () => {
    expect(widenVarchar(users, 'email', 1000)).toBe(
      'ALTER TABLE "analytics"."users" ALTER COLUMN "email" TYPE VARCHAR(1000)',
    )
    expect(widenVarchar(users, 'email', 65535)).toBe(
      'ALTER TABLE "analytics"."users" ALTER COLUMN "email" TYPE VARCHAR(65535)',
    )
  })

  it('rejects lengths Redshift does not have', () => {
    expect(() => widenVarchar(users, 'email', 65536)).toThrow(InvalidTypeError)
    expect(() => widenVarchar(users, 'email', 0)).toThrow(InvalidTypeError)
  })
})

describe('dropTable', () => {
  it('writes DROP TABLE IF EXISTS', () => {
    expect(dropTable({ schema: 'public', name: 'old "t"' })).toBe(
      'DROP TABLE IF EXISTS "public"."old ""t"""',
    )
  })
})
