import {
  ActiveSessionsExceededException,
  BatchExecuteStatementCommand,
  DescribeTableCommand,
  ExecuteStatementCommand,
  ListDatabasesCommand,
  ListSchemasCommand,
  ListSessionsCommand,
  ListStatementsCommand,
  ListTablesCommand,
  paginateListStatements,
  ValidationException,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type Conformance,
  query,
  rejection,
  runToEnd,
  startConformance,
  workgroup,
} from './support/conformanceEmulator.js'

// Each file starts its own emulator (PGlite takes seconds to start); statements wait up to 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let c: Conformance

beforeAll(async () => {
  c = await startConformance({ databases: ['dev', 'sales'], limits: { maxActiveSessions: 3 } })
})

afterAll(async () => {
  await c.stop()
})

describe('sessions (through the AWS SDK)', () => {
  it('SessionKeepAliveSeconds opens a session that SessionId reuses, temp tables included', async () => {
    const first = await c.client.send(
      new ExecuteStatementCommand({
        ...workgroup,
        Sql: 'create temp table s_stage (n int)',
        SessionKeepAliveSeconds: 120,
        WaitTimeSeconds: 20,
      }),
    )
    expect(first.Status).toBe('FINISHED')
    expect(first.SessionId).toBeDefined()
    await runToEnd(c.client, { SessionId: first.SessionId, Sql: 'insert into s_stage values (5)' })
    expect(await query(c.client, 'select n from s_stage', { SessionId: first.SessionId })).toEqual([
      [{ longValue: 5 }],
    ])
    const elsewhere = await runToEnd(c.client, { ...workgroup, Sql: 'select n from s_stage' })
    expect(elsewhere.Status).toBe('FAILED')
    const listed = await c.client.send(new ListSessionsCommand({ SessionId: first.SessionId }))
    expect(listed.Sessions?.[0]).toMatchObject({
      SessionId: first.SessionId,
      Status: 'AVAILABLE',
      WorkgroupName: 'default',
      Database: 'dev',
      SessionAliveSeconds: 120,
    })
  })

  it('runs one statement at a time per session', async () => {
    const slow = await startConformance({ latency: { statementMs: 60_000 } })
    try {
      const first = await slow.client.send(
        new ExecuteStatementCommand({ ...workgroup, Sql: 'select 1', SessionKeepAliveSeconds: 60 }),
      )
      const busy = await rejection(
        slow.client.send(
          new ExecuteStatementCommand({ SessionId: first.SessionId, Sql: 'select 2' }),
        ),
      )
      expect(busy).toBeInstanceOf(ValidationException)
      const listed = await slow.client.send(new ListSessionsCommand({ SessionId: first.SessionId }))
      expect(listed.Sessions?.[0]).toMatchObject({ Status: 'BUSY', CurrentStatementId: first.Id })
    } finally {
      await slow.stop()
    }
  })

  it('expires after its keep-alive idle time', async () => {
    const first = await c.client.send(
      new ExecuteStatementCommand({
        ...workgroup,
        Sql: 'select 1',
        SessionKeepAliveSeconds: 1,
        WaitTimeSeconds: 20,
      }),
    )
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const error = await rejection(
      c.client.send(new ExecuteStatementCommand({ SessionId: first.SessionId, Sql: 'select 1' })),
    )
    expect(error).toBeInstanceOf(ValidationException)
    const closed = await c.client.send(new ListSessionsCommand({ Status: 'CLOSED' }))
    expect(closed.Sessions?.map((s) => s.SessionId)).toContain(first.SessionId)
  })

  it('caps active sessions with ActiveSessionsExceededException', async () => {
    const capped = await startConformance({ limits: { maxActiveSessions: 1 } })
    try {
      await capped.client.send(
        new ExecuteStatementCommand({
          ...workgroup,
          Sql: 'select 1',
          SessionKeepAliveSeconds: 60,
          WaitTimeSeconds: 20,
        }),
      )
      const error = await rejection(
        capped.client.send(
          new BatchExecuteStatementCommand({
            ...workgroup,
            Sqls: ['select 1'],
            SessionKeepAliveSeconds: 60,
          }),
        ),
      )
      expect(error).toBeInstanceOf(ActiveSessionsExceededException)
    } finally {
      await capped.stop()
    }
  })
})

