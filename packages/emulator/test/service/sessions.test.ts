import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine } from '../../src/engine/Engine.js'
import { type Harness, serviceErrorOf, serviceOn } from './support/serviceHarness.js'

const target = { WorkgroupName: 'default', Database: 'dev' }
let pglite: Engine
/** Pids of the engine sessions closed, observed through a wrapper of the engine. */
const closed = new Set<number>()
// The engine's first session starts PGlite, which takes seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 })
let engine: Engine

beforeAll(async () => {
  pglite = await createEngine('pglite', { databases: ['dev'] })
  // Start PGlite now, not inside the first test's WaitTimeSeconds.
  await pglite.listSchemas('dev')
  engine = {
    listDatabases: () => pglite.listDatabases(),
    listSchemas: (database, pattern) => pglite.listSchemas(database, pattern),
    listTables: (database, options) => pglite.listTables(database, options),
    describeTable: (database, schema, table) => pglite.describeTable(database, schema, table),
    close: () => pglite.close(),
    async openSession(options) {
      const session = await pglite.openSession(options)
      return {
        pid: session.pid,
        database: session.database,
        user: session.user,
        run: (sql, runOptions) => session.run(sql, runOptions),
        begin: () => session.begin(),
        commit: () => session.commit(),
        rollback: () => session.rollback(),
        close: async () => {
          closed.add(session.pid)
          await session.close()
        },
      }
    },
  }
})

afterAll(async () => {
  await pglite.close()
})

describe('sessions', () => {
  let clock = Date.now()
  let service: Harness

  beforeAll(() => {
    service = serviceOn(engine, { latency: { statementMs: 100 } }, { now: () => clock })
  })

  afterAll(async () => {
    await service.close()
  })

  it('opens a session with SessionKeepAliveSeconds and reuses it with SessionId', async () => {
    const first = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select current_user',
      SessionKeepAliveSeconds: 60,
      WaitTimeSeconds: 10,
    })
    expect(first.SessionId).toMatch(/^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$/)
    const second = await service.call('ExecuteStatement', {
      SessionId: first.SessionId,
      Sql: 'select 2',
      WaitTimeSeconds: 10,
    })
    expect(second.SessionId).toBe(first.SessionId)
    expect(second.WorkgroupName).toBe('default')
    expect(second.RedshiftPid).toBe(first.RedshiftPid)
    const d = await service.call('DescribeStatement', { Id: second.Id })
    expect(d.SessionId).toBe(first.SessionId)
    const listed = await service.call('ListSessions', { SessionId: first.SessionId })
    expect(listed.Sessions).toMatchObject([
      {
        SessionId: first.SessionId,
        Status: 'AVAILABLE',
        SessionAliveSeconds: 60,
        WorkgroupName: 'default',
      },
    ])
  })

  it('keeps temp tables inside their own session', async () => {
    const a = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'create temp table stage_a (n int)',
      SessionKeepAliveSeconds: 60,
      WaitTimeSeconds: 20,
    })
    expect(a.Status).toBe('FINISHED')
    const b = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      SessionKeepAliveSeconds: 60,
      WaitTimeSeconds: 20,
    })
    const inA = await service.call('ExecuteStatement', {
      SessionId: a.SessionId,
      Sql: 'select count(*) from stage_a',
      WaitTimeSeconds: 20,
    })
    expect(inA.Status).toBe('FINISHED')
    const inB = await service.call('ExecuteStatement', {
      SessionId: b.SessionId,
      Sql: 'select count(*) from stage_a',
      WaitTimeSeconds: 20,
    })
    expect(inB.Status).toBe('FAILED')
    const alone = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select count(*) from stage_a',
      WaitTimeSeconds: 20,
    })
    expect(alone.Status).toBe('FAILED')
  })

  it('is free again as soon as its statement is seen done', async () => {
    const first = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 0',
      SessionKeepAliveSeconds: 60,
      WaitTimeSeconds: 20,
    })
    for (let i = 1; i <= 10; i++) {
      const { Id } = await service.call('ExecuteStatement', {
        SessionId: first.SessionId,
        Sql: `select ${i}`,
      })
      const d = await service.call('DescribeStatement', { Id, WaitTimeSeconds: 20 })
      expect(d.Status).toBe('FINISHED')
    }
  })

  it('runs one statement at a time per session', async () => {
    const first = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      SessionKeepAliveSeconds: 60,
    })
    const busy = await serviceErrorOf(
      service.call('ExecuteStatement', { SessionId: first.SessionId, Sql: 'select 2' }),
    )
    expect(busy.type).toBe('ValidationException')
    expect(busy.message).toMatch(/busy/)
    const listed = await service.call('ListSessions', { SessionId: first.SessionId })
    expect(listed.Sessions).toMatchObject([{ Status: 'BUSY', CurrentStatementId: first.Id }])
    await service.call('DescribeStatement', { Id: first.Id, WaitTimeSeconds: 10 })
    const after = await service.call('ExecuteStatement', {
      SessionId: first.SessionId,
      Sql: 'select 2',
      WaitTimeSeconds: 10,
    })
    expect(after.Status).toBe('FINISHED')
  })

  it('refuses connection members that differ from the session', async () => {
    const first = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      SessionKeepAliveSeconds: 60,
      WaitTimeSeconds: 10,
    })
    const error = await serviceErrorOf(
      service.call('ExecuteStatement', {
        SessionId: first.SessionId,
        Database: 'other',
        Sql: 'select 1',
      }),
    )
    expect(error.type).toBe('ValidationException')
  })

  it('expires after the keep-alive idle time and closes its engine session', async () => {
    const first = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      SessionKeepAliveSeconds: 30,
      WaitTimeSeconds: 10,
    })
    const pid = first.RedshiftPid as number
    clock += 31_000
    const error = await serviceErrorOf(
      service.call('ExecuteStatement', { SessionId: first.SessionId, Sql: 'select 1' }),
    )
    expect(error.type).toBe('ValidationException')
    expect(error.message).toMatch(/closed/)
    await vi.waitFor(() => expect(closed.has(pid)).toBe(true))
    const listed = await service.call('ListSessions', { Status: 'CLOSED' })
    expect((listed.Sessions as { SessionId: string }[]).map((s) => s.SessionId)).toContain(
      first.SessionId,
    )
  })

  it('closes the engine session of a statement run without a session', async () => {
    const out = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      WaitTimeSeconds: 10,
    })
    expect(out.SessionId).toBeUndefined()
    await vi.waitFor(() => expect(closed.has(out.RedshiftPid as number)).toBe(true))
  })
})

