import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  InternalServerException,
  ListDatabasesCommand,
  RedshiftDataClient,
  RedshiftDataServiceException,
} from '@aws-sdk/client-redshift-data'
import { afterEach, describe, expect, it } from 'vitest'
import { type FaultOptions, InvalidEmulatorOptionError } from '../../src/EmulatorOptions.js'
import { createFaultInjector } from '../../src/faults/FaultInjector.js'
import { seededRandom } from '../../src/faults/SeededRandom.js'
import type { OperationName } from '../../src/protocol/contract.js'
import { startWireServer, type WireServer } from '../../src/protocol/WireServer.js'
import { recordingHandlers } from './recordingHandlers.js'

const statementId = 'd9b6c0c9-0747-4bf4-b142-e8883122f766'
const open: Array<{ server: WireServer; client: RedshiftDataClient }> = []

afterEach(async () => {
  for (const { server, client } of open.splice(0)) {
    client.destroy()
    await server.close()
  }
})

const emulate = async (faults: FaultOptions, maxAttempts = 1, apiLatencyMs = 0) => {
  const recorded = recordingHandlers({
    ExecuteStatement: async () => ({ Id: statementId }),
    DescribeStatement: async () => ({ Id: statementId, Status: 'FINISHED' }),
    ListDatabases: async () => ({ Databases: ['dev'] }),
  })
  const server = await startWireServer({
    handlers: recorded.handlers,
    faults: createFaultInjector(faults),
    apiLatencyMs,
  })
  const client = new RedshiftDataClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    maxAttempts,
  })
  open.push({ server, client })
  return { client, calls: recorded.calls }
}

const execute = (client: RedshiftDataClient) =>
  client.send(
    new ExecuteStatementCommand({ Sql: 'select 1', Database: 'dev', WorkgroupName: 'default' }),
  )

/** What each of `n` calls ended as: 'ok' or the error's name. */
const outcomes = async (client: RedshiftDataClient, n: number): Promise<Array<string>> => {
  const result: Array<string> = []
  for (let i = 0; i < n; i++) {
    result.push(
      await execute(client).then(
        () => 'ok',
        (e: unknown) => (e as Error).name,
      ),
    )
  }
  return result
}

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, seededRandom(seed))
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
    for (const value of draw(0)) {
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThan(1)
    }
  })
})

describe('createFaultInjector', () => {
  const sequence = (faults: FaultOptions, operations: ReadonlyArray<OperationName>) => {
    const injector = createFaultInjector(faults)
    return operations.map((op) => injector.nextApiFault(op)?.kind ?? '-')
  }

  it('fires a schedule on exactly the listed calls of its operation', () => {
    const faults: FaultOptions = {
      rules: [{ kind: 'internal', operation: 'ExecuteStatement', schedule: [2, 4] }],
    }
    expect(
      sequence(faults, [
        'ExecuteStatement',
        'DescribeStatement',
        'ExecuteStatement',
        'DescribeStatement',
        'ExecuteStatement',
        'ExecuteStatement',
        'ExecuteStatement',
      ]),
    ).toEqual(['-', '-', 'internal', '-', '-', 'internal', '-'])
  })

  it('gives the same faults for the same seed, whatever other rules see', () => {
    const ops = Array.from(
      { length: 200 },
      (_, i): OperationName => (i % 3 === 0 ? 'DescribeStatement' : 'ExecuteStatement'),
    )
    const rate: FaultOptions = {
      seed: 1234,
      rules: [{ kind: 'throttling', operation: 'ExecuteStatement', rate: 0.3 }],
    }
    const first = sequence(rate, ops)
    expect(sequence(rate, ops)).toEqual(first)
    const fired = first.filter((k) => k === 'throttling').length
    expect(fired).toBeGreaterThan(10)
    expect(fired).toBeLessThan(80)
    expect(sequence({ ...rate, seed: 1235 }, ops)).not.toEqual(first)
    expect(first.filter((_, i) => ops[i] === 'DescribeStatement').every((k) => k === '-')).toBe(
      true,
    )
  })

  it('fires every matching call for a rule with neither rate nor schedule, and none at rate 0', () => {
    expect(sequence({ rules: [{ kind: 'throttling' }] }, ['ListTables', 'ListSchemas'])).toEqual([
      'throttling',
      'throttling',
    ])
    expect(
      sequence({ rules: [{ kind: 'throttling', rate: 0 }] }, ['ListTables', 'ListSchemas']),
    ).toEqual(['-', '-'])
  })

  it('answers statement faults only from serializable rules', () => {
    const injector = createFaultInjector({
      rules: [
        { kind: 'throttling' },
        { kind: 'serializable', operation: 'BatchExecuteStatement', schedule: [1] },
        { kind: 'serializable', operation: 'ExecuteStatement', schedule: [2] },
      ],
    })
    expect(injector.nextStatementFault('ExecuteStatement')).toBeUndefined()
    expect(injector.nextStatementFault('BatchExecuteStatement')).toBe('serializable')
    expect(injector.nextStatementFault('ExecuteStatement')).toBe('serializable')
    expect(injector.nextStatementFault('BatchExecuteStatement')).toBeUndefined()
    expect(injector.nextApiFault('ExecuteStatement')).toEqual({ kind: 'throttling' })
  })

  it('refuses rules it cannot apply, saying where and what to do', () => {
    const bad: ReadonlyArray<FaultOptions> = [
      { rules: [{ kind: 'throttling', rate: 1.5 }] },
      { rules: [{ kind: 'throttling', schedule: [0] }] },
      { rules: [{ kind: 'explode' as 'internal' }] },
      { rules: [{ kind: 'internal', operation: 'DropTable' as OperationName }] },
      { rules: [{ kind: 'serializable', operation: 'ListTables' }] },
      { rules: [{ kind: 'throttling', afterExecute: true }] },
    ]
    for (const faults of bad) {
      expect(() => createFaultInjector(faults)).toThrow(InvalidEmulatorOptionError)
    }
    expect(() =>
      createFaultInjector({ rules: [{ kind: 'internal' }, { kind: 'internal', rate: -1 }] }),
    ).toThrow('Invalid emulator option faults.rules[1].rate')
  })
})

