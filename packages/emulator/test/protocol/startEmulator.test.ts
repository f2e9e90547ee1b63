import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListDatabasesCommand,
  ListStatementsCommand,
  RedshiftDataClient,
  ValidationException,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../../src/Emulator.js'
import {
  defaultCredentials,
  defaultRegion,
  InvalidEmulatorOptionError,
} from '../../src/EmulatorOptions.js'

// One PGlite instance for the whole file: the serializable fault fires on the 2nd statement.
let emulator: Emulator
let client: RedshiftDataClient

beforeAll(async () => {
  emulator = await startEmulator({
    workgroups: ['default', 'analytics'],
    faults: {
      seed: 3,
      rules: [
        { kind: 'serializable', operation: 'ExecuteStatement', schedule: [2] },
        // Only valid calls count, so this is the first valid BatchExecuteStatement.
        {
          kind: 'drop-connection',
          operation: 'BatchExecuteStatement',
          schedule: [1],
          afterExecute: true,
        },
      ],
    },
  })
  client = new RedshiftDataClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
    maxAttempts: 1,
  })
}, 60_000)

afterAll(async () => {
  client.destroy()
  await emulator.stop()
})

const target = { WorkgroupName: 'default', Database: 'dev' }

describe('startEmulator', () => {
  it('resolves to an endpoint on 127.0.0.1 with the default region and key pair', () => {
    expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emulator.region).toBe(defaultRegion)
    expect(emulator.credentials).toEqual({
      accessKeyId: defaultCredentials.accessKeyId,
      secretAccessKey: defaultCredentials.secretAccessKey,
    })
    expect(emulator.config.workgroups).toEqual(['default', 'analytics'])
  })

  it('runs SQL through the SDK as the signing identity', async () => {
    const { Id } = await client.send(
      new ExecuteStatementCommand({ ...target, Sql: 'select current_user', WaitTimeSeconds: 20 }),
    )
    const result = await client.send(new GetStatementResultCommand({ Id }))
    expect(result.Records?.[0]?.[0]?.stringValue).toBe(defaultCredentials.iamIdentity)
  }, 60_000)

  it('hands a serializable fault to the statement, which ends FAILED with 1023', async () => {
    const { Id } = await client.send(
      new ExecuteStatementCommand({ ...target, Sql: 'select 2', WaitTimeSeconds: 20 }),
    )
    const described = await client.send(new DescribeStatementCommand({ Id }))
    expect(described.Status).toBe('FAILED')
    expect(described.Error).toContain('1023')
  }, 60_000)

  it('validates inputs before the operations see them', async () => {
    const error = await client
      .send(new BatchExecuteStatementCommand({ ...target, Sqls: [] }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationException)
  })

  it('loses the answer of a batch; the SDK retries with the same ClientToken and runs it once', async () => {
    const retrying = new RedshiftDataClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: emulator.credentials,
      maxAttempts: 3,
    })
    try {
      const out = await retrying.send(
        new BatchExecuteStatementCommand({
          ...target,
          Sqls: ['create table lost_answer (id int)', 'insert into lost_answer values (1)'],
          StatementName: 'lost-answer',
          WaitTimeSeconds: 20,
        }),
      )
      expect(out.$metadata.attempts).toBe(2)
      const listed = await retrying.send(
        new ListStatementsCommand({ StatementName: 'lost-answer', Status: 'ALL' }),
      )
      expect(listed.Statements?.map((s) => s.Id)).toEqual([out.Id])
      const { Id } = await retrying.send(
        new ExecuteStatementCommand({
          ...target,
          Sql: 'select count(*) from lost_answer',
          WaitTimeSeconds: 20,
        }),
      )
      const count = await retrying.send(new GetStatementResultCommand({ Id }))
      expect(count.Records?.[0]?.[0]?.longValue).toBe(1)
    } finally {
      retrying.destroy()
    }
  }, 60_000)

  it('refuses options it cannot use before starting anything', async () => {
    await expect(startEmulator({ port: 70000 })).rejects.toBeInstanceOf(InvalidEmulatorOptionError)
    await expect(
      startEmulator({ faults: { rules: [{ kind: 'throttling', rate: 2 }] } }),
    ).rejects.toThrow('faults.rules[0].rate')
    await expect(startEmulator({ credentials: [] })).rejects.toThrow('credentials')
  })

  it('stops: the endpoint no longer answers and stop() can be called again', async () => {
    const other = await startEmulator({ auth: 'none' })
    const otherClient = new RedshiftDataClient({
      endpoint: other.endpoint,
      region: 'any-region',
      credentials: { accessKeyId: 'anything', secretAccessKey: 'anything' },
      maxAttempts: 1,
    })
    const listed = await otherClient.send(new ListDatabasesCommand(target))
    expect(listed.Databases).toContain('dev')
    await other.stop()
    await other.stop()
    await expect(otherClient.send(new ListDatabasesCommand(target))).rejects.toThrow()
    otherClient.destroy()
  }, 60_000)
})
