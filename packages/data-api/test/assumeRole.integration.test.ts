/**
 * The assume-role path end to end: STS (a minimal AssumeRole endpoint on 127.0.0.1, since the
 * emulator speaks only the Data API) hands out temporary keys, and the emulator must see
 * requests signed with them.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { defaultCredentials, type Emulator, startEmulator } from '@redstore/emulator'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assumeRole, staticKeys } from '../src/Credentials.js'
import { layerFor, rows, run } from './support/emulator.js'

const roleKeys = {
  accessKeyId: 'ASIAREDSTOREROLE0001',
  secretAccessKey: 'role-secret-access-key',
  sessionToken: 'role-session-token',
  iamIdentity: 'IAMR:loader',
}

let emulator: Emulator
let sts: Server
let stsEndpoint: string
const stsRequests: Array<{ readonly body: string; readonly authorization: string | undefined }> = []

beforeAll(async () => {
  emulator = await startEmulator({ credentials: [defaultCredentials, roleKeys] })
  sts = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    req.on('end', () => {
      stsRequests.push({ body, authorization: req.headers.authorization })
      res.writeHead(200, { 'content-type': 'text/xml' })
      res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${roleKeys.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${roleKeys.secretAccessKey}</SecretAccessKey>
      <SessionToken>${roleKeys.sessionToken}</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAREDSTORE:batch</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/loader/batch</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
</AssumeRoleResponse>`)
    })
  })
  await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve))
  stsEndpoint = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  await new Promise((resolve) => sts?.close(resolve))
  await emulator?.stop()
})

describe('assume role', () => {
  it('signs Data API requests with the assumed role’s temporary keys', async () => {
    const layer = layerFor(emulator, {
      credentials: assumeRole({
        roleArn: 'arn:aws:iam::123456789012:role/loader',
        sessionName: 'batch',
        source: staticKeys(emulator.credentials),
        stsEndpoint,
      }),
    })
    const user = await run(
      layer,
      Effect.map(rows('SELECT current_user AS u'), (r) => r[0]?.u),
    )
    expect(user).toBe('IAMR:loader')
    expect(stsRequests.length).toBe(1)
    const params = new URLSearchParams(stsRequests[0]?.body ?? '')
    expect(params.get('Action')).toBe('AssumeRole')
    expect(params.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/loader')
    expect(params.get('RoleSessionName')).toBe('batch')
    // The AssumeRole call itself is signed with the source credentials.
    expect(stsRequests[0]?.authorization).toContain(
      `Credential=${emulator.credentials.accessKeyId}/`,
    )
  })
})