describe('ListStatements (through the AWS SDK)', () => {
  it('filters by StatementName prefix, Status and Database, and pages', async () => {
    for (const name of ['nightly-a', 'nightly-b', 'nightly-c']) {
      await runToEnd(c.client, { ...workgroup, Sql: 'select 1', StatementName: name })
    }
    await runToEnd(c.client, {
      WorkgroupName: 'default',
      Database: 'sales',
      Sql: 'select x',
      StatementName: 'nightly-bad',
    })
    const byName = await c.client.send(new ListStatementsCommand({ StatementName: 'nightly-' }))
    expect(byName.Statements?.map((s) => s.StatementName)).toEqual([
      'nightly-bad',
      'nightly-c',
      'nightly-b',
      'nightly-a',
    ])
    const failed = await c.client.send(
      new ListStatementsCommand({ StatementName: 'nightly-', Status: 'FAILED' }),
    )
    expect(failed.Statements?.map((s) => s.StatementName)).toEqual(['nightly-bad'])
    const sales = await c.client.send(new ListStatementsCommand({ Database: 'sales' }))
    expect(sales.Statements?.map((s) => s.StatementName)).toEqual(['nightly-bad'])
    const ids: string[] = []
    for await (const page of paginateListStatements(
      { client: c.client, pageSize: 2 },
      { StatementName: 'nightly-' },
    )) {
      ids.push(...(page.Statements ?? []).map((s) => s.Id ?? ''))
    }
    expect(ids).toHaveLength(4)
    expect(new Set(ids).size).toBe(4)
  })
})

describe('catalog operations (through the AWS SDK)', () => {
  beforeAll(async () => {
    await c.client.send(
      new BatchExecuteStatementCommand({
        ...workgroup,
        Sqls: [
          'create schema catalog_shop',
          'create table catalog_shop.orders (id bigint, note varchar(20))',
        ],
        WaitTimeSeconds: 20,
      }),
    )
  })

  it('handles hostile names and patterns', async () => {
    const created = await runToEnd(c.client, {
      ...workgroup,
      Sql: 'create table catalog_shop."we""ird \'name" ("c""1" int)',
    })
    expect(created.Status).toBe('FINISHED')
    const tables = await c.client.send(
      new ListTablesCommand({ ...workgroup, SchemaPattern: 'catalog_shop', TablePattern: 'we%' }),
    )
    expect(tables.Tables?.map((t) => t.name)).toEqual(['we"ird \'name'])
    const table = await c.client.send(
      new DescribeTableCommand({ ...workgroup, Schema: 'catalog_shop', Table: 'we"ird \'name' }),
    )
    expect(table.ColumnList?.map((col) => col.name)).toEqual(['c"1'])
    const none = await c.client.send(
      new ListSchemasCommand({ ...workgroup, SchemaPattern: "x'; drop schema catalog_shop; --" }),
    )
    expect(none.Schemas).toEqual([])
    const still = await c.client.send(
      new ListSchemasCommand({ ...workgroup, SchemaPattern: 'catalog%' }),
    )
    expect(still.Schemas).toEqual(['catalog_shop'])
  })

  it('ListDatabases, ListSchemas, ListTables and DescribeTable', async () => {
    const databases = await c.client.send(new ListDatabasesCommand({ ...workgroup }))
    expect(databases.Databases).toEqual(expect.arrayContaining(['dev', 'sales']))
    const schemas = await c.client.send(
      new ListSchemasCommand({ ...workgroup, SchemaPattern: 'catalog%' }),
    )
    expect(schemas.Schemas).toEqual(['catalog_shop'])
    const tables = await c.client.send(
      new ListTablesCommand({ ...workgroup, SchemaPattern: 'catalog_shop', TablePattern: 'ord%' }),
    )
    expect(tables.Tables).toEqual([{ name: 'orders', type: 'TABLE', schema: 'catalog_shop' }])
    const table = await c.client.send(
      new DescribeTableCommand({ ...workgroup, Schema: 'catalog_shop', Table: 'orders' }),
    )
    expect(table.TableName).toBe('orders')
    expect(table.ColumnList?.map((col) => col.name)).toEqual(['id', 'note'])
  })
})
