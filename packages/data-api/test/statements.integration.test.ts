import { ListSessionsCommand } from '@aws-sdk/client-redshift-data'
import { type Emulator, startEmulator } from '@redstore/emulator'
import { dataApiClient } from '@redstore/test-support'
import { Effect, Stream } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataApi } from '../src/DataApi.js'
import { isDataApiError } from '../src/DataApiError.js'
import { createDataApiClient } from '../src/promise.js'
import { configFor, layerFor, rows, run, runFailure } from './support/emulator.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ limits: { resultPageRows: 100 } })
}, 60_000)
afterAll(() => emulator?.stop())

const targets = [
  ['workgroup', {}],
  ['cluster', { workgroupName: undefined, clusterIdentifier: 'redstore-cluster' }],
] as const

describe.each(targets)('on a %s', (kind, target) => {
  const layer = () => layerFor(emulator, target)
  const table = `public.items_${kind}`

  it('execute, a TRANSACTION batch and query round-trip typed values', async () => {
    const result = await run(
      layer(),
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute(
          `CREATE TABLE ${table} (id BIGINT, name VARCHAR(64), price DECIMAL(12,2), ok BOOLEAN, doc SUPER, at TIMESTAMP)`,
        )
        const batch = yield* api.batch(
          [
            `INSERT INTO ${table} VALUES (1, 'a', 1.50, true, JSON_PARSE('{"k":[1,2]}'), '2024-01-02 03:04:05')`,
            `INSERT INTO ${table} VALUES (9007199254740993, NULL, 1234567890.99, false, NULL, NULL)`,
          ],
          { mode: 'TRANSACTION' },
        )
        const got = yield* rows(`SELECT id, name, price, ok, doc, at FROM ${table} ORDER BY id`)
        return { batch, got }
      }),
    )
    expect(result.batch.statementId).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.got).toEqual([
      { id: 1, name: 'a', price: '1.50', ok: true, doc: { k: [1, 2] }, at: '2024-01-02 03:04:05' },
      { id: 9007199254740993n, name: null, price: '1234567890.99', ok: false, doc: null, at: null },
    ])
  })

  it('parameters carry hostile strings verbatim', async () => {
    const hostile = ["O'Brien", 'back\\slash\\', "'); DROP TABLE x; --", 'emoji 🎉 and "quotes"']
    const got = await run(
      layer(),
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute(`CREATE TABLE ${table}_p (v VARCHAR(200))`)
        for (const v of hostile) {
          yield* api.execute(`INSERT INTO ${table}_p VALUES (:v)`, { parameters: { v } })
        }
        return yield* Stream.runCollect(
          api.query(`SELECT v FROM ${table}_p WHERE v <> :none ORDER BY v`, {
            parameters: { none: '-' },
          }),
        )
      }),
    )
    expect(got.map((r) => r.v)).toEqual([...hostile].sort())
  })

  it('a failing TRANSACTION batch applies nothing and names the failing statement', async () => {
    const error = await runFailure(
      layer(),
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute(`CREATE TABLE ${table}_tx (id INT)`)
        return yield* api.batch(
          [`INSERT INTO ${table}_tx VALUES (1)`, `INSERT INTO ${table}_tx VALUES ('not a number')`],
          { mode: 'TRANSACTION' },
        )
      }),
    )
    expect(error.reason._tag).toBe('StatementFailed')
    if (error.reason._tag === 'StatementFailed') {
      expect(error.reason.subStatementIndex).toBe(2)
      expect(error.reason.sqlExcerpt).toContain("'not a number'")
      expect(error.reason.databaseMessage).toMatch(/invalid input syntax/i)
      expect(error.reason.statementId).toMatch(/^[0-9a-f-]{36}/)
    }
    expect(error.isRetryable).toBe(false)
    const count = await run(layer(), rows(`SELECT COUNT(*) AS n FROM ${table}_tx`))
    expect(count).toEqual([{ n: 0 }])
  })

  it('AUTO_COMMIT keeps what ran before the failure', async () => {
    const error = await runFailure(
      layer(),
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute(`CREATE TABLE ${table}_ac (id INT)`)
        return yield* api.batch(
          [`INSERT INTO ${table}_ac VALUES (1)`, `INSERT INTO ${table}_missing VALUES (2)`],
          { mode: 'AUTO_COMMIT' },
        )
      }),
    )
    expect(error.reason._tag).toBe('StatementFailed')
    const count = await run(layer(), rows(`SELECT COUNT(*) AS n FROM ${table}_ac`))
    expect(count).toEqual([{ n: 1 }])
  })
})

describe('results', () => {
  it('a large result is paged through NextToken in order', async () => {
    const layer = layerFor(emulator)
    const { got, stats } = await run(
      layer,
      Effect.gen(function* () {
        const api = yield* DataApi
        yield* api.execute('CREATE TABLE public.big (n INT, pad VARCHAR(100))')
        yield* api.execute(
          "INSERT INTO public.big SELECT g, REPEAT('x', 50) FROM generate_series(1, 1050) AS g",
        )
        const got = yield* Stream.runCollect(api.query('SELECT n FROM public.big ORDER BY n'))
        return { got, stats: yield* api.stats }
      }),
    )
    expect(got.length).toBe(1050)
    expect(got.map((r) => r.n)).toEqual(Array.from({ length: 1050 }, (_, i) => i + 1))
    // 1050 rows at 100 per page: 11 pages.
    expect(stats.apiCallsByOperation.GetStatementResult).toBe(11)
  })

  it('a statement without a result set streams nothing', async () => {
    const got = await run(
      layerFor(emulator),
      Effect.flatMap(DataApi, (api) =>
        Stream.runCollect(api.query('CREATE TABLE public.empty (a INT)')),
      ),
    )
    expect(got).toEqual([])
  })
})