describe('sessions with batches and cancel', () => {
  it('a batch in a session sees its temp tables; a cancelled statement frees the session', async () => {
    const service = serviceOn(engine, { latency: { statementMs: 300 } })
    try {
      const first = await service.call('ExecuteStatement', {
        ...target,
        Sql: 'create temp table batch_stage (n int)',
        SessionKeepAliveSeconds: 60,
        WaitTimeSeconds: 20,
      })
      const batch = await service.call('BatchExecuteStatement', {
        SessionId: first.SessionId,
        Sqls: ['insert into batch_stage values (1), (2)', 'select count(*) from batch_stage'],
        WaitTimeSeconds: 20,
      })
      expect(batch.Status).toBe('FINISHED')
      const count = await service.call('GetStatementResult', { Id: `${batch.Id}:2` })
      expect(count.Records).toEqual([[{ longValue: 2n }]])
      const slow = await service.call('ExecuteStatement', {
        SessionId: first.SessionId,
        Sql: 'select 1',
      })
      await service.call('CancelStatement', { Id: slow.Id })
      expect((await service.call('DescribeStatement', { Id: slow.Id })).Status).toBe('ABORTED')
      const listed = await service.call('ListSessions', { SessionId: first.SessionId })
      expect(listed.Sessions).toMatchObject([{ Status: 'AVAILABLE' }])
      const after = await service.call('ExecuteStatement', {
        SessionId: first.SessionId,
        Sql: 'select count(*) from batch_stage',
        WaitTimeSeconds: 20,
      })
      expect(after.Status).toBe('FINISHED')
    } finally {
      await service.close()
    }
  })
})

describe('limits', () => {
  it('refuses SQL over 100 KB in UTF-8 bytes', async () => {
    const service = serviceOn(engine)
    try {
      // 34134 three-byte characters: under 102400 characters, over 102400 bytes.
      const sql = `select '${'€'.repeat(34134)}'`
      const error = await serviceErrorOf(service.call('ExecuteStatement', { ...target, Sql: sql }))
      expect(error.type).toBe('ValidationException')
      expect(error.message).toBe('Cannot process query string larger than 100kB')
      const fits = `select '${'x'.repeat(102400 - 10)}'`
      const ok = await service.call('ExecuteStatement', {
        ...target,
        Sql: fits,
        WaitTimeSeconds: 10,
      })
      expect(ok.Status).toBe('FINISHED')
    } finally {
      await service.close()
    }
  })

  it('caps active statements', async () => {
    const service = serviceOn(engine, {
      latency: { statementMs: 60_000 },
      limits: { maxActiveStatements: 2 },
    })
    try {
      const a = await service.call('ExecuteStatement', { ...target, Sql: 'select 1' })
      await service.call('ExecuteStatement', { ...target, Sql: 'select 2' })
      const error = await serviceErrorOf(
        service.call('ExecuteStatement', { ...target, Sql: 'select 3' }),
      )
      expect(error.type).toBe('ActiveStatementsExceededException')
      await service.call('CancelStatement', { Id: a.Id })
      const third = await service.call('ExecuteStatement', { ...target, Sql: 'select 3' })
      expect(third.Id).toBeDefined()
    } finally {
      await service.close()
    }
  })

  it('caps active sessions', async () => {
    const service = serviceOn(engine, { limits: { maxActiveSessions: 1 } })
    try {
      await service.call('ExecuteStatement', {
        ...target,
        Sql: 'select 1',
        SessionKeepAliveSeconds: 60,
        WaitTimeSeconds: 10,
      })
      const error = await serviceErrorOf(
        service.call('ExecuteStatement', {
          ...target,
          Sql: 'select 1',
          SessionKeepAliveSeconds: 60,
        }),
      )
      expect(error.type).toBe('ActiveSessionsExceededException')
    } finally {
      await service.close()
    }
  })
})
