import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import {
  type Engine,
  type EngineSession,
  RedshiftSqlError,
  type StatementResult,
} from '../../src/engine/Engine.js'

let engine: Engine

beforeAll(async () => {
  engine = await createEngine('pglite', { databases: ['dev'] })
  // Start the database's PGlite instance before the first test.
  await (await engine.openSession({ database: 'dev', user: 'admin' })).close()
}, 60_000)

afterAll(async () => {
  await engine?.close()
})

const values = (result: StatementResult): unknown[][] =>
  result.rows.map((row) => row.map((cell) => (cell.kind === 'null' ? null : cell.value)))

const open = (user = 'admin'): Promise<EngineSession> =>
  engine.openSession({ database: 'dev', user })

describe('sessions on PGlite', () => {
  it('keeps temp tables visible only inside their own session', async () => {
    const a = await open('IAM:alice')
    const b = await open('IAM:bob')
    try {
      await a.run('CREATE TEMP TABLE stage (id int)')
      await a.run('CREATE TABLE #hashed (id int)')
      await a.run('INSERT INTO stage VALUES (1), (2)')
      await b.run('CREATE TEMPORARY TABLE stage (id int, extra text)')
      await b.run("INSERT INTO stage VALUES (9, 'b')")
      expect(values(await a.run('SELECT id FROM stage ORDER BY id'))).toEqual([[1n], [2n]])
      expect(values(await b.run('SELECT id, extra FROM stage'))).toEqual([[9n, 'b']])
      await expect(b.run('SELECT * FROM hashed')).rejects.toThrow(
        'ERROR: relation "hashed" does not exist',
      )
      expect(values(await a.run('SELECT count(*) FROM hashed'))).toEqual([[0n]])
      expect(await engine.listSchemas('dev')).toEqual([
        'information_schema',
        'pg_catalog',
        'public',
      ])
      expect(await engine.listTables('dev', { tablePattern: 'stage' })).toEqual([])
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('keeps many concurrent sessions apart: temp tables, users and transactions', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => open(i % 2 === 0 ? `IAM:user${i}` : `IAMR:role${i}`)),
    )
    try {
      await sessions[0]?.run('CREATE TABLE shared_log (who varchar(64), n int)')
      await Promise.all(
        sessions.map(async (session, i) => {
          await session.run('CREATE TEMP TABLE mine (n int)')
          for (let n = 0; n < 5; n++) {
            if (n % 2 === 0) {
              await session.begin()
              await session.run(`INSERT INTO mine VALUES (${n})`)
              await session.run(`INSERT INTO shared_log VALUES (current_user, ${n})`)
              await session.commit()
            } else {
              await session.run(`INSERT INTO mine VALUES (${n})`)
              await session.run(`INSERT INTO shared_log VALUES (current_user, ${n})`)
            }
          }
          const own = await session.run('SELECT current_user, count(*), sum(n) FROM mine')
          expect(values(own)).toEqual([[i % 2 === 0 ? `IAM:user${i}` : `IAMR:role${i}`, 5n, 10n]])
        }),
      )
      const log = await sessions[0]?.run('SELECT count(DISTINCT who), count(*) FROM shared_log')
      expect(values(log as StatementResult)).toEqual([[8n, 40n]])
    } finally {
      await Promise.all(sessions.map((session) => session.close()))
    }
  })

  it('stays usable after any statement fails, in or out of a transaction block', async () => {
    const a = await open()
    const b = await open()
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
      'SELECT',
      'INSERT',
      'VALUES',
      'TRUNCATE',
      'fz',
      'fz2',
      '(',
      ')',
      ',',
      'int',
      'VARCHAR(2)',
      "'é'",
      '1',
      'BEGIN',
      'COMMIT',
      'ROLLBACK',
      'SET',
      'search_path',
      'TO',
      'RESET',
      'ALL',
    ]
    try {
      await a.run('CREATE TABLE fz (a int)')
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom(...pieces), { maxLength: 8 }),
          fc.boolean(),
          async (words, inBlock) => {
            if (inBlock) await a.begin()
            await a.run(words.join(' ')).catch((error: unknown) => {
              expect(error).toBeInstanceOf(RedshiftSqlError)
            })
            await a.rollback()
            await a.run('RESET ALL')
            expect(values(await a.run('SELECT 1'))).toEqual([[1n]])
            expect(values(await b.run('SELECT current_user'))).toEqual([['admin']])
          },
        ),
        { numRuns: 150 },
      )
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('shadows a permanent table with a temp one and still creates permanent tables in public', async () => {
    const a = await open()
    const b = await open()
    try {
      await a.run('CREATE TABLE shadowed (v text)')
      await a.run("INSERT INTO shadowed VALUES ('permanent')")
      await a.run('CREATE TEMP TABLE shadowed (v text)')
      await a.run("INSERT INTO shadowed VALUES ('temp')")
      await a.run('CREATE TABLE made_while_temp_exists (id int)')
      expect(values(await a.run('SELECT v FROM shadowed'))).toEqual([['temp']])
      expect(values(await b.run('SELECT v FROM shadowed'))).toEqual([['permanent']])
      const tables = await engine.listTables('dev', { tablePattern: 'made_while%' })
      expect(tables).toEqual([{ schema: 'public', name: 'made_while_temp_exists', type: 'TABLE' }])
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('drops a session temp tables when it closes', async () => {
    const a = await open()
    await a.run('CREATE TEMP TABLE gone (id int)')
    await a.close()
    const b = await open()
    try {
      const raw = await b.run("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'gone'")
      expect(values(raw)).toEqual([[0n]])
      await expect(a.run('SELECT 1')).rejects.toThrow(/closed/)
    } finally {
      await b.close()
    }
  })

  it('keeps each session settings and search_path its own', async () => {
    const a = await open()
    const b = await open()
    try {
      await a.run('CREATE SCHEMA IF NOT EXISTS sales')
      await a.run('CREATE TABLE sales.orders (id int)')
      await a.run('SET search_path TO sales, public')
      await a.run("SET datestyle TO 'SQL, DMY'")
      expect(values(await a.run('SELECT count(*) FROM orders'))).toEqual([[0n]])
      await expect(b.run('SELECT count(*) FROM orders')).rejects.toThrow(/does not exist/)
      expect(values(await b.run('SHOW datestyle'))).toEqual([['ISO, MDY']])
      expect(values(await a.run('SHOW datestyle'))).toEqual([['SQL, DMY']])
      await a.run('CREATE TEMP TABLE still_works (id int)')
      expect(values(await a.run('SELECT count(*) FROM still_works'))).toEqual([[0n]])
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('runs BEGIN/COMMIT/ROLLBACK sent as SQL as transaction blocks', async () => {
    const a = await open()
    try {
      await a.run('CREATE TABLE via_sql (id int)')
      await a.run('BEGIN')
      await a.run('INSERT INTO via_sql VALUES (1)')
      await a.run('ROLLBACK')
      await a.run('START TRANSACTION; INSERT INTO via_sql VALUES (2); COMMIT')
      expect(values(await a.run('SELECT id FROM via_sql'))).toEqual([[2n]])
    } finally {
      await a.close()
    }
  })

  it('cancels a statement waiting for PGlite behind another session transaction', async () => {
    const holder = await open()
    const waiter = await open()
    try {
      await holder.run('CREATE TABLE queued (id int)')
      await holder.begin()
      await holder.run('INSERT INTO queued VALUES (1)')
      const controller = new AbortController()
      const waiting = waiter.run('INSERT INTO queued VALUES (2)', { signal: controller.signal })
      controller.abort()
      await expect(waiting).rejects.toThrow(
        `ERROR: Query (${waiter.pid}) cancelled on user's request`,
      )
      await holder.commit()
      expect(values(await waiter.run('SELECT id FROM queued'))).toEqual([[1n]])
    } finally {
      await holder.close()
      await waiter.close()
    }
  })

  it('stops on an aborted signal and rolls the statement back', async () => {
    const a = await open()
    try {
      await a.run('CREATE TABLE cancelled (id int)')
      const controller = new AbortController()
      controller.abort()
      await expect(
        a.run('INSERT INTO cancelled VALUES (1)', { signal: controller.signal }),
      ).rejects.toThrow(`ERROR: Query (${a.pid}) cancelled on user's request`)
      const late = new AbortController()
      const running = a.run('INSERT INTO cancelled SELECT g FROM generate_series(1, 200000) AS g', {
        signal: late.signal,
      })
      late.abort()
      await expect(running).rejects.toThrow(/cancelled on user's request/)
      expect(values(await a.run('SELECT count(*) FROM cancelled'))).toEqual([[0n]])
      await a.begin()
      await a.run('INSERT INTO cancelled VALUES (1)')
      const inBlock = new AbortController()
      const blocked = a.run('INSERT INTO cancelled VALUES (2)', { signal: inBlock.signal })
      inBlock.abort()
      await expect(blocked).rejects.toThrow(/cancelled/)
      await expect(a.run('INSERT INTO cancelled VALUES (3)')).rejects.toThrow(
        /current transaction is aborted/,
      )
      await a.commit()
      expect(values(await a.run('SELECT count(*) FROM cancelled'))).toEqual([[0n]])
    } finally {
      await a.close()
    }
  })
})

describe('closing a PGlite engine', () => {
  it('closes its open sessions, rolling back their transactions', async () => {
    const own = await createEngine('pglite', { databases: ['dev'] })
    const a = await own.openSession({ database: 'dev', user: 'admin' })
    await a.run('CREATE TABLE closing (id int)')
    await a.begin()
    await a.run('INSERT INTO closing VALUES (1)')
    await own.close()
    await expect(a.run('SELECT 1')).rejects.toThrow(/closed/)
    await expect(own.openSession({ database: 'dev', user: 'admin' })).rejects.toThrow(
      'ERROR: the engine is closed',
    )
  }, 60_000)
})

describe('PGlite with a data directory', () => {
  it('keeps tables and rows across engine restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redstore-engine-'))
    try {
      const first = await createEngine({ pgliteDataDir: dir }, { databases: ['dev'] })
      const writer = await first.openSession({ database: 'dev', user: 'admin' })
      await writer.run('CREATE TABLE kept (id int, v varchar(3))')
      await writer.run("INSERT INTO kept VALUES (1, 'abc')")
      const reusedSchema = `redstore_session_${writer.pid}`
      await writer.close()
      // What a crash leaves behind: a session schema with a temp table nobody dropped.
      const other = await first.openSession({ database: 'dev', user: 'admin' })
      await other.run(`CREATE SCHEMA "${reusedSchema}"`)
      await other.run(`CREATE TABLE "${reusedSchema}".left_behind (id int)`)
      await first.close()
      const second = await createEngine({ pgliteDataDir: dir }, { databases: ['dev'] })
      const reader = await second.openSession({ database: 'dev', user: 'IAM:alice' })
      try {
        expect(values(await reader.run('SELECT id, v FROM kept'))).toEqual([[1n, 'abc']])
        expect(`redstore_session_${reader.pid}`).toBe(reusedSchema)
        await expect(reader.run('SELECT * FROM left_behind')).rejects.toThrow(/does not exist/)
        await expect(reader.run("INSERT INTO kept VALUES (2, 'abcd')")).rejects.toThrow(
          'ERROR: value too long for type character varying(3)',
        )
      } finally {
        await reader.close()
        await second.close()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
