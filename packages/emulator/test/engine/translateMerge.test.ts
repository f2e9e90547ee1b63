import { describe, expect, it } from 'vitest'
import { splitStatements, tokenize } from '../../src/engine/RedshiftLexer.js'
import type { PlanStep, StatementPlan } from '../../src/engine/StatementPlan.js'
import type { TargetColumn } from '../../src/engine/superAssignment.js'
import { translateStatement } from '../../src/engine/translateStatement.js'

const plan = (sql: string, caseSensitive = false): StatementPlan => {
  const [tokens] = splitStatements(tokenize(sql))
  return translateStatement(tokens ?? [], {
    caseSensitive,
    tempSchema: undefined,
    parameters: new Map([['p', "it's"]]),
    database: 'dev',
  })
}

const onlyStep = (sql: string): PlanStep => {
  const result = plan(sql)
  if (result.kind !== 'sql' || result.steps.length !== 1) {
    throw new Error(`expected one SQL step, got ${JSON.stringify(result)}`)
  }
  return result.steps[0] as PlanStep
}

/** The SQL run once the written table turns out to have these columns (SUPER ones marked). */
const runAgainst = (
  sql: string,
  columns: ReadonlyArray<TargetColumn>,
  caseSensitive = false,
): string => {
  const result = plan(sql, caseSensitive)
  const step = result.kind === 'sql' ? result.steps[0] : undefined
  if (!step || result.kind !== 'sql' || result.steps.length !== 1)
    throw new Error('one step expected')
  return step.assigns ? step.assigns.sqlFor(columns) : step.sql
}

const cols = (...names: string[]): TargetColumn[] =>
  names.map((name) => ({ name: name.replace('*', ''), isSuper: name.endsWith('*') }))

const pair =
  'WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)'

describe('MERGE grammar (Redshift accepts)', () => {
  it.each([
    `MERGE INTO t USING s ON t.id = s.id ${pair}`,
    `MERGE INTO public.t USING stage AS s ON t.id = s.id ${pair}`,
    `MERGE INTO "T" USING "Stage" s ON "T".id = s.id ${pair}`,
    `MERGE INTO t USING #stage s ON t.id = s.id ${pair}`,
    'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.name)',
    'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1, b = CASE WHEN s.x THEN 1 ELSE 2 END WHEN NOT MATCHED THEN INSERT (a, b) VALUES (CASE WHEN s.x THEN 1 END, (SELECT max(b) FROM u))',
    'MERGE INTO t USING s ON t.id = CASE WHEN s.id > 0 THEN s.id END WHEN MATCHED THEN UPDATE SET a = s.a WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.a)',
    'MERGE INTO t USING s ON t.id = s.id REMOVE DUPLICATES',
    'WITH x AS (SELECT 1 AS merge), y (merge) AS (SELECT 2) SELECT merge FROM x, y',
    'WITH RECURSIVE x (n) AS (SELECT 1) INSERT INTO t SELECT n AS merge FROM x',
  ])('%s', (sql) => {
    expect(plan(sql).kind).toBe('sql')
  })

  it('passes the paired form through to PostgreSQL unchanged', () => {
    expect(onlyStep(`merge into T using S as X on t.id = x.id ${pair}`).sql).toBe(
      `merge into T using S as X on t.id = x.id ${pair}`,
    )
  })

  it('accepts what @redstore/sql mergeFromTemp writes, both forms', () => {
    const merge =
      'MERGE INTO "public"."Users"\nUSING "redstore_stage_1"\nON "public"."Users"."id" = "redstore_stage_1"."id"\nWHEN MATCHED THEN UPDATE SET "name" = "redstore_stage_1"."name", "doc" = "redstore_stage_1"."doc"\nWHEN NOT MATCHED THEN INSERT ("id", "name", "doc") VALUES ("redstore_stage_1"."id", "redstore_stage_1"."name", "redstore_stage_1"."doc")'
    expect(onlyStep(merge).sql).toBe(
      'MERGE INTO "public"."users"\nUSING "redstore_stage_1"\nON "public"."users"."id" = "redstore_stage_1"."id"\nWHEN MATCHED THEN UPDATE SET "name" = "redstore_stage_1"."name", "doc" = "redstore_stage_1"."doc"\nWHEN NOT MATCHED THEN INSERT ("id", "name", "doc") VALUES ("redstore_stage_1"."id", "redstore_stage_1"."name", "redstore_stage_1"."doc")',
    )
    const keyOnly =
      'INSERT INTO "public"."Users" ("id")\nSELECT "redstore_stage_1"."id" FROM "redstore_stage_1"\nWHERE NOT EXISTS (SELECT 1 FROM "public"."Users" WHERE "public"."Users"."id" = "redstore_stage_1"."id")'
    expect(onlyStep(keyOnly)).toEqual({ sql: keyOnly.replaceAll('"Users"', '"users"') })
  })
})

