import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  GetStatementResultV2Command,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type Conformance,
  cluster,
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
  c = await startConformance({ limits: { resultPageRows: 3 } })
})

afterAll(async () => {
  await c.stop()
})

async function batch(sqls: string[], mode?: 'TRANSACTION' | 'AUTO_COMMIT') {
  const out = await c.client.send(
    new BatchExecuteStatementCommand({
      ...cluster,
      Sqls: sqls,
      WaitTimeSeconds: 20,
      ...(mode !== undefined ? { ExecutionMode: mode } : {}),
    }),
  )
  return c.client.send(new DescribeStatementCommand({ Id: out.Id, WaitTimeSeconds: 20 }))
}

describe('BatchExecuteStatement (through the AWS SDK)', () => {
  it('runs the Sqls serially with SubStatements <id>:<n>', async () => {
    const d = await batch([
      'create table b_rows (n int)',
      'insert into b_rows values (1), (2)',
      'select n from b_rows order by n',
    ])
    expect(d.Status).toBe('FINISHED')
    expect(d.SubStatements?.map((s) => s.Id)).toEqual([`${d.Id}:1`, `${d.Id}:2`, `${d.Id}:3`])
    expect(d.SubStatements?.map((s) => s.ResultRows)).toEqual([0, 2, 2])
    const rows = await c.client.send(new GetStatementResultCommand({ Id: `${d.Id}:3` }))
    expect(rows.Records).toEqual([[{ longValue: 1 }], [{ longValue: 2 }]])
    const parent = await rejection(c.client.send(new GetStatementResultCommand({ Id: d.Id })))
    expect(parent).toBeInstanceOf(ValidationException)
    expect(parent.message).toBe(
      'BatchExecuteStatement result can only be retrieved with sub-statement id.',
    )
  })

  it('TRANSACTION is all or nothing', async () => {
    await runToEnd(c.client, { ...cluster, Sql: 'create table b_tx (n int)' })
    const d = await batch(['insert into b_tx values (1)', 'insert into b_tx values (1/0)'])
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toMatch(/^ERROR: division by zero/)
    expect(d.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED'])
    expect(await query(c.client, 'select count(*) from b_tx', cluster)).toEqual([
      [{ longValue: 0 }],
    ])
  })

  it('AUTO_COMMIT commits each Sql; the first failure stops the rest', async () => {
    await runToEnd(c.client, { ...cluster, Sql: 'create table b_auto (n int)' })
    const d = await batch(
      [
        'insert into b_auto values (1)',
        'insert into b_auto values (1/0)',
        'insert into b_auto values (3)',
      ],
      'AUTO_COMMIT',
    )
    expect(d.Status).toBe('FAILED')
    expect(d.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED', 'SUBMITTED'])
    expect(await query(c.client, 'select count(*) from b_auto', cluster)).toEqual([
      [{ longValue: 1 }],
    ])
  })

  it('temp tables live in their batch only', async () => {
    const d = await batch([
      'create temp table b_stage (n int)',
      'insert into b_stage values (7)',
      'select n from b_stage',
    ])
    expect(d.Status).toBe('FINISHED')
    const rows = await c.client.send(new GetStatementResultCommand({ Id: `${d.Id}:3` }))
    expect(rows.Records).toEqual([[{ longValue: 7 }]])
    const outside = await runToEnd(c.client, { ...cluster, Sql: 'select n from b_stage' })
    expect(outside.Status).toBe('FAILED')
  })
})

describe('GetStatementResult and V2 (through the AWS SDK)', () => {
  it('pages by NextToken and reports TotalNumRows and ColumnMetadata', async () => {
    const d = await runToEnd(c.client, {
      ...workgroup,
      Sql: 'select 1 as n union all select 2 union all select 3 union all select 4 order by 1',
    })
    const first = await c.client.send(new GetStatementResultCommand({ Id: d.Id }))
    expect(first.TotalNumRows).toBe(4)
    expect(first.Records).toHaveLength(3)
    expect(first.ColumnMetadata?.[0]).toMatchObject({ name: 'n', typeName: 'int4' })
    expect(first.NextToken).toBeDefined()
    const second = await c.client.send(
      new GetStatementResultCommand({ Id: d.Id, NextToken: first.NextToken }),
    )
    expect(second.Records).toEqual([[{ longValue: 4 }]])
    expect(second.NextToken).toBeUndefined()
  })

  it('GetStatementResultV2 returns CSV for statements run with ResultFormat CSV only', async () => {
    const { Id } = await c.client.send(
      new ExecuteStatementCommand({
        ...workgroup,
        Sql: `select 'a,"b"' as s, null::varchar as nothing`,
        ResultFormat: 'CSV',
        WaitTimeSeconds: 20,
      }),
    )
    const v2 = await c.client.send(new GetStatementResultV2Command({ Id }))
    expect(v2.ResultFormat).toBe('CSV')
    expect(v2.Records).toEqual([{ CSVRecords: 's,nothing\n"a,""b""",\n' }])
    const v1 = await rejection(c.client.send(new GetStatementResultCommand({ Id })))
    expect(v1).toBeInstanceOf(ValidationException)
    const json = await runToEnd(c.client, { ...workgroup, Sql: 'select 1' })
    const wrong = await rejection(c.client.send(new GetStatementResultV2Command({ Id: json.Id })))
    expect(wrong).toBeInstanceOf(ValidationException)
  })

  it('a statement without a result set has no result', async () => {
    const d = await runToEnd(c.client, { ...workgroup, Sql: 'create table r_none (n int)' })
    expect(d.HasResultSet).toBe(false)
    const error = await rejection(c.client.send(new GetStatementResultCommand({ Id: d.Id })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
  })
})
