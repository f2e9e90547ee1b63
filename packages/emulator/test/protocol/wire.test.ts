import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  InternalServerException,
  ListDatabasesCommand,
  RedshiftDataClient,
  RedshiftDataServiceException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ServiceError } from '../../src/protocol/contract.js'
import { startWireServer, type WireServer } from '../../src/protocol/WireServer.js'
import { recordingHandlers } from './recordingHandlers.js'

const statementId = 'd9b6c0c9-0747-4bf4-b142-e8883122f766'
const { handlers, calls } = recordingHandlers({
  ExecuteStatement: async () => ({ Id: statementId, CreatedAt: 1_764_000_000.5, Database: 'dev' }),
  DescribeStatement: async (input) => {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Query does not exist: ${input['Id']}`,
      400,
      {
        ResourceId: input['Id'],
      },
    )
  },
  GetStatementResult: async () => ({
    Records: [[{ longValue: 9_007_199_254_740_993n }, { isNull: true }]],
    TotalNumRows: 1,
  }),
  ListDatabases: async () => {
    throw new Error('the engine is gone')
  },
})

let server: WireServer
let client: RedshiftDataClient

beforeAll(async () => {
  server = await startWireServer({ handlers, anonymousIdentity: 'IAM:tester' })
  client = new RedshiftDataClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  })
})

afterAll(async () => {
  client.destroy()
  await server.close()
})

const post = (
  target: string | undefined,
  body: string,
  contentType = 'application/x-amz-json-1.1',
) =>
  fetch(`${server.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(target === undefined ? {} : { 'x-amz-target': target }),
    },
    body,
  })

describe('wire layer', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.port).toBeGreaterThan(0)
  })

  it('routes an SDK call to its handler with the validated input and a context', async () => {
    const out = await client.send(
      new ExecuteStatementCommand({ Sql: 'select 1', WorkgroupName: 'default', Database: 'dev' }),
    )
    expect(out.Id).toBe(statementId)
    expect(out.CreatedAt).toEqual(new Date(1_764_000_000_500))
    const call = calls.at(-1)!
    expect(call.operation).toBe('ExecuteStatement')
    expect(call.input['Sql']).toBe('select 1')
    expect(call.input['WorkgroupName']).toBe('default')
    expect(call.context.iamIdentity).toBe('IAM:tester')
    expect(call.context.accessKeyId).toBeUndefined()
    expect(call.context.signal.aborted).toBe(false)
    expect(out.$metadata.requestId).toBe(call.context.requestId)
  })

  it('writes bigint values as exact JSON integers', async () => {
    const response = await post(
      'RedshiftData.GetStatementResult',
      JSON.stringify({ Id: statementId }),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    const text = await response.text()
    expect(text).toContain('"longValue":9007199254740993')
    const viaSdk = await client.send(new GetStatementResultCommand({ Id: statementId }))
    expect(viaSdk.Records?.[0]?.[1]).toEqual({ isNull: true })
  })

  it('answers a modeled error with its status, header, __type and extra members', async () => {
    const error = await client
      .send(new DescribeStatementCommand({ Id: statementId }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    const notFound = error as ResourceNotFoundException
    expect(notFound.$metadata.httpStatusCode).toBe(404)
    expect(notFound.ResourceId).toBe(statementId)
    expect(notFound.message).toBe(`Query does not exist: ${statementId}`)

    const raw = await post('RedshiftData.DescribeStatement', JSON.stringify({ Id: statementId }))
    expect(raw.status).toBe(404)
    expect(raw.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    expect(await raw.json()).toEqual({
      __type: 'ResourceNotFoundException',
      message: `Query does not exist: ${statementId}`,
      ResourceId: statementId,
    })
  })

  it('turns an unexpected handler error into InternalServerException 500', async () => {
    const error = await client
      .send(new ListDatabasesCommand({ Database: 'dev' }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InternalServerException)
    expect((error as InternalServerException).$metadata.httpStatusCode).toBe(500)
    expect((error as InternalServerException).message).toContain('the engine is gone')
  })

  it('answers an unknown operation with UnknownOperationException', async () => {
    const response = await post('RedshiftData.DropEverything', '{}')
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    const body = (await response.json()) as Record<string, unknown>
    expect(body['__type']).toBe('UnknownOperationException')

    const noTarget = await post(undefined, '{}')
    expect(noTarget.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    const otherService = await post('DynamoDB_20120810.ListTables', '{}')
    expect(otherService.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    const get = await fetch(`${server.endpoint}/`)
    expect(get.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
  })

  it('answers malformed JSON and a non-object body with SerializationException', async () => {
    for (const body of ['{"Sql": ', '[1, 2]', '"text"', 'null']) {
      const response = await post('RedshiftData.ExecuteStatement', body)
      expect(response.status).toBe(400)
      expect(response.headers.get('x-amzn-errortype')).toBe('SerializationException')
    }
    const wrongType = await post('RedshiftData.ExecuteStatement', '{}', 'text/plain')
    expect(wrongType.headers.get('x-amzn-errortype')).toBe('SerializationException')
  })

  it('reads an empty body as an empty input, which validation then judges', async () => {
    const response = await post('RedshiftData.ListStatements', '')
    expect(response.status).toBe(200)
    const missing = await post('RedshiftData.ExecuteStatement', '')
    expect(await missing.json()).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'sql' failed to satisfy constraint: Member must not be null",
    })
  })

  it('raises the SDK ValidationException for a batch of 41 statements', async () => {
    const before = calls.length
    const error = await client
      .send(
        new BatchExecuteStatementCommand({
          Sqls: Array.from({ length: 41 }, (_, i) => `select ${i}`),
          WorkgroupName: 'default',
          Database: 'dev',
        }),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationException)
    expect((error as ValidationException).message).toMatch(
      /^1 validation error detected: Value '\[select 0, select 1, .*select 40\]' at 'sqls' failed to satisfy constraint: Member must have length less than or equal to 40$/,
    )
    expect(calls.length).toBe(before)
  })

  it('maps an error name outside the model to a named SDK service exception', async () => {
    const response = await post('RedshiftData.ExecuteStatement', '{"Sql": 5}')
    expect(response.headers.get('x-amzn-errortype')).toBe('SerializationException')
    const error = await client
      .send(new ExecuteStatementCommand({ Sql: 5 as unknown as string, Database: 'dev' }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedshiftDataServiceException)
    expect((error as RedshiftDataServiceException).name).toBe('SerializationException')
  })

  it('aborts the context signal when the server closes with a call in flight', async () => {
    let seen: AbortSignal | undefined
    const slow = recordingHandlers({
      ListSchemas: (_input, context) =>
        new Promise((resolve) => {
          seen = context.signal
          context.signal.addEventListener('abort', () => resolve({ Schemas: [] }))
        }),
    })
    const other = await startWireServer({ handlers: slow.handlers })
    const pending = fetch(`${other.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'RedshiftData.ListSchemas',
      },
      body: '{"Database":"dev"}',
    }).catch((e: unknown) => e)
    await expect.poll(() => seen).toBeDefined()
    await other.close()
    expect(seen?.aborted).toBe(true)
    expect(await pending).toBeInstanceOf(Error)
  })
})

describe('listening', () => {
  it('says so when the port is taken', async () => {
    const taken = await startWireServer({ handlers })
    try {
      await expect(startWireServer({ handlers, port: taken.port })).rejects.toThrow(
        `The emulator cannot listen on 127.0.0.1:${taken.port}: port ${taken.port} is in use`,
      )
    } finally {
      await taken.close()
    }
  })
})