describe('sessions', () => {
  it('temp tables live in their session and the session ends with its scope', async () => {
    const layer = layerFor(emulator)
    const { inside, sessionId } = await run(
      layer,
      Effect.scoped(
        Effect.gen(function* () {
          const api = yield* DataApi
          const session = yield* api.session({ keepAliveSeconds: 120 })
          yield* session.execute('CREATE TEMP TABLE staging (id INT)')
          yield* session.batch(
            ['INSERT INTO staging VALUES (1)', 'INSERT INTO staging VALUES (2)'],
            {
              mode: 'TRANSACTION',
            },
          )
          const inside = yield* Stream.runCollect(
            session.query('SELECT id FROM staging ORDER BY id'),
          )
          return { inside, sessionId: yield* session.sessionId }
        }),
      ),
    )
    expect(inside).toEqual([{ id: 1 }, { id: 2 }])
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)
    // Outside the session the temp table does not exist.
    const outside = await runFailure(layer, rows('SELECT id FROM staging'))
    expect(outside.reason._tag).toBe('StatementFailed')
    // The scope shortened the keep-alive to 1 s: the service closes the session soon after.
    const client = dataApiClient(emulator)
    try {
      let status: string | undefined
      for (let i = 0; i < 40 && status !== 'CLOSED'; i++) {
        await new Promise((r) => setTimeout(r, 100))
        const listed = await client.send(new ListSessionsCommand({ SessionId: sessionId }))
        status = listed.Sessions?.[0]?.Status ?? 'CLOSED'
      }
      expect(status).toBe('CLOSED')
    } finally {
      client.destroy()
    }
  })

  it('a session stays usable after its first statement failed', async () => {
    const { got, ids } = await run(
      layerFor(emulator),
      Effect.scoped(
        Effect.gen(function* () {
          const api = yield* DataApi
          const session = yield* api.session()
          const error = yield* session
            .execute('SELECT * FROM no_such_table')
            .pipe(Effect.flip, Effect.orDie)
          const opened = yield* session.sessionId
          yield* session.execute('CREATE TEMP TABLE after_error (a INT)')
          yield* session.execute('INSERT INTO after_error VALUES (7)')
          const got = yield* Stream.runCollect(session.query('SELECT a FROM after_error'))
          return { got, ids: [error.reason._tag, opened === (yield* session.sessionId)] }
        }),
      ),
    )
    expect(got).toEqual([{ a: 7 }])
    expect(ids).toEqual(['StatementFailed', true])
  })

  it('statements of one session run one at a time, in order', async () => {
    const got = await run(
      layerFor(emulator),
      Effect.scoped(
        Effect.gen(function* () {
          const api = yield* DataApi
          const session = yield* api.session()
          yield* session.execute('CREATE TEMP TABLE seq (n INT)')
          yield* Effect.forEach(
            Array.from({ length: 8 }, (_, i) => i),
            (i) => session.execute(`INSERT INTO seq VALUES (${i})`),
            { concurrency: 'unbounded' },
          )
          return yield* Stream.runCollect(session.query('SELECT COUNT(*) AS n FROM seq'))
        }),
      ),
    )
    expect(got).toEqual([{ n: 8 }])
  })
})

describe('the Promise facade', () => {
  it('runs sessions, queries and reports typed errors', async () => {
    const client = createDataApiClient(configFor(emulator))
    try {
      const inSession = await client.withSession(async (session) => {
        await session.execute('CREATE TEMP TABLE p (id INT, note VARCHAR(20))')
        await session.batch(["INSERT INTO p VALUES (1, 'x')", 'INSERT INTO p VALUES (2, NULL)'])
        return session.query('SELECT id, note FROM p ORDER BY id')
      })
      expect(inSession).toEqual([
        { id: 1, note: 'x' },
        { id: 2, note: null },
      ])
      const failure = await client.query('SELECT * FROM p').catch((e: unknown) => e)
      expect(isDataApiError(failure)).toBe(true)
      expect(failure).toMatchObject({ reason: { _tag: 'StatementFailed' } })
      await expect(
        client.withSession(() => Promise.reject(new Error('caller failed'))),
      ).rejects.toThrow('caller failed')
      const stats = await client.stats()
      expect(stats.statementsFinished).toBeGreaterThanOrEqual(3)
    } finally {
      await client.close()
    }
  })
})

describe('the catalog', () => {
  it('describeTable reads every column of a table, over pages, and nothing for a missing one', async () => {
    const client = createDataApiClient(configFor(emulator, {}))
    try {
      const columns = Array.from({ length: 1205 }, (_, i) => `c${i} VARCHAR(${i + 1})`)
      await client.execute(`CREATE TABLE public.wide_catalog (${columns.join(', ')})`)
      const described = await client.describeTable({ schema: 'public', table: 'wide_catalog' })
      expect(described.map((c) => c.name)).toEqual(columns.map((_, i) => `c${i}`))
      expect(described[41]).toMatchObject({ typeName: 'varchar', length: 42 })
      expect(await client.describeTable({ schema: 'public', table: 'no_such_table' })).toEqual([])
      const stats = await client.stats()
      expect(stats.apiCallsByOperation['DescribeTable']).toBe(3)
      const tables = await client.listTables({ schemaPattern: 'public', tablePattern: 'wide_%' })
      expect(tables.map((t) => t.name)).toEqual(['wide_catalog'])
    } finally {
      await client.close()
    }
  })
})
