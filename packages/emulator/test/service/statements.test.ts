import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine } from '../../src/engine/Engine.js'
import { contextFor, type Harness, serviceErrorOf, serviceOn } from './support/serviceHarness.js'

const target = { WorkgroupName: 'default', Database: 'dev' }
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

async function finished(id: unknown): Promise<Record<string, unknown>> {
  return service.call('DescribeStatement', { Id: id, WaitTimeSeconds: 10 })
}

describe('ExecuteStatement and DescribeStatement', () => {
  it('returns an Id at once and runs the statement in the background', async () => {
    const out = await service.call('ExecuteStatement', { ...target, Sql: 'select 1 as one' })
    expect(out.Id).toMatch(/^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$/)
    expect(out.Status).toBeUndefined()
    expect(out.WorkgroupName).toBe('default')
    expect(out.Database).toBe('dev')
    expect(out.DbUser).toBe('IAM:redstore')
    expect(typeof out.CreatedAt).toBe('number')
    const described = await finished(out.Id)
    expect(described.Status).toBe('FINISHED')
  })

  it('waits up to WaitTimeSeconds and reports Status and HasResultSet', async () => {
    const out = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1 as one',
      WaitTimeSeconds: 10,
    })
    expect(out.Status).toBe('FINISHED')
    expect(out.HasResultSet).toBe(true)
    expect(typeof out.RedshiftPid).toBe('number')
  })

  it('fills DescribeStatement as the service does', async () => {
    const sql = "select n, 'x' || n as label from generate_series(1, 3) as n"
    const { Id } = await service.call('ExecuteStatement', { ...target, Sql: sql })
    const d = await finished(Id)
    expect(d).toMatchObject({
      Id,
      Status: 'FINISHED',
      QueryString: sql,
      HasResultSet: true,
      ResultRows: 3,
      WorkgroupName: 'default',
      Database: 'dev',
      DbUser: 'IAM:redstore',
      ResultFormat: 'JSON',
    })
    expect(d.ResultSize).toBeGreaterThan(0)
    expect(d.Duration).toBeGreaterThanOrEqual(0)
    expect(d.RedshiftQueryId).toBeGreaterThan(0)
    expect(d.RedshiftPid).toBeGreaterThan(0)
    expect(d.UpdatedAt as number).toBeGreaterThanOrEqual(d.CreatedAt as number)
    expect(d.Error).toBeUndefined()
    expect(d.SubStatements).toBeUndefined()
  })

  it('ends FAILED with the database error and no result', async () => {
    const { Id } = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select * from no_such_table',
    })
    const d = await finished(Id)
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toMatch(/^ERROR: relation "no_such_table" does not exist/)
    expect(d.ResultRows).toBe(-1)
    const error = await serviceErrorOf(service.call('GetStatementResult', { Id }))
    expect(error.type).toBe('ValidationException')
  })

  it('fails a statement on a database that does not exist', async () => {
    const { Id } = await service.call('ExecuteStatement', {
      WorkgroupName: 'default',
      Database: 'nope',
      Sql: 'select 1',
    })
    const d = await finished(Id)
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toBe('FATAL: database "nope" does not exist')
  })

  it('reports rows affected and passes named Parameters', async () => {
    await service.call('ExecuteStatement', {
      ...target,
      Sql: 'create table params_t (id int, name varchar(20))',
      WaitTimeSeconds: 10,
    })
    const insert = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'insert into params_t values (:id, :name), (2, :name)',
      Parameters: [
        { name: 'id', value: '1' },
        { name: 'name', value: "o'brien" },
      ],
      WaitTimeSeconds: 10,
    })
    const d = await finished(insert.Id)
    expect(d.Status).toBe('FINISHED')
    expect(d.ResultRows).toBe(2)
    expect(d.HasResultSet).toBe(false)
    expect(d.QueryParameters).toEqual([
      { name: 'id', value: '1' },
      { name: 'name', value: "o'brien" },
    ])
    const noResult = await serviceErrorOf(service.call('GetStatementResult', { Id: insert.Id }))
    expect(noResult.type).toBe('ResourceNotFoundException')
    expect(noResult.message).toMatch(/Query does not have result/)
  })

  it('does not know an unknown Id', async () => {
    const error = await serviceErrorOf(
      service.call('DescribeStatement', { Id: '00000000-0000-0000-0000-000000000000' }),
    )
    expect(error.type).toBe('ResourceNotFoundException')
    expect(error.extra.ResourceId).toBe('00000000-0000-0000-0000-000000000000')
  })
})

describe('statements of other callers', () => {
  it('are not found for DescribeStatement, GetStatementResult and CancelStatement', async () => {
    const { Id } = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      WaitTimeSeconds: 10,
    })
    const other = contextFor('IAM:mallory')
    for (const operation of [
      'DescribeStatement',
      'GetStatementResult',
      'CancelStatement',
    ] as const) {
      const error = await serviceErrorOf(service.call(operation, { Id }, other))
      expect(error.type).toBe('ResourceNotFoundException')
    }
  })
})

describe('ClientToken', () => {
  it('returns the same statement for a repeated request and does not run it again', async () => {
    await service.call('ExecuteStatement', {
      ...target,
      Sql: 'create table token_t (n int)',
      WaitTimeSeconds: 10,
    })
    const request = {
      ...target,
      Sql: 'insert into token_t values (1)',
      ClientToken: 'token-1',
      WaitTimeSeconds: 10,
    }
    const first = await service.call('ExecuteStatement', request)
    const second = await service.call('ExecuteStatement', request)
    expect(second.Id).toBe(first.Id)
    const count = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select count(*) from token_t',
      WaitTimeSeconds: 10,
    })
    const result = await service.call('GetStatementResult', { Id: count.Id })
    expect(result.Records).toEqual([[{ longValue: 1n }]])
  })

  it('is kept 8 hours', async () => {
    let clock = Date.now()
    const timed = serviceOn(engine, {}, { now: () => clock })
    try {
      const request = { ...target, Sql: 'select 1', ClientToken: 'token-8h', WaitTimeSeconds: 10 }
      const first = await timed.call('ExecuteStatement', request)
      clock += 8 * 60 * 60 * 1000 - 1000
      expect((await timed.call('ExecuteStatement', request)).Id).toBe(first.Id)
      clock += 2000
      expect((await timed.call('ExecuteStatement', request)).Id).not.toBe(first.Id)
    } finally {
      await timed.close()
    }
  })

  it('keeps callers and targets apart', async () => {
    const request = { ...target, Sql: 'select 1', ClientToken: 'token-2' }
    const mine = await service.call('ExecuteStatement', request)
    const theirs = await service.call('ExecuteStatement', request, contextFor('IAM:someone'))
    const elsewhere = await service.call('ExecuteStatement', {
      ...request,
      WorkgroupName: undefined,
      ClusterIdentifier: 'redstore-cluster',
    })
    expect(new Set([mine.Id, theirs.Id, elsewhere.Id]).size).toBe(3)
  })
})
