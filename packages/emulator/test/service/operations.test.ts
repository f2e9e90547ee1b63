import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine } from '../../src/engine/Engine.js'
import {
  contextFor,
  type Harness,
  scriptedFaults,
  serviceErrorOf,
  serviceOn,
} from './support/serviceHarness.js'

const target = { WorkgroupName: 'default', Database: 'dev' }
// The engine's first session starts PGlite, which takes seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 })
let engine: Engine

beforeAll(async () => {
  engine = await createEngine('pglite', { databases: ['dev', 'sales'] })
  // Start PGlite now, not inside the first test's WaitTimeSeconds.
  await engine.listSchemas('dev')
})

afterAll(async () => {
  await engine.close()
})

describe('CancelStatement', () => {
  it('stops a running statement, which ends ABORTED', async () => {
    const service = serviceOn(engine, { latency: { statementMs: 60_000 } })
    try {
      const { Id } = await service.call('ExecuteStatement', { ...target, Sql: 'select 1' })
      const started = await vi.waitFor(
        async () => {
          const d = await service.call('DescribeStatement', { Id })
          expect(d.Status).toBe('STARTED')
          return d
        },
        { timeout: 20_000, interval: 50 },
      )
      expect(started.Duration).toBe(-1)
      expect(await service.call('CancelStatement', { Id })).toEqual({ Status: true })
      const d = await service.call('DescribeStatement', { Id })
      expect(d.Status).toBe('ABORTED')
      const again = await serviceErrorOf(service.call('CancelStatement', { Id }))
      expect(again.type).toBe('ValidationException')
      expect(again.message).toBe('Could not cancel a query that is already in ABORTED state.')
    } finally {
      await service.close()
    }
  })

  it('fails on a finished statement', async () => {
    const service = serviceOn(engine)
    try {
      const { Id } = await service.call('ExecuteStatement', {
        ...target,
        Sql: 'select 1',
        WaitTimeSeconds: 10,
      })
      const error = await serviceErrorOf(service.call('CancelStatement', { Id }))
      expect(error.message).toBe('Could not cancel a query that is already in FINISHED state.')
    } finally {
      await service.close()
    }
  })
})

describe('statement faults', () => {
  it('fails a statement with the 1023 serializable error and applies nothing of it', async () => {
    const service = serviceOn(engine, {}, { faults: scriptedFaults([undefined, 'serializable']) })
    try {
      await service.call('ExecuteStatement', {
        ...target,
        Sql: 'create table fault_t (n int)',
        WaitTimeSeconds: 10,
      })
      const out = await service.call('BatchExecuteStatement', {
        ...target,
        Sqls: ['insert into fault_t values (1)', 'insert into fault_t values (2)'],
        WaitTimeSeconds: 10,
      })
      expect(out.Status).toBe('FAILED')
      const d = await service.call('DescribeStatement', { Id: out.Id })
      expect(d.Error).toMatch(
        /^ERROR: 1023 DETAIL: Serializable isolation violation on table - 100000, transactions forming the cycle are: /,
      )
      const count = await service.call('ExecuteStatement', {
        ...target,
        Sql: 'select count(*) from fault_t',
        WaitTimeSeconds: 10,
      })
      const result = await service.call('GetStatementResult', { Id: count.Id })
      expect(result.Records).toEqual([[{ longValue: 0n }]])
    } finally {
      await service.close()
    }
  })
})