describe('MERGE grammar (Redshift rejects)', () => {
  const update = 'WHEN MATCHED THEN UPDATE SET name = s.name'
  const insert = 'WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)'
  it.each([
    ['a lone WHEN MATCHED', `MERGE INTO t USING s ON t.id = s.id ${update}`, 'end of input'],
    ['a lone WHEN NOT MATCHED', `MERGE INTO t USING s ON t.id = s.id ${insert}`, 'NOT'],
    ['the clauses reversed', `MERGE INTO t USING s ON t.id = s.id ${insert} ${update}`, 'NOT'],
    ['a third clause', `MERGE INTO t USING s ON t.id = s.id ${update} ${insert} ${update}`, 'WHEN'],
    ['two matched clauses', `MERGE INTO t USING s ON t.id = s.id ${update} ${update}`, 'MATCHED'],
    [
      'an AND condition on MATCHED',
      `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.x THEN UPDATE SET a = 1 ${insert}`,
      'AND',
    ],
    [
      'an AND condition on NOT MATCHED',
      `MERGE INTO t USING s ON t.id = s.id ${update} WHEN NOT MATCHED AND s.x THEN INSERT VALUES (1)`,
      'AND',
    ],
    [
      'DO NOTHING',
      `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DO NOTHING ${insert}`,
      'DO',
    ],
    [
      'INSERT DEFAULT VALUES',
      `MERGE INTO t USING s ON t.id = s.id ${update} WHEN NOT MATCHED THEN INSERT DEFAULT VALUES`,
      'DEFAULT',
    ],
    [
      'INSERT OVERRIDING',
      `MERGE INTO t USING s ON t.id = s.id ${update} WHEN NOT MATCHED THEN INSERT OVERRIDING SYSTEM VALUE VALUES (1)`,
      'OVERRIDING',
    ],
    [
      'a table-prefixed SET target',
      `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.name = s.name ${insert}`,
      '.',
    ],
    [
      'a multi-column SET',
      `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET (a, b) = (1, 2) ${insert}`,
      '(',
    ],
    [
      'a table-prefixed INSERT column',
      `MERGE INTO t USING s ON t.id = s.id ${update} WHEN NOT MATCHED THEN INSERT (t.id) VALUES (s.id)`,
      '.',
    ],
    [
      'several VALUES rows',
      `MERGE INTO t USING s ON t.id = s.id ${update} WHEN NOT MATCHED THEN INSERT VALUES (1), (2)`,
      ',',
    ],
    [
      'INSERT in the matched clause',
      `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN INSERT VALUES (1) ${insert}`,
      'INSERT',
    ],
    [
      'UPDATE in the not-matched clause',
      `MERGE INTO t USING s ON t.id = s.id ${update} WHEN NOT MATCHED THEN UPDATE SET a = 1`,
      'UPDATE',
    ],
    [
      'NOT MATCHED BY SOURCE',
      `MERGE INTO t USING s ON t.id = s.id ${update} WHEN NOT MATCHED BY SOURCE THEN DELETE`,
      'BY',
    ],
    ['a target alias', `MERGE INTO t AS x USING s ON x.id = s.id ${update} ${insert}`, 'AS'],
    ['a bare target alias', `MERGE INTO t x USING s ON x.id = s.id ${update} ${insert}`, 'x'],
    [
      'a subquery source',
      `MERGE INTO t USING (SELECT * FROM s) AS s ON t.id = s.id ${update} ${insert}`,
      '(',
    ],
    ['no action at all', 'MERGE INTO t USING s ON t.id = s.id', 'end of input'],
    ['an empty condition', `MERGE INTO t USING s ON ${update} ${insert}`, 'WHEN'],
    [
      'text after REMOVE DUPLICATES',
      'MERGE INTO t USING s ON t.id = s.id REMOVE DUPLICATES x',
      'x',
    ],
    ['MERGE without INTO', `MERGE t USING s ON t.id = s.id ${update} ${insert}`, 't'],
    [
      'a WITH clause',
      `WITH s AS (SELECT 1 AS id) MERGE INTO t USING s ON t.id = s.id ${update} ${insert}`,
      'MERGE',
    ],
    [
      'a WITH list of several queries',
      `WITH RECURSIVE a AS (SELECT 1), b (id) AS NOT MATERIALIZED (SELECT 2) MERGE INTO t USING s ON t.id = s.id ${update} ${insert}`,
      'MERGE',
    ],
  ])('%s', (_case, sql, near) => {
    const message =
      near === 'end of input'
        ? 'ERROR: syntax error at end of input'
        : `ERROR: syntax error at or near "${near}"`
    expect(() => plan(sql)).toThrow(message)
    try {
      plan(sql)
    } catch (error) {
      expect((error as Error).message).toBe(message)
      expect((error as { sqlState?: string }).sqlState).toBe('42601')
    }
  })
})

