import {
  ActiveStatementsExceededException,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListStatementsCommand,
  RedshiftDataClient,
  ResourceNotFoundException,
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
  c = await startConformance()
})

afterAll(async () => {
  await c.stop()
})

describe('statement lifecycle (through the AWS SDK)', () => {
  it('returns the Id at once; WaitTimeSeconds returns Status when done', async () => {
    const quick = await c.client.send(
      new ExecuteStatementCommand({ ...workgroup, Sql: 'select 1' }),
    )
    expect(quick.Id).toMatch(/^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$/)
    expect(quick.CreatedAt).toBeInstanceOf(Date)
    expect(quick.Status).toBeUndefined()
    const waited = await c.client.send(
      new ExecuteStatementCommand({ ...workgroup, Sql: 'select 1', WaitTimeSeconds: 20 }),
    )
    expect(waited.Status).toBe('FINISHED')
    expect(waited.HasResultSet).toBe(true)
  })

  it('DescribeStatement is filled as the service fills it', async () => {
    const d = await runToEnd(c.client, { ...workgroup, Sql: 'select 1 as a union all select 2' })
    expect(d).toMatchObject({
      Status: 'FINISHED',
      HasResultSet: true,
      ResultRows: 2,
      QueryString: 'select 1 as a union all select 2',
      WorkgroupName: 'default',
      Database: 'dev',
      DbUser: 'IAM:redstore',
      ResultFormat: 'JSON',
    })
    expect(d.CreatedAt).toBeInstanceOf(Date)
    expect(d.UpdatedAt!.getTime()).toBeGreaterThanOrEqual(d.CreatedAt!.getTime())
    expect(d.Duration).toBeGreaterThanOrEqual(0)
    expect(d.ResultSize).toBeGreaterThan(0)
    expect(d.RedshiftPid).toBeGreaterThan(0)
    expect(d.RedshiftQueryId).toBeGreaterThan(0)
  })

  it('a failing statement ends FAILED with the database error in Redshift wording', async () => {
    const d = await runToEnd(c.client, { ...workgroup, Sql: 'select * from public.no_such_table' })
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toMatch(/^ERROR: relation "(public\.)?no_such_table" does not exist/)
    const error = await rejection(c.client.send(new GetStatementResultCommand({ Id: d.Id })))
    expect(error).toBeInstanceOf(ValidationException)
  })

  it('an unknown statement Id is ResourceNotFoundException', async () => {
    const error = await rejection(
      c.client.send(new DescribeStatementCommand({ Id: '00000000-0000-0000-0000-000000000000' })),
    )
    expect(error).toBeInstanceOf(ResourceNotFoundException)
  })

  it('maps each column type to its Field member', async () => {
    const records = await query(
      c.client,
      `select 1::smallint as s, 2::int as i, 4294967296::bigint as b, 1.5::real as r,
         2.25::double precision as d, true as t, 12.50::decimal(10,2) as m, 'x'::varchar as v,
         '2024-02-29'::date as dt, null::int as n`,
    )
    expect(records).toEqual([
      [
        { longValue: 1 },
        { longValue: 2 },
        { longValue: 4294967296 },
        { doubleValue: 1.5 },
        { doubleValue: 2.25 },
        { booleanValue: true },
        { stringValue: '12.50' },
        { stringValue: 'x' },
        { stringValue: '2024-02-29' },
        { isNull: true },
      ],
    ])
  })
})

describe('ClientToken (through the AWS SDK)', () => {
  it('a repeated request returns the same statement without running it again', async () => {
    await runToEnd(c.client, { ...workgroup, Sql: 'create table token_rows (n int)' })
    const input = {
      ...workgroup,
      Sql: 'insert into token_rows values (1)',
      ClientToken: 'conformance-token-1',
      WaitTimeSeconds: 20,
    }
    const first = await c.client.send(new ExecuteStatementCommand(input))
    const second = await c.client.send(new ExecuteStatementCommand(input))
    expect(second.Id).toBe(first.Id)
    expect(await query(c.client, 'select count(*) from token_rows')).toEqual([[{ longValue: 1 }]])
  })
})

