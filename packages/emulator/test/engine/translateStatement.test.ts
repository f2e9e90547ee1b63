import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RedshiftSqlError } from '../../src/engine/Engine.js'
import { splitStatements, tokenize } from '../../src/engine/RedshiftLexer.js'
import { DEFAULT_SCHEMA_SLOT, type StatementPlan } from '../../src/engine/StatementPlan.js'
import { translateStatement } from '../../src/engine/translateStatement.js'

interface Options {
  readonly caseSensitive?: boolean
  readonly tempSchema?: string
  readonly parameters?: Record<string, string>
}

const plan = (sql: string, options: Options = {}): StatementPlan => {
  const [tokens] = splitStatements(tokenize(sql))
  return translateStatement(tokens ?? [], {
    caseSensitive: options.caseSensitive ?? false,
    tempSchema: options.tempSchema,
    parameters: new Map(Object.entries(options.parameters ?? {})),
    database: 'dev',
  })
}

/** The PostgreSQL text of a one-step plan. */
const pg = (sql: string, options: Options = {}): string => {
  const result = plan(sql, options)
  if (result.kind !== 'sql' || result.steps.length !== 1) {
    throw new Error(`expected one SQL step, got ${JSON.stringify(result)}`)
  }
  return (result.steps[0] as { sql: string }).sql
}

