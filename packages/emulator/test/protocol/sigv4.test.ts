import {
  ListDatabasesCommand,
  RedshiftDataClient,
  type RedshiftDataClientConfig,
  RedshiftDataServiceException,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorCredentials } from '../../src/EmulatorOptions.js'
import { createSigV4Verifier } from '../../src/protocol/SigV4Verifier.js'
import { startWireServer, type WireServer } from '../../src/protocol/WireServer.js'
import { recordingHandlers } from './recordingHandlers.js'

const permanent: EmulatorCredentials = {
  accessKeyId: 'AKIAPERMANENT0000001',
  secretAccessKey: 'permanent/secret+key=with/odd+chars',
  iamIdentity: 'IAM:alice',
}
const temporary: EmulatorCredentials = {
  accessKeyId: 'ASIATEMPORARY0000001',
  secretAccessKey: 'temporary-secret',
  sessionToken: 'session-token/with+base64==',
  iamIdentity: 'IAMR:loader',
}
const bare: EmulatorCredentials = { accessKeyId: 'AKIABARE', secretAccessKey: 'bare-secret' }

const { handlers, calls } = recordingHandlers({
  ListDatabases: async () => ({ Databases: ['dev'] }),
})
let server: WireServer
const clients: Array<RedshiftDataClient> = []

beforeAll(async () => {
  server = await startWireServer({
    handlers,
    verifier: createSigV4Verifier({
      region: 'us-east-1',
      service: 'redshift-data',
      credentials: [permanent, temporary, bare],
    }),
  })
})

afterAll(async () => {
  for (const client of clients) client.destroy()
  await server.close()
})

const clientWith = (config: Partial<RedshiftDataClientConfig>): RedshiftDataClient => {
  const client = new RedshiftDataClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    ...config,
  })
  clients.push(client)
  return client
}

const listDatabases = (client: RedshiftDataClient) =>
  client.send(new ListDatabasesCommand({ Database: 'dev', WorkgroupName: 'default' }))

const failure = async (promise: Promise<unknown>): Promise<RedshiftDataServiceException> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(RedshiftDataServiceException)
  return error as RedshiftDataServiceException
}

