import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListSessionsCommand,
  paginateGetStatementResult,
  paginateListSessions,
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
  c = await startConformance({ latency: { statementMs: 150 } })
})

afterAll(async () => {
  await c.stop()
})

describe('hostile text (through the AWS SDK)', () => {
  it('round-trips hostile parameter values, names and statement names', async () => {
    const hostile = [
      "it's",
      'back\\slash\\',
      '"; drop table x; --',
      'zero-width\u200bjoiner',
      '日本語 ✓ 🚀',
    ]
    for (const value of hostile) {
      const records = await query(c.client, 'select :v as v', {
        ...workgroup,
        Parameters: [{ name: 'v', value }],
        StatementName: `hostile ${value}`,
      })
      expect(records).toEqual([[{ stringValue: value }]])
    }
  })

  it('counts the 100 KB limit in UTF-8 bytes of the SQL text', async () => {
    // 25600 four-byte characters are 102400 bytes: with the quotes and `select ` it is over.
    const error = await rejection(
      c.client.send(
        new ExecuteStatementCommand({ ...workgroup, Sql: `select '${'🚀'.repeat(25600)}'` }),
      ),
    )
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.message).toBe('Cannot process query string larger than 100kB')
  })
})

describe('WaitTimeSeconds on DescribeStatement and GetStatementResult (through the AWS SDK)', () => {
  it('DescribeStatement waits for the end; GetStatementResult waits before answering', async () => {
    const a = await c.client.send(
      new ExecuteStatementCommand({ ...workgroup, Sql: 'select 7 as n' }),
    )
    const d = await c.client.send(new DescribeStatementCommand({ Id: a.Id, WaitTimeSeconds: 20 }))
    expect(d.Status).toBe('FINISHED')
    const b = await c.client.send(
      new ExecuteStatementCommand({ ...workgroup, Sql: 'select 8 as n' }),
    )
    const result = await c.client.send(
      new GetStatementResultCommand({ Id: b.Id, WaitTimeSeconds: 20 }),
    )
    expect(result.Records).toEqual([[{ longValue: 8 }]])
  })

  it('DescribeStatement of a sub-statement id describes that statement', async () => {
    const batch = await c.client.send(
      new BatchExecuteStatementCommand({
        ...workgroup,
        Sqls: ['select 1', 'select 2 as two'],
        WaitTimeSeconds: 20,
      }),
    )
    const sub = await c.client.send(new DescribeStatementCommand({ Id: `${batch.Id}:2` }))
    expect(sub).toMatchObject({
      Id: `${batch.Id}:2`,
      Status: 'FINISHED',
      QueryString: 'select 2 as two',
    })
    const single = await runToEnd(c.client, { ...workgroup, Sql: 'select 1' })
    const error = await rejection(
      c.client.send(new DescribeStatementCommand({ Id: `${single.Id}:1` })),
    )
    expect(error).toBeInstanceOf(ValidationException)
  })
})

describe('paging (through the AWS SDK)', () => {
  it('cuts GetStatementResult pages near 1 MB and the paginator reads them all', async () => {
    const d = await runToEnd(c.client, {
      ...workgroup,
      Sql: `select n, repeat('x', 60000) as filler from (
              select row_number() over () as n from pg_catalog.pg_class limit 40) as t order by n`,
    })
    expect(d.Status).toBe('FINISHED')
    const rows = d.ResultRows ?? 0
    expect(rows).toBeGreaterThan(20)
    let pages = 0
    let seen = 0
    for await (const page of paginateGetStatementResult({ client: c.client }, { Id: d.Id })) {
      pages++
      seen += page.Records?.length ?? 0
      expect(page.TotalNumRows).toBe(rows)
    }
    expect(seen).toBe(rows)
    expect(pages).toBeGreaterThan(1)
  })

  it('pages ListSessions', async () => {
    const opened: string[] = []
    for (let i = 0; i < 3; i++) {
      const out = await c.client.send(
        new ExecuteStatementCommand({
          ...workgroup,
          Sql: 'select 1',
          SessionKeepAliveSeconds: 300,
          WaitTimeSeconds: 20,
        }),
      )
      opened.push(out.SessionId ?? '')
    }
    const seen: string[] = []
    for await (const page of paginateListSessions({ client: c.client, pageSize: 2 }, {})) {
      expect((page.Sessions ?? []).length).toBeLessThanOrEqual(2)
      seen.push(...(page.Sessions ?? []).map((s) => s.SessionId ?? ''))
    }
    expect(seen).toEqual(expect.arrayContaining(opened))
    const one = await c.client.send(new ListSessionsCommand({ SessionId: opened[0] }))
    expect(one.Sessions?.map((s) => s.SessionId)).toEqual([opened[0]])
  })
})