describe('translateStatement (golden)', () => {
  it('folds quoted identifiers unless case sensitivity is on', () => {
    expect(pg('SELECT "UserId", Other FROM "Sch"."Tbl"')).toBe(
      'SELECT "userid", Other FROM "sch"."tbl"',
    )
    expect(pg('SELECT "UserId" FROM "Tbl"', { caseSensitive: true })).toBe(
      'SELECT "UserId" FROM "Tbl"',
    )
    expect(pg('SELECT "a""B"')).toBe('SELECT "a""b"')
    expect(pg('SELECT Ünï, "CÖDE Ärger" FROM t')).toBe('SELECT Ünï, "cÖde Ärger" FROM t')
  })

  it('re-emits string literals for standard-conforming PostgreSQL', () => {
    expect(pg("SELECT 'it\\'s', 'a\\\\', 'x''y', E'\\t'")).toBe(
      "SELECT 'it''s', 'a\\', 'x''y', '\t'",
    )
  })

  it('inlines :name parameters as literals', () => {
    expect(
      pg('SELECT * FROM t WHERE a = :a AND b = :b', { parameters: { a: "x' OR 1=1 --", b: '\\' } }),
    ).toBe("SELECT * FROM t WHERE a = 'x'' OR 1=1 --' AND b = '\\'")
    expect(() => pg('SELECT :nope')).toThrow('ERROR: no value supplied for parameter ":nope"')
  })

  it('maps column types: byte-checked VARCHAR/CHAR domains, SUPER, VARBYTE, DECIMAL', () => {
    const result = plan(
      'CREATE TABLE t (a VARCHAR(10), b VARCHAR(MAX), c VARCHAR, d TEXT, e CHAR(2), f CHARACTER VARYING(5), g SUPER, h VARBYTE(8), i DECIMAL, j NUMERIC(38,10))',
    )
    expect(result).toMatchObject({
      kind: 'sql',
      steps: [
        {
          sql: 'CREATE TABLE t (a redstore_internal.varchar_10, b redstore_internal.varchar_65535, c redstore_internal.varchar_256, d redstore_internal.varchar_256, e redstore_internal.bpchar_2, f redstore_internal.varchar_5, g redstore_internal.super, h redstore_internal.varbyte_8, i numeric(18,0), j numeric(38,10))',
        },
      ],
      domains: [
        'varchar_10',
        'varchar_65535',
        'varchar_256',
        'varchar_256',
        'bpchar_2',
        'varchar_5',
        'super',
        'varbyte_8',
      ],
    })
    expect(() => pg('CREATE TABLE t (a DECIMAL(39,2))')).toThrow(
      'ERROR: NUMERIC precision 39 must be between 1 and 38',
    )
    expect(() => pg('CREATE TABLE t (a CHAR(4097))')).toThrow(
      'ERROR: length for type char cannot exceed 4096',
    )
  })

  it('maps casts to Redshift types without domains', () => {
    expect(
      pg("SELECT x::VARCHAR(MAX), CAST(y AS SUPER), z::varbyte, CAST(w AS CHAR(3)), '1'::text"),
    ).toBe("SELECT x::varchar(65535), CAST(y AS jsonb), z::bytea, CAST(w AS char(3)), '1'::varchar")
  })

  it('keeps PRIMARY KEY as an unenforced exclusion constraint (key columns NOT NULL), drops UNIQUE and REFERENCES', () => {
    expect(
      pg(
        'CREATE TABLE t (id INT, b INT UNIQUE REFERENCES o (id), c INT, PRIMARY KEY (c, id), CONSTRAINT u UNIQUE (b))',
      ),
    ).toBe(
      'CREATE TABLE t (id INT NOT NULL, b INT, c INT NOT NULL, CONSTRAINT "t_pkey" EXCLUDE USING btree ("c" WITH =, "id" WITH =) WHERE (false) )',
    )
    expect(pg('CREATE TABLE s.t (id INT PRIMARY KEY, b INT)')).toBe(
      'CREATE TABLE s.t (id INT NOT NULL, b INT, CONSTRAINT "t_pkey" EXCLUDE USING btree ("id" WITH =) WHERE (false) )',
    )
  })

  it('drops distribution, sort, encoding and backup attributes', () => {
    expect(
      pg(
        'CREATE TABLE t (id INT ENCODE az64 DISTKEY SORTKEY) DISTSTYLE KEY DISTKEY(id) INTERLEAVED SORTKEY(id) BACKUP YES',
      ),
    ).toBe('CREATE TABLE t (id INT)')
    expect(pg('CREATE TABLE t DISTSTYLE ALL AS SELECT 1 AS one')).toBe(
      'CREATE TABLE t AS SELECT 1 AS one',
    )
  })

  it('maps GETDATE(), SYSDATE and the JSON and hex functions', () => {
    expect(
      pg(
        "SELECT GETDATE(), SYSDATE, t.sysdate, JSON_PARSE('{}'), TO_HEX(FROM_HEX('0a')), NVL(a, 1), LEN(b)",
      ),
    ).toBe(
      "SELECT redstore_internal.getdate(), redstore_internal.sysdate(), t.sysdate, redstore_internal.json_parse('{}'), redstore_internal.to_hex(redstore_internal.from_hex('0a')), coalesce(a, 1), length(b)",
    )
  })

  it('makes CREATE TEMP TABLE native on a server and a session-schema table on PGlite', () => {
    expect(pg('CREATE TEMP TABLE s (LIKE public.t)')).toBe('CREATE TEMP TABLE s (LIKE public.t)')
    expect(pg('CREATE TABLE #s (LIKE t)')).toBe('CREATE TEMP TABLE "s" (LIKE t)')
    expect(
      plan('CREATE TEMPORARY TABLE s (LIKE t)', { tempSchema: 'redstore_session_5' }),
    ).toMatchObject({
      steps: [{ sql: 'CREATE TABLE "redstore_session_5".s (LIKE t)' }],
      createsTemp: true,
    })
    expect(pg('CREATE TABLE p (id int)', { tempSchema: 'redstore_session_5' })).toBe(
      `CREATE TABLE ${DEFAULT_SCHEMA_SLOT}.p (id int)`,
    )
  })

  it('turns MERGE ... REMOVE DUPLICATES into a match check, a delete and an insert', () => {
    expect(plan('MERGE INTO public.t USING s AS src ON t.id = src.id REMOVE DUPLICATES')).toEqual({
      kind: 'sql',
      steps: [
        {
          sql: 'SELECT 1 FROM public . t JOIN s AS src ON t . id = src . id GROUP BY t.ctid HAVING count(*) > 1 LIMIT 1',
          failIfRows: 'ERROR: Found multiple matches to update the same tuple.',
        },
        { sql: 'DELETE FROM public . t USING s AS src WHERE t . id = src . id' },
        { sql: 'INSERT INTO public . t SELECT * FROM s AS src' },
      ],
      domains: [],
      writes: ['public . t'],
      createsTemp: false,
    })
  })

  it('enforces one ALTER TABLE action and plans VARCHAR widening', () => {
    expect(() => pg('ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int')).toThrow(
      'ERROR: syntax error at or near ","',
    )
    expect(pg('ALTER TABLE t ADD COLUMN a VARCHAR(3) ENCODE zstd DEFAULT GETDATE()')).toBe(
      'ALTER TABLE t ADD COLUMN a redstore_internal.varchar_3 DEFAULT redstore_internal.getdate()',
    )
    expect(plan('ALTER TABLE s."T" ALTER COLUMN "V" TYPE VARCHAR(20)')).toEqual({
      kind: 'alterColumnType',
      table: 's . "t"',
      schemaName: 's',
      tableName: 't',
      column: 'v',
      length: 20,
    })
    expect(plan('ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id)')).toMatchObject({ steps: [] })
  })

  it('recognises transaction control and emulated settings', () => {
    expect(plan('BEGIN TRANSACTION').kind).toBe('begin')
    expect(plan('END').kind).toBe('commit')
    expect(plan('ABORT').kind).toBe('rollback')
    expect(plan('ROLLBACK TO SAVEPOINT a').kind).toBe('sql')
    expect(plan('SET enable_case_sensitive_identifier = ON')).toEqual({
      kind: 'setting',
      name: 'enable_case_sensitive_identifier',
      value: 'on',
    })
    expect(
      plan('SET search_path TO s, public', { tempSchema: 'redstore_session_2' }),
    ).toMatchObject({
      steps: [{ sql: 'SET search_path TO "redstore_session_2", s , public' }],
    })
  })

  it('never fails on any input with anything but a RedshiftSqlError', () => {
    const pieces = [
      'CREATE',
      'TEMP',
      'TABLE',
      'ALTER',
      'ADD',
      'COLUMN',
      'MERGE',
      'INTO',
      'USING',
      'ON',
      'REMOVE',
      'DUPLICATES',
      'SET',
      'RESET',
      'SHOW',
      'TYPE',
      'VARCHAR',
      'CHAR',
      '(',
      ')',
      ',',
      ';',
      '.',
      '::',
      'AS',
      'CAST',
      'SUPER',
      'MAX',
      '10',
      '"Q"',
      "'s'",
      ':p',
      '#t',
      'PRIMARY',
      'KEY',
      'IDENTITY',
      'GENERATED',
      'DISTKEY',
      'SORTKEY',
      'ENCODE',
      'LIKE',
      'x',
      'TRUNCATE',
      'information_schema',
      'GETDATE',
      'SYSDATE',
      'NOT',
      'NULL',
      'IF',
      'EXISTS',
      'REFERENCES',
      'WHEN',
      'MATCHED',
      'THEN',
      'UPDATE',
      'DELETE',
      'INSERT',
      'VALUES',
      'WITH',
      'CASE',
      'END',
      'WHERE',
      'FROM',
      '=',
    ]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (words) => {
        const sql = words.join(' ')
        try {
          for (const tokens of splitStatements(tokenize(sql))) {
            translateStatement(tokens, {
              caseSensitive: false,
              tempSchema: 'redstore_session_1',
              parameters: new Map([['p', 'v']]),
              database: 'dev',
            })
          }
        } catch (error) {
          expect(error, sql).toBeInstanceOf(RedshiftSqlError)
        }
      }),
      { numRuns: 3000 },
    )
  })
})