describe('ClientToken across a lost response (through the AWS SDK)', () => {
  it("the SDK's retry of a dropped ExecuteStatement runs the statement once", async () => {
    const lossy = await startConformance({
      faults: {
        rules: [
          {
            kind: 'drop-connection',
            operation: 'ExecuteStatement',
            schedule: [2, 3],
            afterExecute: true,
          },
        ],
      },
    })
    const retrying = new RedshiftDataClient({
      endpoint: lossy.emulator.endpoint,
      region: lossy.emulator.region,
      credentials: lossy.emulator.credentials,
      maxAttempts: 3,
    })
    try {
      await runToEnd(lossy.client, { ...workgroup, Sql: 'create table lost_rows (n int)' })
      const insert = { ...workgroup, Sql: 'insert into lost_rows values (1)' }
      // Call 2: the statement runs, the answer is lost, and a client without retries sees it fail.
      await rejection(lossy.client.send(new ExecuteStatementCommand(insert)))
      // Call 3 is lost the same way; the SDK retries it (call 4) with the same ClientToken.
      const out = await retrying.send(new ExecuteStatementCommand(insert))
      const d = await retrying.send(
        new DescribeStatementCommand({ Id: out.Id, WaitTimeSeconds: 20 }),
      )
      expect(d.Status).toBe('FINISHED')
      await vi.waitFor(async () => {
        const listed = await lossy.client.send(new ListStatementsCommand({}))
        expect(listed.Statements?.map((st) => st.Status)).toEqual([
          'FINISHED',
          'FINISHED',
          'FINISHED',
        ])
      })
      // One row from call 2, one from calls 3 and 4 together.
      expect(await query(lossy.client, 'select count(*) from lost_rows')).toEqual([
        [{ longValue: 2 }],
      ])
    } finally {
      retrying.destroy()
      await lossy.stop()
    }
  })
})

describe('CancelStatement (through the AWS SDK)', () => {
  it('stops a running statement and fails on a finished one', async () => {
    const slow = await startConformance({ latency: { statementMs: 60_000 } })
    try {
      const { Id } = await slow.client.send(
        new ExecuteStatementCommand({ ...workgroup, Sql: 'select 1' }),
      )
      // It reaches STARTED at once and stays there for the 60 s latency; poll, since a
      // loaded machine may take a moment to pick it.
      let running = await slow.client.send(new DescribeStatementCommand({ Id }))
      for (let i = 0; i < 100 && running.Status !== 'STARTED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        running = await slow.client.send(new DescribeStatementCommand({ Id }))
      }
      expect(running.Status).toBe('STARTED')
      const cancelled = await slow.client.send(new CancelStatementCommand({ Id }))
      expect(cancelled.Status).toBe(true)
      const d = await slow.client.send(new DescribeStatementCommand({ Id }))
      expect(d.Status).toBe('ABORTED')
      const again = await rejection(slow.client.send(new CancelStatementCommand({ Id })))
      expect(again).toBeInstanceOf(ValidationException)
      expect(again.message).toBe('Could not cancel a query that is already in ABORTED state.')
    } finally {
      await slow.stop()
    }
  })
})

describe('limits and faults (through the AWS SDK)', () => {
  it('refuses SQL over 100 KB', async () => {
    const error = await rejection(
      c.client.send(
        new ExecuteStatementCommand({ ...workgroup, Sql: `select '${'é'.repeat(51200)}'` }),
      ),
    )
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.message).toBe('Cannot process query string larger than 100kB')
  })

  it('caps active statements with ActiveStatementsExceededException', async () => {
    const capped = await startConformance({
      latency: { statementMs: 60_000 },
      limits: { maxActiveStatements: 1 },
    })
    try {
      await capped.client.send(new ExecuteStatementCommand({ ...workgroup, Sql: 'select 1' }))
      const error = await rejection(
        capped.client.send(new ExecuteStatementCommand({ ...workgroup, Sql: 'select 2' })),
      )
      expect(error).toBeInstanceOf(ActiveStatementsExceededException)
    } finally {
      await capped.stop()
    }
  })

  it('a serializable fault fails the statement with 1023 and applies nothing', async () => {
    const faulty = await startConformance({
      faults: { rules: [{ kind: 'serializable', operation: 'ExecuteStatement', schedule: [2] }] },
    })
    try {
      await runToEnd(faulty.client, { ...workgroup, Sql: 'create table fault_rows (n int)' })
      const d = await runToEnd(faulty.client, {
        ...workgroup,
        Sql: 'insert into fault_rows values (1)',
      })
      expect(d.Status).toBe('FAILED')
      expect(d.Error).toMatch(
        /^ERROR: 1023 DETAIL: Serializable isolation violation on table - 100000/,
      )
      expect(await query(faulty.client, 'select count(*) from fault_rows')).toEqual([
        [{ longValue: 0 }],
      ])
    } finally {
      await faulty.stop()
    }
  })
})
