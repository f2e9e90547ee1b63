import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
} from '@aws-sdk/client-redshift-data'
import { type PostgresServer, startPostgresServer } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type Conformance,
  query,
  runToEnd,
  startConformance,
  workgroup,
} from './support/conformanceEmulator.js'

// Starting a PostgreSQL server with initdb takes seconds.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 })

let server: PostgresServer
let c: Conformance

beforeAll(async () => {
  server = await startPostgresServer()
  c = await startConformance({ backend: { postgresUrl: server.url } })
})

afterAll(async () => {
  await c?.stop()
  await server?.stop()
})

describe('on a PostgreSQL server backend (through the AWS SDK)', () => {
  it('keeps temp tables inside their session', async () => {
    const a = await c.client.send(
      new ExecuteStatementCommand({
        ...workgroup,
        Sql: 'create temp table pg_stage (n int)',
        SessionKeepAliveSeconds: 60,
        WaitTimeSeconds: 20,
      }),
    )
    expect(a.Status).toBe('FINISHED')
    const inA = await runToEnd(c.client, {
      SessionId: a.SessionId,
      Sql: 'select count(*) from pg_stage',
    })
    expect(inA.Status).toBe('FINISHED')
    const alone = await runToEnd(c.client, { ...workgroup, Sql: 'select count(*) from pg_stage' })
    expect(alone.Status).toBe('FAILED')
  })

  it('runs a TRANSACTION batch all or nothing', async () => {
    await runToEnd(c.client, { ...workgroup, Sql: 'create table pg_tx (n int)' })
    const out = await c.client.send(
      new BatchExecuteStatementCommand({
        ...workgroup,
        Sqls: ['insert into pg_tx values (1)', 'insert into pg_tx values (1/0)'],
        WaitTimeSeconds: 20,
      }),
    )
    expect(out.Status).toBe('FAILED')
    expect(await query(c.client, 'select count(*) from pg_tx')).toEqual([[{ longValue: 0 }]])
  })

  it('runs statements of many callers at once', async () => {
    const outs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        c.client.send(
          new ExecuteStatementCommand({
            ...workgroup,
            Sql: `select ${i} as n`,
            WaitTimeSeconds: 20,
          }),
        ),
      ),
    )
    expect(outs.map((o) => o.Status)).toEqual(outs.map(() => 'FINISHED'))
  })

  it('cancels a statement while the database runs it', async () => {
    const { Id } = await c.client.send(
      new ExecuteStatementCommand({ ...workgroup, Sql: 'select pg_sleep(30)' }),
    )
    await vi.waitFor(
      async () => {
        const d = await c.client.send(new DescribeStatementCommand({ Id }))
        expect(d.Status).toBe('STARTED')
      },
      { timeout: 20_000, interval: 50 },
    )
    const cancelled = await c.client.send(new CancelStatementCommand({ Id }))
    expect(cancelled.Status).toBe(true)
    const d = await c.client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 20 }))
    expect(d.Status).toBe('ABORTED')
  })
})