describe('faults on the wire', () => {
  it('answers a throttling fault with ThrottlingException 400, which the SDK retries', async () => {
    const { client, calls } = await emulate({
      rules: [{ kind: 'throttling', operation: 'ExecuteStatement', schedule: [1] }],
    })
    const error = await execute(client).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedshiftDataServiceException)
    expect((error as RedshiftDataServiceException).name).toBe('ThrottlingException')
    expect((error as RedshiftDataServiceException).$metadata.httpStatusCode).toBe(400)
    expect(calls).toHaveLength(0)
    expect((await execute(client)).Id).toBe(statementId)

    const retrying = await emulate(
      { rules: [{ kind: 'throttling', operation: 'ExecuteStatement', schedule: [1] }] },
      3,
    )
    const out = await execute(retrying.client)
    expect(out.$metadata.attempts).toBe(2)
    expect(retrying.calls).toHaveLength(1)
  })

  it('answers an internal fault with InternalServerException 500', async () => {
    const { client } = await emulate({ rules: [{ kind: 'internal', schedule: [1] }] })
    const error = await client.send(new ListDatabasesCommand({ Database: 'dev' })).catch((e) => e)
    expect(error).toBeInstanceOf(InternalServerException)
    expect((error as InternalServerException).$metadata.httpStatusCode).toBe(500)
    expect((error as InternalServerException).$fault).toBe('server')
  })

  it('drops the connection before running the call', async () => {
    const { client, calls } = await emulate({
      rules: [{ kind: 'drop-connection', operation: 'ExecuteStatement', schedule: [1] }],
    })
    const error = await execute(client).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(RedshiftDataServiceException)
    expect(calls).toHaveLength(0)
    expect((await execute(client)).Id).toBe(statementId)
    expect(calls).toHaveLength(1)
  })

  it('with afterExecute runs the call and loses its answer', async () => {
    const { client, calls } = await emulate({
      rules: [
        {
          kind: 'drop-connection',
          operation: 'ExecuteStatement',
          schedule: [1],
          afterExecute: true,
        },
      ],
    })
    const error = await execute(client).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(RedshiftDataServiceException)
    expect(calls.map((c) => c.operation)).toEqual(['ExecuteStatement'])
    const status = await client.send(new DescribeStatementCommand({ Id: statementId }))
    expect(status.Status).toBe('FINISHED')
  })

  it('reproduces the same faults from the same seed', async () => {
    const faults = (seed: number): FaultOptions => ({
      seed,
      rules: [
        { kind: 'throttling', operation: 'ExecuteStatement', rate: 0.3 },
        { kind: 'internal', operation: 'ExecuteStatement', rate: 0.2 },
      ],
    })
    const first = await outcomes((await emulate(faults(99))).client, 30)
    const again = await outcomes((await emulate(faults(99))).client, 30)
    const other = await outcomes((await emulate(faults(100))).client, 30)
    expect(again).toEqual(first)
    expect(other).not.toEqual(first)
    expect(first).toContain('ThrottlingException')
    expect(first).toContain('InternalServerException')
    expect(first).toContain('ok')
  })

  it('waits latency.apiMs before answering', async () => {
    const { client } = await emulate({ rules: [] }, 1, 150)
    const started = performance.now()
    await execute(client)
    expect(performance.now() - started).toBeGreaterThanOrEqual(145)
  })
})
