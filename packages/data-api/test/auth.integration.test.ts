import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  defaultCredentials,
  defaultSecretArn,
  type Emulator,
  startEmulator,
} from '@redstore/emulator'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultChain, profile, staticKeys } from '../src/Credentials.js'
import { DataApi } from '../src/DataApi.js'
import { createDataApiClient } from '../src/promise.js'
import { configFor, layerFor, rows, run, runFailure } from './support/emulator.js'

const temporary = {
  accessKeyId: 'ASIAREDSTORETEMP0001',
  secretAccessKey: 'temporary-secret-access-key',
  sessionToken: 'temporary-session-token',
  iamIdentity: 'IAMR:loader-role',
}

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ credentials: [defaultCredentials, temporary] })
}, 60_000)
afterAll(() => emulator?.stop())

const currentUser = Effect.map(rows('SELECT current_user AS u'), (r) => r[0]?.u)

const statsAfter = <A>(program: Effect.Effect<A, unknown, DataApi>) =>
  Effect.flatMap(DataApi, (api) => Effect.flatMap(Effect.exit(program), () => api.stats))

describe('signing credentials', () => {
  it('static keys sign requests; the IAM identity becomes the database user', async () => {
    expect(await run(layerFor(emulator), currentUser)).toBe('IAM:redstore')
  })

  it('temporary keys with their session token', async () => {
    const layer = layerFor(emulator, { credentials: staticKeys(temporary) })
    expect(await run(layer, currentUser)).toBe('IAMR:loader-role')
  })

  it('temporary keys with a wrong session token fail as Auth without retries', async () => {
    const layer = layerFor(emulator, {
      credentials: staticKeys({ ...temporary, sessionToken: 'stolen-token' }),
    })
    const error = await runFailure(layer, currentUser)
    expect(error.reason._tag).toBe('Auth')
    expect(error.isRetryable).toBe(false)
    const stats = await run(layer, statsAfter(currentUser))
    expect(stats.apiCalls).toBe(1)
    expect(stats.retries).toBe(0)
  })

  it('a wrong secret key fails as Auth', async () => {
    const layer = layerFor(emulator, {
      credentials: staticKeys({
        accessKeyId: defaultCredentials.accessKeyId,
        secretAccessKey: 'wrong',
      }),
    })
    const error = await runFailure(layer, currentUser)
    expect(error.reason._tag).toBe('Auth')
    expect(error.message).not.toContain(defaultCredentials.secretAccessKey)
  })

  it('an unknown access key fails as Auth', async () => {
    const layer = layerFor(emulator, {
      credentials: staticKeys({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }),
    })
    expect((await runFailure(layer, currentUser)).reason._tag).toBe('Auth')
  })

  it('the default provider chain reads keys and session token from the environment', async () => {
    const saved = { ...process.env }
    try {
      for (const k of ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'])
        delete process.env[k]
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: temporary.accessKeyId,
        AWS_SECRET_ACCESS_KEY: temporary.secretAccessKey,
        AWS_SESSION_TOKEN: temporary.sessionToken,
        AWS_REGION: emulator.region,
        REDSHIFT_WORKGROUP: 'default',
        REDSHIFT_DATABASE: 'dev',
        REDSHIFT_DATA_API_ENDPOINT: emulator.endpoint,
      })
      expect(await run(DataApi.layerConfig(), currentUser)).toBe('IAMR:loader-role')
      const client = createDataApiClient()
      try {
        expect(await client.query('SELECT current_user AS u')).toEqual([{ u: 'IAMR:loader-role' }])
      } finally {
        await client.close()
      }
      const explicit = layerFor(emulator, { credentials: defaultChain() })
      expect(await run(explicit, currentUser)).toBe('IAMR:loader-role')
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
      Object.assign(process.env, saved)
    }
  })
})

describe('a named profile', () => {
  it('reads keys and session token of the profile from the shared credentials file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redstore-profile-'))
    const file = join(dir, 'credentials')
    writeFileSync(
      file,
      [
        '[default]',
        'aws_access_key_id = AKIAWRONGDEFAULT0000',
        'aws_secret_access_key = wrong',
        '[redstore-loader]',
        `aws_access_key_id = ${temporary.accessKeyId}`,
        `aws_secret_access_key = ${temporary.secretAccessKey}`,
        `aws_session_token = ${temporary.sessionToken}`,
        '',
      ].join('\n'),
    )
    const saved = process.env.AWS_SHARED_CREDENTIALS_FILE
    process.env.AWS_SHARED_CREDENTIALS_FILE = file
    try {
      const layer = layerFor(emulator, { credentials: profile('redstore-loader') })
      expect(await run(layer, currentUser)).toBe('IAMR:loader-role')
      const missing = layerFor(emulator, { credentials: profile('no-such-profile') })
      const error = await runFailure(missing, currentUser)
      expect(error.reason._tag).toBe('Auth')
    } finally {
      if (saved === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('database users on both deployment types', () => {
  it('SecretArn on a workgroup runs as the secret user', async () => {
    const layer = layerFor(emulator, { secretArn: defaultSecretArn })
    expect(await run(layer, currentUser)).toBe('admin')
  })

  it('SecretArn on a cluster runs as the secret user', async () => {
    const layer = layerFor(emulator, {
      workgroupName: undefined,
      clusterIdentifier: 'redstore-cluster',
      secretArn: defaultSecretArn,
    })
    expect(await run(layer, currentUser)).toBe('admin')
  })

  it('DbUser on a cluster runs as that user', async () => {
    const layer = layerFor(emulator, {
      workgroupName: undefined,
      clusterIdentifier: 'redstore-cluster',
      dbUser: 'loader',
    })
    expect(await run(layer, currentUser)).toBe('loader')
  })

  it('IAM identity on a cluster', async () => {
    const layer = layerFor(emulator, {
      workgroupName: undefined,
      clusterIdentifier: 'redstore-cluster',
    })
    expect(await run(layer, currentUser)).toBe('IAM:redstore')
  })

  it('an unknown secret is a typed, non-retryable error', async () => {
    const layer = layerFor(emulator, {
      secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:missing-XyZ123',
    })
    const error = await runFailure(layer, currentUser)
    expect(error.reason._tag).toBe('Validation')
    expect(error.isRetryable).toBe(false)
  })

  it('an unknown cluster is a typed, non-retryable error', async () => {
    const layer = layerFor(emulator, {
      workgroupName: undefined,
      clusterIdentifier: 'no-such-cluster',
    })
    const error = await runFailure(layer, currentUser)
    expect(error.reason._tag).toBe('Validation')
  })

  it('the Promise facade works the same way', async () => {
    const client = createDataApiClient(
      configFor(emulator, {
        workgroupName: undefined,
        clusterIdentifier: 'redstore-cluster',
        dbUser: 'loader',
      }),
    )
    try {
      expect(await client.query('SELECT current_user AS u')).toEqual([{ u: 'loader' }])
      await expect(client.execute('SELEC 1')).rejects.toMatchObject({
        _tag: 'DataApiError',
        reason: { _tag: 'StatementFailed', kind: 'Syntax', sqlExcerpt: 'SELEC 1' },
      })
    } finally {
      await client.close()
    }
  })
})
