import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine } from '../../src/engine/Engine.js'
import { type Harness, serviceErrorOf, serviceOn } from './support/serviceHarness.js'

const target = { WorkgroupName: 'default', Database: 'dev' }
// The engine's first session starts PGlite, which takes seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 })
let engine: Engine

beforeAll(async () => {
  engine = await createEngine('pglite', { databases: ['dev'] })
  // Start PGlite now, not inside the first test's WaitTimeSeconds.
  await engine.listSchemas('dev')
})

afterAll(async () => {
  await engine.close()
})

describe('concurrency and waiting', () => {
  let service: Harness
  beforeAll(() => {
    service = serviceOn(engine)
  })
  afterAll(async () => {
    await service.close()
  })

  it('runs many statements submitted at once to the end, each with its own result', async () => {
    const outs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        service.call('ExecuteStatement', {
          ...target,
          Sql: `select ${i} as n`,
          WaitTimeSeconds: 20,
        }),
      ),
    )
    expect(outs.map((o) => o.Status)).toEqual(outs.map(() => 'FINISHED'))
    const results = await Promise.all(
      outs.map((o) => service.call('GetStatementResult', { Id: o.Id })),
    )
    expect(results.map((r) => (r.Records as { longValue: bigint }[][])[0]?.[0]?.longValue)).toEqual(
      outs.map((_, i) => BigInt(i)),
    )
  })

  it('concurrent requests with one ClientToken create one statement', async () => {
    const request = { ...target, Sql: 'select 1', ClientToken: 'same-token' }
    const outs = await Promise.all(
      Array.from({ length: 5 }, () => service.call('ExecuteStatement', request)),
    )
    expect(new Set(outs.map((o) => o.Id)).size).toBe(1)
  })

  it('opens a session on a missing database, fails the statement and closes the session', async () => {
    const out = await service.call('ExecuteStatement', {
      WorkgroupName: 'default',
      Database: 'missing',
      Sql: 'select 1',
      SessionKeepAliveSeconds: 60,
      WaitTimeSeconds: 20,
    })
    expect(out.Status).toBe('FAILED')
    const error = await serviceErrorOf(
      service.call('ExecuteStatement', { SessionId: out.SessionId, Sql: 'select 1' }),
    )
    expect(error.type).toBe('ValidationException')
  })
})

describe('statements that outlive the wait', () => {
  it('answers with the current Status when WaitTimeSeconds runs out, and close() aborts them', async () => {
    const service = serviceOn(engine, { latency: { statementMs: 60_000 } })
    const out = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      WaitTimeSeconds: 1,
    })
    expect(['PICKED', 'STARTED']).toContain(out.Status)
    const batch = await service.call('BatchExecuteStatement', {
      ...target,
      Sqls: ['select 1', 'select 2'],
      WaitTimeSeconds: 1,
    })
    expect(['PICKED', 'STARTED']).toContain(batch.Status)
    const d = await service.call('DescribeStatement', { Id: batch.Id })
    expect((d.SubStatements as { Status: string }[]).map((s) => s.Status)).toEqual([
      'SUBMITTED',
      'SUBMITTED',
    ])
    expect(d.ResultRows).toBe(-1)
    await service.close()
    const after = await service.call('DescribeStatement', { Id: out.Id })
    expect(after.Status).toBe('ABORTED')
  })
})

describe('ListSessions', () => {
  it('lists open sessions by default, filters by target and pages', async () => {
    const service = serviceOn(engine)
    try {
      const ids: string[] = []
      for (const t of [
        target,
        target,
        { ClusterIdentifier: 'redstore-cluster', Database: 'dev' },
      ]) {
        const out = await service.call('ExecuteStatement', {
          ...t,
          Sql: 'select 1',
          SessionKeepAliveSeconds: 60,
          WaitTimeSeconds: 20,
        })
        ids.push(String(out.SessionId))
      }
      const onWorkgroup = await service.call('ListSessions', { WorkgroupName: 'default' })
      expect((onWorkgroup.Sessions as { SessionId: string }[]).map((s) => s.SessionId)).toEqual([
        ids[1],
        ids[0],
      ])
      const first = await service.call('ListSessions', { MaxResults: 2 })
      expect(first.Sessions).toHaveLength(2)
      const second = await service.call('ListSessions', {
        MaxResults: 2,
        NextToken: first.NextToken,
      })
      expect((second.Sessions as { SessionId: string }[]).map((s) => s.SessionId)).toEqual([ids[0]])
      expect(second.NextToken).toBeUndefined()
      const mixed = await serviceErrorOf(
        service.call('ListSessions', { SessionId: ids[0], Status: 'BUSY' }),
      )
      expect(mixed.type).toBe('ValidationException')
    } finally {
      await service.close()
    }
  })
})