describe('ListStatements', () => {
  let service: Harness
  beforeAll(async () => {
    service = serviceOn(engine)
    for (const name of ['load-1', 'load-2', 'load-3', 'other']) {
      await service.call('ExecuteStatement', {
        ...target,
        Sql: `select '${name}'`,
        StatementName: name,
        WaitTimeSeconds: 10,
      })
    }
    await service.call('ExecuteStatement', {
      ClusterIdentifier: 'redstore-cluster',
      Database: 'sales',
      Sql: 'select * from missing',
      StatementName: 'load-failing',
      WaitTimeSeconds: 10,
    })
    await service.call('BatchExecuteStatement', {
      ...target,
      Sqls: ['select 1', 'select 2'],
      WaitTimeSeconds: 10,
    })
  })
  afterAll(async () => {
    await service.close()
  })

  it('lists the newest first and filters by name prefix, status and target', async () => {
    const byName = await service.call('ListStatements', { StatementName: 'load-' })
    const names = (byName.Statements as { StatementName: string }[]).map((s) => s.StatementName)
    expect(names).toEqual(['load-failing', 'load-3', 'load-2', 'load-1'])
    const failed = await service.call('ListStatements', { Status: 'FAILED' })
    expect((failed.Statements as { StatementName: string }[]).map((s) => s.StatementName)).toEqual([
      'load-failing',
    ])
    const onCluster = await service.call('ListStatements', {
      ClusterIdentifier: 'redstore-cluster',
    })
    expect(onCluster.Statements).toHaveLength(1)
    const onSales = await service.call('ListStatements', { Database: 'sales' })
    expect(onSales.Statements).toHaveLength(1)
    const all = await service.call('ListStatements', {})
    const batch = (all.Statements as Record<string, unknown>[])[0]
    expect(batch).toMatchObject({ IsBatchStatement: true, QueryStrings: ['select 1', 'select 2'] })
  })

  it('pages with MaxResults and NextToken', async () => {
    const seen: string[] = []
    let token: unknown
    do {
      const page = await service.call('ListStatements', {
        MaxResults: 2,
        ...(token !== undefined ? { NextToken: token } : {}),
      })
      expect((page.Statements as unknown[]).length).toBeLessThanOrEqual(2)
      seen.push(...(page.Statements as { Id: string }[]).map((s) => s.Id))
      token = page.NextToken
    } while (token !== undefined)
    expect(seen).toHaveLength(6)
    expect(new Set(seen).size).toBe(6)
  })

  it('shows callers only their own statements', async () => {
    const theirs = await service.call('ListStatements', {}, contextFor('IAM:someone-else'))
    expect(theirs.Statements).toEqual([])
  })

  it('RoleLevel false keeps to the current IAM session (access key) of the caller', async () => {
    const otherSession = contextFor('IAM:redstore', 'ASIAREDSTORETEMP0001')
    const role = await service.call('ListStatements', {}, otherSession)
    expect(role.Statements).toHaveLength(6)
    const current = await service.call('ListStatements', { RoleLevel: false }, otherSession)
    expect(current.Statements).toEqual([])
    const mine = await service.call('ListStatements', { RoleLevel: false })
    expect(mine.Statements).toHaveLength(6)
  })
})

describe('catalog operations', () => {
  let service: Harness
  beforeAll(async () => {
    service = serviceOn(engine)
    await service.call('BatchExecuteStatement', {
      ...target,
      Sqls: [
        'create schema shop',
        'create table shop.orders (id int8, amount numeric(10, 2))',
        'create table shop.order_lines (id int8)',
        'create view shop.order_view as select id from shop.orders',
      ],
      WaitTimeSeconds: 10,
    })
  })
  afterAll(async () => {
    await service.close()
  })

  it('ListDatabases lists the engine databases and pages', async () => {
    const first = await service.call('ListDatabases', { ...target, MaxResults: 1 })
    expect(first.Databases).toEqual(['dev'])
    const second = await service.call('ListDatabases', { ...target, NextToken: first.NextToken })
    expect(second.Databases).toEqual(['sales'])
    expect(second.NextToken).toBeUndefined()
  })

  it('ListSchemas and ListTables filter by LIKE patterns', async () => {
    const schemas = await service.call('ListSchemas', { ...target, SchemaPattern: 'sh%' })
    expect(schemas.Schemas).toEqual(['shop'])
    const tables = await service.call('ListTables', {
      ...target,
      SchemaPattern: 'shop',
      TablePattern: 'order%',
    })
    expect(tables.Tables).toEqual([
      { name: 'order_lines', type: 'TABLE', schema: 'shop' },
      { name: 'order_view', type: 'VIEW', schema: 'shop' },
      { name: 'orders', type: 'TABLE', schema: 'shop' },
    ])
  })

  it('DescribeTable returns the ColumnList and pages it', async () => {
    const first = await service.call('DescribeTable', {
      ...target,
      Schema: 'shop',
      Table: 'orders',
      MaxResults: 1,
    })
    expect(first.TableName).toBe('orders')
    expect((first.ColumnList as { name: string }[]).map((c) => c.name)).toEqual(['id'])
    const second = await service.call('DescribeTable', {
      ...target,
      Schema: 'shop',
      Table: 'orders',
      NextToken: first.NextToken,
    })
    expect((second.ColumnList as { name: string }[]).map((c) => c.name)).toEqual(['amount'])
  })

  it('refuses a database that is not configured', async () => {
    const error = await serviceErrorOf(
      service.call('ListSchemas', { WorkgroupName: 'default', Database: 'nope' }),
    )
    expect(error.type).toBe('ValidationException')
  })
})
