import { describe, expect, it } from 'vitest'
import {
  createTempTableLike,
  insertRows,
  mergeFromTemp,
  normalizeTableModel,
} from '../src/index.js'

const users = normalizeTableModel({
  schema: 'public',
  name: 'users',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'name', type: 'VARCHAR(100)' },
    { name: 'age', type: 'SMALLINT' },
  ],
})

describe('createTempTableLike', () => {
  it('writes CREATE TEMP TABLE (LIKE target)', () => {
    expect(createTempTableLike('stage_1', users)).toBe(
      'CREATE TEMP TABLE "stage_1" (LIKE "public"."users")',
    )
  })
})

describe('insertRows', () => {
  it('writes a multi-row INSERT into a temp table or a qualified table', () => {
    expect(
      insertRows(
        'stage_1',
        ['id', 'name'],
        [
          ['1', "'Ann'"],
          ['2', 'NULL'],
        ],
      ),
    ).toBe(`INSERT INTO "stage_1" ("id", "name") VALUES (1, 'Ann'), (2, NULL)`)
    expect(insertRows(users, ['id'], [['7']])).toBe(
      'INSERT INTO "public"."users" ("id") VALUES (7)',
    )
  })

  it('rejects no rows and rows of the wrong width', () => {
    expect(() => insertRows('t', ['a'], [])).toThrow(RangeError)
    expect(() => insertRows('t', ['a', 'b'], [['1']])).toThrow(RangeError)
  })
})

describe('mergeFromTemp', () => {
  it('updates non-key columns and inserts new rows', () => {
    expect(mergeFromTemp(users, 'stage_1', ['id', 'name', 'age'])).toBe(
      [
        'MERGE INTO "public"."users"',
        'USING "stage_1"',
        'ON "public"."users"."id" = "stage_1"."id"',
        'WHEN MATCHED THEN UPDATE SET "name" = "stage_1"."name", "age" = "stage_1"."age"',
        'WHEN NOT MATCHED THEN INSERT ("id", "name", "age") VALUES ("stage_1"."id", "stage_1"."name", "stage_1"."age")',
      ].join('\n'),
    )
  })

  it('touches only the staged columns, so absent columns keep their stored values', () => {
    expect(mergeFromTemp(users, 'stage_2', ['id', 'age'])).toBe(
      [
        'MERGE INTO "public"."users"',
        'USING "stage_2"',
        'ON "public"."users"."id" = "stage_2"."id"',
        'WHEN MATCHED THEN UPDATE SET "age" = "stage_2"."age"',
        'WHEN NOT MATCHED THEN INSERT ("id", "age") VALUES ("stage_2"."id", "stage_2"."age")',
      ].join('\n'),
    )
  })

  it('writes INSERT ... WHERE NOT EXISTS when every staged column is a key', () => {
    const tags = normalizeTableModel({
      schema: 'public',
      name: 'tags',
      keys: ['user_id', 'tag'],
      columns: [
        { name: 'user_id', type: 'BIGINT' },
        { name: 'tag', type: 'VARCHAR(50)' },
      ],
    })
    expect(mergeFromTemp(tags, 'stage_3', ['user_id', 'tag'])).toBe(
      [
        'INSERT INTO "public"."tags" ("user_id", "tag")',
        'SELECT "stage_3"."user_id", "stage_3"."tag" FROM "stage_3"',
        'WHERE NOT EXISTS (SELECT 1 FROM "public"."tags" WHERE "public"."tags"."user_id" = "stage_3"."user_id" AND "public"."tags"."tag" = "stage_3"."tag")',
      ].join('\n'),
    )
    // Staging only the key of a table that has other columns inserts new keys and touches nothing else.
    expect(mergeFromTemp(users, 'stage_4', ['id'])).toBe(
      [
        'INSERT INTO "public"."users" ("id")',
        'SELECT "stage_4"."id" FROM "stage_4"',
        'WHERE NOT EXISTS (SELECT 1 FROM "public"."users" WHERE "public"."users"."id" = "stage_4"."id")',
      ].join('\n'),
    )
  })

  it('rejects a model without keys and unstaged keys', () => {
    const noKeys = normalizeTableModel({
      schema: 's',
      name: 't',
      columns: [{ name: 'a', type: 'INT' }],
    })
    expect(() => mergeFromTemp(noKeys, 'x', ['a'])).toThrow(RangeError)
    expect(() => mergeFromTemp(users, 'x', ['name'])).toThrow(RangeError)
  })
})