describe('SigV4 verification', () => {
  it('accepts a request signed with a configured key and passes the signer on', async () => {
    const out = await listDatabases(clientWith({ credentials: permanent }))
    expect(out.Databases).toEqual(['dev'])
    expect(calls.at(-1)?.context.accessKeyId).toBe(permanent.accessKeyId)
    expect(calls.at(-1)?.context.iamIdentity).toBe('IAM:alice')
  })

  it('names a key without iamIdentity IAM:<accessKeyId>', async () => {
    await listDatabases(clientWith({ credentials: bare }))
    expect(calls.at(-1)?.context.iamIdentity).toBe('IAM:AKIABARE')
  })

  it('accepts temporary credentials with their session token', async () => {
    await listDatabases(clientWith({ credentials: temporary }))
    expect(calls.at(-1)?.context.iamIdentity).toBe('IAMR:loader')
  })

  it('rejects an unknown access key with UnrecognizedClientException', async () => {
    const before = calls.length
    const error = await failure(
      listDatabases(
        clientWith({ credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } }),
      ),
    )
    expect(error.name).toBe('UnrecognizedClientException')
    expect(error.message).toBe('The security token included in the request is invalid.')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(calls.length).toBe(before)
  })

  it('rejects temporary keys without, or with the wrong, session token', async () => {
    const { sessionToken: _, ...withoutToken } = temporary
    for (const credentials of [
      withoutToken,
      { ...temporary, sessionToken: 'another-token' },
      { ...permanent, sessionToken: 'a-token-the-key-does-not-have' },
    ]) {
      const error = await failure(listDatabases(clientWith({ credentials })))
      expect(error.name).toBe('UnrecognizedClientException')
    }
  })

  it('rejects a wrong secret with InvalidSignatureException', async () => {
    const error = await failure(
      listDatabases(clientWith({ credentials: { ...permanent, secretAccessKey: 'wrong' } })),
    )
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toMatch(/^The request signature we calculated does not match/)
  })

  it('rejects a body changed after signing', async () => {
    const client = clientWith({ credentials: permanent })
    let tampered = false
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown; headers: Record<string, string> }
        const text =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array)
        request.body = text.replace('"dev"', '"prod"')
        request.headers['content-length'] = String(Buffer.byteLength(request.body as string))
        tampered = request.headers['authorization'] !== undefined && text.includes('"dev"')
        return next(args)
      },
      { step: 'finalizeRequest', priority: 'low', name: 'tamperAfterSigning' },
    )
    const error = await failure(listDatabases(client))
    expect(tampered).toBe(true)
    expect(error.name).toBe('InvalidSignatureException')
  })

  it('rejects a signature scoped to another region', async () => {
    const error = await failure(
      listDatabases(clientWith({ credentials: permanent, region: 'eu-west-1' })),
    )
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toContain("not 'eu-west-1'")
  })

  it('rejects a request signed more than 5 minutes ago as expired', async () => {
    const error = await failure(
      listDatabases(clientWith({ credentials: permanent, systemClockOffset: -6 * 60 * 1000 })),
    )
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/)
  })

  it('rejects a request signed more than 5 minutes ahead', async () => {
    const error = await failure(
      listDatabases(clientWith({ credentials: permanent, systemClockOffset: 6 * 60 * 1000 })),
    )
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toMatch(/^Signature not yet current/)
  })

  it('accepts a request signed 4 minutes off', async () => {
    const out = await listDatabases(
      clientWith({ credentials: permanent, systemClockOffset: -4 * 60 * 1000 }),
    )
    expect(out.Databases).toEqual(['dev'])
  })

  it('answers an unsigned request with MissingAuthenticationTokenException', async () => {
    const response = await fetch(`${server.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'RedshiftData.ListDatabases',
      },
      body: '{"Database":"dev"}',
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
  })

  it('answers an Authorization header of another scheme with IncompleteSignatureException', async () => {
    const response = await fetch(`${server.endpoint}/`, {
      method: 'POST',
      headers: {
        authorization: 'Basic dXNlcjpwYXNz',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'RedshiftData.ListDatabases',
      },
      body: '{"Database":"dev"}',
    })
    expect(response.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException')
  })
})

describe('createSigV4Verifier', () => {
  // The get-vanilla case of the AWS SigV4 test suite.
  const verify = createSigV4Verifier({
    region: 'us-east-1',
    service: 'service',
    credentials: [
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    ],
    now: () => Date.UTC(2015, 7, 30, 12, 36, 0),
  })
  const vanilla = (signature: string) => ({
    method: 'GET',
    url: '/',
    headers: {
      host: ['example.amazonaws.com'],
      'x-amz-date': ['20150830T123600Z'],
      authorization: [
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
      ],
    },
    body: new Uint8Array(),
  })

  it('verifies the published get-vanilla signature', () => {
    expect(
      verify(vanilla('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31')),
    ).toEqual({ accessKeyId: 'AKIDEXAMPLE', iamIdentity: 'IAM:AKIDEXAMPLE' })
  })

  it('refuses the same request with one signature digit changed', () => {
    expect(() =>
      verify(vanilla('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30')),
    ).toThrow(/does not match/)
  })

  const withAuthorization = (
    authorization: string,
    headers: Record<string, Array<string>> = {},
  ) => ({
    ...vanilla('0'.repeat(64)),
    headers: { ...vanilla('0'.repeat(64)).headers, ...headers, authorization: [authorization] },
  })
  const scope = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request'

  it.each([
    [
      'AWS4-HMAC-SHA1 Credential=x, SignedHeaders=host, Signature=00',
      "Unsupported AWS 'algorithm'",
    ],
    ['AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00', "requires 'Credential' parameter"],
    [
      `AWS4-HMAC-SHA256 Credential=${scope}`,
      "requires 'SignedHeaders' parameter. Authorization header requires 'Signature'",
    ],
    [
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host, Signature=00',
      'Credential should be a key and scope',
    ],
  ])('reads %s as an incomplete signature', (authorization, message) => {
    expect(() => verify(withAuthorization(authorization))).toThrow(message)
  })

  it('checks the scope date, the signed host header and the declared payload hash', () => {
    const signature = '0'.repeat(64)
    expect(() =>
      verify(
        withAuthorization(
          `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150829/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
        ),
      ),
    ).toThrow(
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830'",
    )
    expect(() =>
      verify(
        withAuthorization(
          `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=x-amz-date, Signature=${signature}`,
        ),
      ),
    ).toThrow("'Host' must be a 'SignedHeader'")
    expect(() =>
      verify(
        withAuthorization(
          `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
          {
            'x-amz-content-sha256': ['0'.repeat(64)],
          },
        ),
      ),
    ).toThrow("The provided 'x-amz-content-sha256' header does not match what was computed.")
  })

  it('takes the signing time from the Date header when X-Amz-Date is absent', () => {
    const request = vanilla('0'.repeat(64))
    const { 'x-amz-date': _, ...headers } = request.headers
    const dated = { ...request, headers: { ...headers, date: ['Sun, 30 Aug 2015 12:00:00 GMT'] } }
    expect(() => verify(dated)).toThrow(
      'Signature expired: 20150830T120000Z is now earlier than 20150830T123100Z (20150830T123600Z - 5 min.)',
    )
    const undated = { ...request, headers }
    expect(() => verify(undated)).toThrow(
      "requires existence of either a 'X-Amz-Date' or a 'Date' header",
    )
  })
})
