import { type PostgresServer, startPostgresServer } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine, EngineSession, StatementResult } from '../../src/engine/Engine.js'

let server: PostgresServer
let engine: Engine

beforeAll(async () => {
  server = await startPostgresServer()
  engine = await createEngine({ postgresUrl: server.url }, { databases: ['dev', 'analytics'] })
}, 120_000)

afterAll(async () => {
  await engine?.close()
  await server?.stop()
})

const values = (result: StatementResult): unknown[][] =>
  result.rows.map((row) => row.map((cell) => (cell.kind === 'null' ? null : cell.value)))

const withSessions = async (
  count: number,
  user: string,
  fn: (sessions: EngineSession[]) => Promise<void>,
): Promise<void> => {
  const sessions: EngineSession[] = []
  try {
    for (let i = 0; i < count; i++) {
      sessions.push(await engine.openSession({ database: 'dev', user }))
    }
    await fn(sessions)
  } finally {
    for (const session of sessions) await session.close()
  }
}

describe('createEngine on a PostgreSQL server', () => {
  it('creates every configured database and runs Redshift dialect there', async () => {
    expect(await engine.listDatabases()).toEqual(['dev', 'analytics'])
    await withSessions(1, 'admin', async ([s]) => {
      const session = s as EngineSession
      expect(values(await session.run('SELECT current_database(), current_user'))).toEqual([
        ['dev', 'admin'],
      ])
      await session.run('CREATE TABLE "Server" (id int PRIMARY KEY, v VARCHAR(2), doc SUPER)')
      await session.run(
        `INSERT INTO server VALUES (1, 'é', JSON_PARSE('[1, {"a": 2}]')), (1, 'ab', NULL)`,
      )
      await expect(session.run("INSERT INTO server VALUES (2, 'éa', NULL)")).rejects.toThrow(
        'ERROR: value too long for type character varying(2)',
      )
      expect(
        values(await session.run('SELECT count(*), max(JSON_SERIALIZE(doc)) FROM server')),
      ).toEqual([[2n, '[1,{"a":2}]']])
    })
    const analytics = await engine.openSession({ database: 'analytics', user: 'IAM:alice' })
    try {
      expect(values(await analytics.run('SELECT current_database(), current_user'))).toEqual([
        ['analytics', 'IAM:alice'],
      ])
    } finally {
      await analytics.close()
    }
  })

  it('keeps native temp tables inside their own session', async () => {
    await withSessions(2, 'IAM:bob', async ([a, b]) => {
      const first = a as EngineSession
      const second = b as EngineSession
      expect(first.pid).not.toBe(second.pid)
      expect(values(await second.run('SELECT pg_backend_pid()'))).toEqual([[BigInt(second.pid)]])
      await first.run('CREATE TEMP TABLE scratch (id int)')
      await first.run('CREATE TABLE #hash_scratch (id int)')
      await first.run('INSERT INTO scratch VALUES (1)')
      expect(values(await first.run('SELECT count(*) FROM scratch'))).toEqual([[1n]])
      await expect(second.run('SELECT * FROM scratch')).rejects.toThrow(
        'ERROR: relation "scratch" does not exist',
      )
      await expect(second.run('SELECT * FROM hash_scratch')).rejects.toThrow(/does not exist/)
      const schemas = await engine.listSchemas('dev')
      expect(schemas.some((s) => s.startsWith('pg_temp') || s.startsWith('redstore'))).toBe(false)
    })
  })

  it('reports a serializable conflict between two sessions as Redshift error 1023', async () => {
    await withSessions(2, 'admin', async ([a, b]) => {
      const first = a as EngineSession
      const second = b as EngineSession
      await first.run('CREATE TABLE ledger_1023 (k int, n int)')
      await first.run('INSERT INTO ledger_1023 VALUES (1, 0), (2, 0)')
      await first.begin()
      await second.begin()
      await first.run('SELECT sum(n) FROM ledger_1023 WHERE k = 2')
      await second.run('SELECT sum(n) FROM ledger_1023 WHERE k = 1')
      await first.run('UPDATE ledger_1023 SET n = n + 1 WHERE k = 1')
      await second.run('UPDATE ledger_1023 SET n = n + 1 WHERE k = 2')
      await first.commit()
      const failure = await second.commit().then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(failure).toMatchObject({ sqlState: '40001' })
      expect((failure as Error).message).toMatch(
        /^ERROR: 1023 DETAIL: Serializable isolation violation on table - ledger_1023/,
      )
    })
  })

  it('cancels a running statement through its signal', async () => {
    await withSessions(1, 'admin', async ([s]) => {
      const session = s as EngineSession
      const controller = new AbortController()
      const running = session.run('SELECT pg_sleep(30)', { signal: controller.signal })
      setTimeout(() => controller.abort(), 200)
      await expect(running).rejects.toThrow(
        `ERROR: Query (${session.pid}) cancelled on user's request`,
      )
      expect(values(await session.run('SELECT 1'))).toEqual([[1n]])
    })
  })
})
