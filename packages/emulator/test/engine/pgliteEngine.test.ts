import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import { type Engine, type EngineSession, RedshiftSqlError } from '../../src/engine/Engine.js'

let engine: Engine
let session: EngineSession

beforeAll(async () => {
  engine = await createEngine('pglite', { databases: ['dev', 'other'] })
  session = await engine.openSession({ database: 'dev', user: 'admin' })
}, 60_000)

afterAll(async () => {
  await session?.close()
  await engine?.close()
})

describe('createEngine on PGlite', () => {
  it('maps result columns and cells to the Data API Field union', async () => {
    const result = await session.run(
      "SELECT 1::int4 AS i, 9007199254740993::int8 AS big, 1.5::float8 AS d, true AS b, 'x'::varchar(5) AS s, 12.50::numeric(10,2) AS n, NULL::int AS z, DATE '2024-02-29' AS dt",
    )
    expect(result.hasResultSet).toBe(true)
    expect(result.columns.map((c) => c.typeName)).toEqual([
      'int4',
      'int8',
      'float8',
      'bool',
      'varchar',
      'numeric',
      'int4',
      'date',
    ])
    expect(result.rows).toEqual([
      [
        { kind: 'long', value: 1n },
        { kind: 'long', value: 9007199254740993n },
        { kind: 'double', value: 1.5 },
        { kind: 'boolean', value: true },
        { kind: 'string', value: 'x' },
        { kind: 'string', value: '12.50' },
        { kind: 'null' },
        { kind: 'string', value: '2024-02-29' },
      ],
    ])
    expect(result.rowCount).toBe(1)
  })

  it('reports rows affected by DML and none for DDL', async () => {
    const ddl = await session.run('CREATE TABLE counts (a int)')
    expect(ddl).toEqual({ hasResultSet: false, columns: [], rows: [], rowCount: 0 })
    const insert = await session.run('INSERT INTO counts VALUES (1), (2), (3)')
    expect(insert.rowCount).toBe(3)
    expect(insert.hasResultSet).toBe(false)
    const update = await session.run('UPDATE counts SET a = a + 1 WHERE a > 1')
    expect(update.rowCount).toBe(2)
  })

  it('makes the session user the SQL current_user', async () => {
    const alice = await engine.openSession({ database: 'dev', user: 'IAM:alice' })
    const role = await engine.openSession({ database: 'dev', user: 'IAMR:loader' })
    try {
      const a = await alice.run('SELECT current_user, session_user')
      const r = await role.run('SELECT current_user')
      expect(a.rows[0]).toEqual([
        { kind: 'string', value: 'IAM:alice' },
        { kind: 'string', value: 'IAM:alice' },
      ])
      expect(r.rows[0]).toEqual([{ kind: 'string', value: 'IAMR:loader' }])
      expect(new Set([alice.pid, role.pid, session.pid]).size).toBe(3)
      expect((await alice.run('SELECT pg_backend_pid()')).rows[0]).toEqual([
        { kind: 'long', value: BigInt(alice.pid) },
      ])
    } finally {
      await alice.close()
      await role.close()
    }
  })

  it('commits a transaction block whole and rolls one back whole', async () => {
    await session.run('CREATE TABLE ledger (id int)')
    await session.begin()
    await session.run('INSERT INTO ledger VALUES (1)')
    await session.run('INSERT INTO ledger VALUES (2)')
    await session.rollback()
    expect((await session.run('SELECT count(*) FROM ledger')).rows[0]).toEqual([
      { kind: 'long', value: 0n },
    ])
    await session.begin()
    await session.run('INSERT INTO ledger VALUES (1)')
    await session.run('INSERT INTO ledger VALUES (2)')
    await session.commit()
    expect((await session.run('SELECT count(*) FROM ledger')).rows[0]).toEqual([
      { kind: 'long', value: 2n },
    ])
  })

  it('fails a transaction as a whole when one statement fails', async () => {
    await session.run('CREATE TABLE atomic (id int NOT NULL)')
    await session.begin()
    await session.run('INSERT INTO atomic VALUES (1)')
    await expect(session.run('INSERT INTO atomic VALUES (NULL)')).rejects.toThrow(
      /ERROR: null value in column "id"/,
    )
    await expect(session.run('INSERT INTO atomic VALUES (2)')).rejects.toThrow(
      /current transaction is aborted/,
    )
    await session.commit()
    expect((await session.run('SELECT count(*) FROM atomic')).rows[0]).toEqual([
      { kind: 'long', value: 0n },
    ])
  })

  it('aborts a transaction block on an error the engine raises itself', async () => {
    await session.run('CREATE TABLE engine_errors (id int)')
    await session.begin()
    await session.run('INSERT INTO engine_errors VALUES (1)')
    await expect(session.run("SELECT 'unterminated")).rejects.toThrow(/unterminated quoted string/)
    await expect(session.run('INSERT INTO engine_errors VALUES (2)')).rejects.toThrow(
      'ERROR: current transaction is aborted, commands ignored until end of transaction block',
    )
    await session.commit()
    expect((await session.run('SELECT count(*) FROM engine_errors')).rows[0]).toEqual([
      { kind: 'long', value: 0n },
    ])
    await session.run('INSERT INTO engine_errors VALUES (3)')
    expect((await session.run('SELECT count(*) FROM engine_errors')).rows[0]).toEqual([
      { kind: 'long', value: 1n },
    ])
  })

  it('holds PGlite for an open transaction so no other session interleaves', async () => {
    await session.run('CREATE TABLE exclusive (who text, n int)')
    const other = await engine.openSession({ database: 'dev', user: 'bob' })
    try {
      await session.begin()
      await session.run("INSERT INTO exclusive VALUES ('a', 1)")
      const otherInsert = other.run("INSERT INTO exclusive VALUES ('b', 2)")
      await session.run("INSERT INTO exclusive VALUES ('a', 3)")
      await session.rollback()
      await otherInsert
      const rows = await session.run('SELECT who, n FROM exclusive ORDER BY n')
      expect(rows.rows).toEqual([
        [
          { kind: 'string', value: 'b' },
          { kind: 'long', value: 2n },
        ],
      ])
    } finally {
      await other.close()
    }
  })

  it('words database errors as Redshift does', async () => {
    const failure = await session.run('SELECT * FROM no_such_table').catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(RedshiftSqlError)
    expect((failure as RedshiftSqlError).message).toBe(
      'ERROR: relation "no_such_table" does not exist',
    )
    expect((failure as RedshiftSqlError).sqlState).toBe('42P01')
  })

  it('serves every configured database and refuses others', async () => {
    expect(await engine.listDatabases()).toEqual(['dev', 'other'])
    const other = await engine.openSession({ database: 'other', user: 'admin' })
    try {
      expect((await other.run('SELECT current_database()')).rows[0]).toEqual([
        { kind: 'string', value: 'other' },
      ])
      await other.run('CREATE TABLE only_in_other (a int)')
      await expect(session.run('SELECT * FROM only_in_other')).rejects.toThrow(/does not exist/)
    } finally {
      await other.close()
    }
    await expect(engine.openSession({ database: 'nope', user: 'admin' })).rejects.toThrow(
      'ERROR: database "nope" does not exist',
    )
  }, 60_000)
})
