import {
  ExecuteStatementCommand,
  ListDatabasesCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigV4Verifier } from '../../src/protocol/SigV4Verifier.js'
import { startWireServer, type WireServer } from '../../src/protocol/WireServer.js'
import { recordingHandlers } from './recordingHandlers.js'

const credentials = { accessKeyId: 'AKIACONCURRENT', secretAccessKey: 'concurrent-secret' }
const { handlers, calls } = recordingHandlers({
  // Answers out of order: each call waits a little, longer for earlier calls.
  ExecuteStatement: async (input) => {
    const sql = String(input['Sql'])
    await new Promise((resolve) => setTimeout(resolve, (sql.length * 7) % 23))
    return { Id: sql, Database: input['Database'] }
  },
  ListDatabases: async () => ({ Databases: ['dev'] }),
})
let server: WireServer
let client: RedshiftDataClient

beforeAll(async () => {
  server = await startWireServer({
    handlers,
    verifier: createSigV4Verifier({
      region: 'us-east-1',
      service: 'redshift-data',
      credentials: [credentials],
    }),
  })
  client = new RedshiftDataClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  })
})

afterAll(async () => {
  client.destroy()
  await server.close()
})

describe('the wire layer under concurrent and hostile input', () => {
  it('answers 200 concurrent signed calls each with its own result', async () => {
    const sqls = Array.from({ length: 200 }, (_, i) => `select ${i} -- ${'x'.repeat(i % 17)}`)
    const before = calls.length
    const answers = await Promise.all(
      sqls.map((Sql) =>
        client.send(
          new ExecuteStatementCommand({ Sql, Database: 'dev', WorkgroupName: 'default' }),
        ),
      ),
    )
    expect(answers.map((a) => a.Id)).toEqual(sqls)
    const ids = new Set(answers.map((a) => a.$metadata.requestId))
    expect(ids.size).toBe(sqls.length)
    expect(calls.length - before).toBe(sqls.length)
  })

  it('signs, verifies and carries any SQL text unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), async (Sql) => {
        const out = await client.send(new ExecuteStatementCommand({ Sql, Database: 'dev' }))
        expect(out.Id).toBe(Sql)
        expect(calls.at(-1)?.input['Sql']).toBe(Sql)
      }),
      { numRuns: 60 },
    )
    const hostile = 'x\'; drop table t; --\\\u0000\u2028\ud83d\ude00\r\n"}{'
    expect(
      (await client.send(new ExecuteStatementCommand({ Sql: hostile, Database: 'dev' }))).Id,
    ).toBe(hostile)
  })

  it('lets the SDK correct a skewed clock from the Date header and retry', async () => {
    const skewed = new RedshiftDataClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 2,
      systemClockOffset: -20 * 60 * 1000,
    })
    try {
      const out = await skewed.send(new ListDatabasesCommand({ Database: 'dev' }))
      expect(out.Databases).toEqual(['dev'])
      expect(out.$metadata.attempts).toBe(2)
    } finally {
      skewed.destroy()
    }
  })
})