describe('values assigned to SUPER columns', () => {
  const superOf = (sql: string) => `redstore_internal.super_of(${sql})`

  it('wraps INSERT VALUES bound for SUPER columns, by name or by position, leaving DEFAULT', () => {
    expect(
      runAgainst(
        "INSERT INTO docs (doc, id) VALUES ('abc', 1), (JSON_PARSE('{}'), 2), (DEFAULT, 3), (:p, 4)",
        cols('id', 'doc*'),
      ),
    ).toBe(
      `INSERT INTO docs (doc, id) VALUES (${superOf("'abc'")}, 1), (${superOf("redstore_internal.json_parse('{}')")}, 2), (DEFAULT, 3), (${superOf("'it''s'")}, 4)`,
    )
    expect(runAgainst("INSERT INTO docs VALUES (1, 'x'::varchar(3))", cols('id', 'doc*'))).toBe(
      `INSERT INTO docs VALUES (1, ${superOf("'x'::varchar(3)")})`,
    )
    expect(runAgainst('INSERT INTO "Docs" ("DOC") VALUES (\'a\')', cols('doc*'))).toBe(
      `INSERT INTO "docs" ("doc") VALUES (${superOf("'a'")})`,
    )
  })

  it('matches columns as the session folds names, and keeps hostile literals whole', () => {
    const sql = "INSERT INTO t (\"Doc\", doc) VALUES ('a', 'b')"
    expect(runAgainst(sql, cols('Doc*', 'doc'), true)).toBe(
      `INSERT INTO t ("Doc", doc) VALUES (${superOf("'a'")}, 'b')`,
    )
    expect(runAgainst(sql, cols('Doc*', 'doc'))).toBe(
      `INSERT INTO t ("doc", doc) VALUES ('a', 'b')`,
    )
    expect(
      runAgainst(
        "MERGE INTO docs USING s ON docs.id = s.id WHEN MATCHED THEN UPDATE SET doc = 'x WHEN NOT MATCHED'/* ) */ WHEN NOT MATCHED THEN INSERT (doc) VALUES ('), (''')",
        cols('id', 'doc*'),
      ),
    ).toBe(
      `MERGE INTO docs USING s ON docs.id = s.id WHEN MATCHED THEN UPDATE SET doc = ${superOf("'x WHEN NOT MATCHED'")} WHEN NOT MATCHED THEN INSERT (doc) VALUES (${superOf("'), ('''")})`,
    )
  })

  it('leaves statements alone when no target column is SUPER, or nothing is assigned', () => {
    expect(runAgainst("INSERT INTO t VALUES (1, 'abc')", cols('id', 'v'))).toBe(
      "INSERT INTO t VALUES (1, 'abc')",
    )
    expect(onlyStep('INSERT INTO t SELECT * FROM s').assigns).toBeUndefined()
    expect(onlyStep('INSERT INTO t (a) VALUES (DEFAULT)').assigns).toBeUndefined()
    expect(onlyStep('INSERT INTO t DEFAULT VALUES').assigns).toBeUndefined()
  })

  it('wraps UPDATE SET values up to FROM and WHERE', () => {
    expect(
      runAgainst(
        "UPDATE docs AS d SET doc = s.v || 'x', id = 2, note = CASE WHEN 1 = 1 THEN 'a' END FROM s WHERE d.id = s.id",
        cols('id', 'doc*', 'note*'),
      ),
    ).toBe(
      `UPDATE docs AS d SET doc = ${superOf("s.v || 'x'")}, id = 2, note = ${superOf("CASE WHEN 1 = 1 THEN 'a' END")} FROM s WHERE d.id = s.id`,
    )
  })

  it('wraps MERGE SET and INSERT values bound for SUPER columns', () => {
    expect(
      runAgainst(
        'MERGE INTO docs USING s ON docs.id = s.id WHEN MATCHED THEN UPDATE SET doc = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)',
        cols('id', 'doc*'),
      ),
    ).toBe(
      `MERGE INTO docs USING s ON docs.id = s.id WHEN MATCHED THEN UPDATE SET doc = ${superOf('s.v')} WHEN NOT MATCHED THEN INSERT VALUES (s.id, ${superOf('s.v')})`,
    )
    expect(plan('MERGE INTO docs USING s ON docs.id = s.id REMOVE DUPLICATES')).not.toHaveProperty(
      'steps.0.assigns',
    )
  })
})
