import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine } from '../../src/engine/Engine.js'
import { type Harness, serviceErrorOf, serviceOn } from './support/serviceHarness.js'

const target = { ClusterIdentifier: 'redstore-cluster', Database: 'dev' }
// The engine's first session starts PGlite, which takes seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 })
let engine: Engine
let service: Harness

beforeAll(async () => {
  engine = await createEngine('pglite', { databases: ['dev'] })
  // Start PGlite now, not inside the first test's WaitTimeSeconds.
  await engine.listSchemas('dev')
  service = serviceOn(engine)
})

afterAll(async () => {
  await service.close()
  await engine.close()
})

async function count(table: string): Promise<unknown> {
  const { Id } = await service.call('ExecuteStatement', {
    ...target,
    Sql: `select count(*) from ${table}`,
    WaitTimeSeconds: 10,
  })
  const result = await service.call('GetStatementResult', { Id })
  return (result.Records as unknown[][])[0]?.[0]
}

describe('BatchExecuteStatement', () => {
  it('runs every Sql and describes SubStatements with ids <id>:<n>', async () => {
    const out = await service.call('BatchExecuteStatement', {
      ...target,
      Sqls: [
        'create table batch_ok (n int)',
        'insert into batch_ok values (1), (2)',
        'select n from batch_ok',
      ],
      WaitTimeSeconds: 10,
    })
    expect(out.Status).toBe('FINISHED')
    expect(out.ClusterIdentifier).toBe('redstore-cluster')
    const d = await service.call('DescribeStatement', { Id: out.Id })
    expect(d.Status).toBe('FINISHED')
    expect(d.ExecutionMode).toBe('TRANSACTION')
    expect(d.HasResultSet).toBe(true)
    const subs = d.SubStatements as Record<string, unknown>[]
    expect(subs.map((s) => s.Id)).toEqual([`${out.Id}:1`, `${out.Id}:2`, `${out.Id}:3`])
    expect(subs.map((s) => s.Status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED'])
    expect(subs.map((s) => s.ResultRows)).toEqual([0, 2, 2])
    expect(subs.map((s) => s.HasResultSet)).toEqual([false, false, true])
    expect(subs[1]?.QueryString).toBe('insert into batch_ok values (1), (2)')
    const third = await service.call('GetStatementResult', { Id: `${out.Id}:3` })
    expect(third.Records).toEqual([[{ longValue: 1n }], [{ longValue: 2n }]])
  })

  it('refuses GetStatementResult on the parent id', async () => {
    const out = await service.call('BatchExecuteStatement', {
      ...target,
      Sqls: ['select 1', 'select 2'],
      WaitTimeSeconds: 10,
    })
    const error = await serviceErrorOf(service.call('GetStatementResult', { Id: out.Id }))
    expect(error.type).toBe('ValidationException')
    expect(error.message).toBe(
      'BatchExecuteStatement result can only be retrieved with sub-statement id.',
    )
    const unknownSub = await serviceErrorOf(
      service.call('GetStatementResult', { Id: `${out.Id}:3` }),
    )
    expect(unknownSub.type).toBe('ResourceNotFoundException')
  })

  it('TRANSACTION: a failing Sql fails the batch and nothing of it lands', async () => {
    await service.call('ExecuteStatement', {
      ...target,
      Sql: 'create table batch_tx (n int)',
      WaitTimeSeconds: 10,
    })
    const out = await service.call('BatchExecuteStatement', {
      ...target,
      Sqls: [
        'insert into batch_tx values (1)',
        'insert into batch_tx values (1/0)',
        'insert into batch_tx values (3)',
      ],
      WaitTimeSeconds: 10,
    })
    expect(out.Status).toBe('FAILED')
    const d = await service.call('DescribeStatement', { Id: out.Id })
    expect(d.Error).toMatch(/^ERROR: division by zero/)
    const subs = d.SubStatements as Record<string, unknown>[]
    expect(subs.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED', 'SUBMITTED'])
    expect(subs[1]?.Error).toBe(d.Error)
    expect(await count('batch_tx')).toEqual({ longValue: 0n })
  })

  it('AUTO_COMMIT: each Sql commits and the first failure stops the rest', async () => {
    await service.call('ExecuteStatement', {
      ...target,
      Sql: 'create table batch_auto (n int)',
      WaitTimeSeconds: 10,
    })
    const out = await service.call('BatchExecuteStatement', {
      ...target,
      ExecutionMode: 'AUTO_COMMIT',
      Sqls: [
        'insert into batch_auto values (1)',
        'insert into batch_auto values (1/0)',
        'insert into batch_auto values (3)',
      ],
      WaitTimeSeconds: 10,
    })
    expect(out.Status).toBe('FAILED')
    const d = await service.call('DescribeStatement', { Id: out.Id })
    expect(d.ExecutionMode).toBe('AUTO_COMMIT')
    const subs = d.SubStatements as Record<string, unknown>[]
    expect(subs.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED', 'SUBMITTED'])
    expect(await count('batch_auto')).toEqual({ longValue: 1n })
  })

  it('checks the 100 KB limit on every Sql of a batch', async () => {
    const big = `select '${'x'.repeat(102400)}'`
    const error = await serviceErrorOf(
      service.call('BatchExecuteStatement', { ...target, Sqls: ['select 1', big] }),
    )
    expect(error.type).toBe('ValidationException')
    expect(error.message).toBe('Cannot process query string larger than 100kB')
  })
})

describe('statement latency', () => {
  it('costs statementMs per statement, so a batch of three stays STARTED three times as long', async () => {
    const slow = serviceOn(engine, { latency: { statementMs: 150 } })
    try {
      const single = await slow.call('ExecuteStatement', {
        ...target,
        Sql: 'select 1',
        WaitTimeSeconds: 10,
      })
      const batch = await slow.call('BatchExecuteStatement', {
        ...target,
        Sqls: ['select 1', 'select 2', 'select 3'],
        WaitTimeSeconds: 10,
      })
      const one = await slow.call('DescribeStatement', { Id: single.Id })
      const three = await slow.call('DescribeStatement', { Id: batch.Id })
      expect(one.Status).toBe('FINISHED')
      expect(three.Status).toBe('FINISHED')
      // Duration is in nanoseconds; the injected latency is a lower bound.
      expect(one.Duration as number).toBeGreaterThanOrEqual(150e6)
      expect(three.Duration as number).toBeGreaterThanOrEqual(3 * 150e6)
    } finally {
      await slow.close()
    }
  })
})
