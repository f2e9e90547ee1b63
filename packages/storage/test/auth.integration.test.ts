import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Credentials,
  DataApi,
  DataApiConfig,
  defaultChain,
  profile,
  staticKeys,
} from '@redstore/data-api'
import {
  defaultCredentials,
  defaultSecret,
  defaultSecretArn,
  type Emulator,
  startEmulator,
} from '@redstore/emulator'
import { Effect, Layer, Logger, References } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ConnectionOptions,
  RedshiftStorage,
  Storage,
  type StorageError,
} from '../src/index.js'
import { rejection } from './support/collect.js'
import { connectionTo, fastRetries } from './support/emulator.js'

const temporary = {
  accessKeyId: 'ASIAREDSTORETEMP0001',
  secretAccessKey: 'temporary-secret-access-key-0001',
  sessionToken: 'temporary-session-token-0001',
  iamIdentity: 'IAMR:loader-role',
}

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ credentials: [defaultCredentials, temporary] })
})
afterAll(() => emulator?.stop())

const table = (name: string) => ({
  schema: 'auth',
  name,
  keys: ['id'],
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false },
    { name: 'v', type: 'VARCHAR(20)' },
  ],
})

let counter = 0
/** Saves a row into a fresh table over `connection`; returns the database user that owns it. */
const saveAs = async (connection: Partial<ConnectionOptions>): Promise<string> => {
  const name = `t${counter++}`
  const storage = new RedshiftStorage({
    table: table(name),
    connection: connectionTo(emulator, connection),
  })
  try {
    await storage.saveData([{ id: 1, v: 'x' }])
  } finally {
    await storage.close()
  }
  const admin = new RedshiftStorage({ table: table(name), connection: connectionTo(emulator) })
  try {
    const records: Array<Record<string, unknown>> = []
    for await (const r of admin.read()) records.push(r)
    expect(records).toEqual([{ id: 1, v: 'x' }])
  } finally {
    await admin.close()
  }
  const client = new RedshiftStorage({
    table: {
      schema: 'pg_catalog',
      name: 'pg_tables',
      keys: ['tablename'],
      columns: [
        { name: 'schemaname', type: 'VARCHAR(128)' },
        { name: 'tablename', type: 'VARCHAR(128)' },
        { name: 'tableowner', type: 'VARCHAR(128)' },
      ],
    },
    connection: connectionTo(emulator),
  })
  try {
    for await (const r of client.read()) {
      if (r['schemaname'] === 'auth' && r['tablename'] === name) return String(r['tableowner'])
    }
  } finally {
    await client.close()
  }
  throw new Error(`table auth.${name} not found`)
}

const onCluster = { workgroupName: undefined, clusterIdentifier: 'redstore-cluster' }

describe.each([
  ['a serverless workgroup', {}],
  ['a provisioned cluster', onCluster],
] as const)('on %s', (_label, target) => {
  it('static keys: the IAM identity is the database user', async () => {
    expect(await saveAs({ ...target })).toBe('IAM:redstore')
  })

  it('temporary keys with their session token', async () => {
    expect(await saveAs({ ...target, credentials: staticKeys(temporary) })).toBe('IAMR:loader-role')
  })

  it('Secrets Manager username and password', async () => {
    expect(await saveAs({ ...target, secretArn: defaultSecretArn })).toBe(defaultSecret.username)
  })

  it('the default credential chain (environment variables)', async () => {
    const saved = { ...process.env }
    try {
      for (const k of ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'])
        delete process.env[k]
      process.env['AWS_ACCESS_KEY_ID'] = temporary.accessKeyId
      process.env['AWS_SECRET_ACCESS_KEY'] = temporary.secretAccessKey
      process.env['AWS_SESSION_TOKEN'] = temporary.sessionToken
      expect(await saveAs({ ...target, credentials: defaultChain() })).toBe('IAMR:loader-role')
    } finally {
      process.env = saved
    }
  })

  it('a named profile from the shared credentials file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redstore-profile-'))
    const saved = { ...process.env }
    try {
      writeFileSync(
        join(dir, 'credentials'),
        `[loader]\naws_access_key_id = ${temporary.accessKeyId}\naws_secret_access_key = ${temporary.secretAccessKey}\naws_session_token = ${temporary.sessionToken}\n`,
      )
      writeFileSync(join(dir, 'config'), '[profile loader]\nregion = us-east-1\n')
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials')
      process.env['AWS_CONFIG_FILE'] = join(dir, 'config')
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
        delete process.env[k]
      expect(await saveAs({ ...target, credentials: profile('loader') })).toBe('IAMR:loader-role')
    } finally {
      process.env = saved
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

it('DbUser on a provisioned cluster', async () => {
  expect(await saveAs({ ...onCluster, dbUser: 'loader' })).toBe('loader')
})

describe('secrets stay out of errors and logs', () => {
  const secrets = [temporary.secretAccessKey, temporary.sessionToken, defaultSecret.password]

  const expectNoSecret = (texts: ReadonlyArray<string>) => {
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret)
  }

  const failingSave = (credentials: Credentials, logs: Array<string>) =>
    Effect.scoped(
      Effect.gen(function* () {
        const storage = yield* Storage.make({ table: table(`secret_${counter++}`) })
        return yield* Effect.flip(storage.saveData([{ id: 1, v: 'x' }]))
      }),
    ).pipe(
      Effect.provide(
        DataApi.layer({ retrySchedule: fastRetries }).pipe(
          Layer.provide(DataApiConfig.layer({ ...connectionTo(emulator), credentials })),
        ),
      ),
      Effect.provide(
        Logger.layer([
          Logger.make((options) => {
            logs.push(
              `${options.logLevel} ${JSON.stringify(options.message)} ${String(options.cause)}`,
            )
          }),
        ]),
      ),
      Effect.provideService(References.MinimumLogLevel, 'All'),
    )

  it('a rejected secret key, a stolen session token: Auth errors without the secrets', async () => {
    for (const credentials of [
      staticKeys({ ...temporary, secretAccessKey: `${temporary.secretAccessKey}-wrong` }),
      staticKeys({ ...temporary, sessionToken: `${temporary.sessionToken}-stolen` }),
    ]) {
      const logs: Array<string> = []
      const error: StorageError = await Effect.runPromise(failingSave(credentials, logs))
      expect(error._tag).toBe('DataApiError')
      expect(error._tag === 'DataApiError' && error.reason._tag).toBe('Auth')
      expectNoSecret([error.message, JSON.stringify(error), String(error), ...logs])
    }
  })

  it('a failing statement under a Secrets Manager secret: no password in the error', async () => {
    const storage = new RedshiftStorage({
      table: { ...table('secret_sql'), columns: [{ name: 'id', type: 'INTEGER' }] },
      connection: connectionTo(emulator, { secretArn: defaultSecretArn }),
    })
    try {
      await storage.init()
      const error = await rejection(() => storage.saveData([{ id: 1, v: 'x' }]))
      expectNoSecret([String(error), JSON.stringify(error), (error as Error).message])
    } finally {
      await storage.close()
    }
  })

  it('a bad option: the constructor error shows no key', async () => {
    const error = await rejection(async () => {
      new RedshiftStorage({
        table: table('never'),
        connection: connectionTo(emulator, {
          region: 'nowhere',
          credentials: staticKeys({
            accessKeyId: 'ASIAX',
            secretAccessKey: temporary.secretAccessKey,
          }),
        }),
      })
    })
    expect((error as { _tag: string })._tag).toBe('DataApiError')
    expectNoSecret([String(error), JSON.stringify(error)])
  })
})
