import {
  ExecuteStatementCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { defaultSecretArn } from '../../src/EmulatorOptions.js'
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
  c = await startConformance({
    credentials: [
      {
        accessKeyId: 'AKIAREDSTOREUSER0001',
        secretAccessKey: 'user-secret',
        iamIdentity: 'IAM:alice',
      },
      {
        accessKeyId: 'AKIAREDSTOREROLE0001',
        secretAccessKey: 'role-secret',
        iamIdentity: 'IAMR:etl',
      },
    ],
    secrets: { [defaultSecretArn]: { username: 'admin', password: 'pw' } },
  })
})

afterAll(async () => {
  await c.stop()
})

describe('targets (through the AWS SDK)', () => {
  it('needs ClusterIdentifier or WorkgroupName', async () => {
    const error = await rejection(
      c.client.send(new ExecuteStatementCommand({ Database: 'dev', Sql: 'select 1' })),
    )
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.message).toBe('Either ClusterIdentifier or WorkgroupName needs to be specified.')
  })

  it('refuses both ClusterIdentifier and WorkgroupName', async () => {
    const error = await rejection(
      c.client.send(new ExecuteStatementCommand({ ...cluster, ...workgroup, Sql: 'select 1' })),
    )
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.message).toMatch(/cannot be specified together/)
  })

  it('refuses an unknown cluster and an unknown workgroup', async () => {
    const onCluster = await rejection(
      c.client.send(
        new ExecuteStatementCommand({
          ClusterIdentifier: 'nope',
          Database: 'dev',
          Sql: 'select 1',
        }),
      ),
    )
    expect(onCluster).toBeInstanceOf(ValidationException)
    const onWorkgroup = await rejection(
      c.client.send(
        new ExecuteStatementCommand({ WorkgroupName: 'nope', Database: 'dev', Sql: 'select 1' }),
      ),
    )
    expect(onWorkgroup).toBeInstanceOf(ResourceNotFoundException)
    expect((onWorkgroup as ResourceNotFoundException).ResourceId).toBe('nope')
  })

  it('fails a statement on an unknown database', async () => {
    const d = await runToEnd(c.client, {
      WorkgroupName: 'default',
      Database: 'nope',
      Sql: 'select 1',
    })
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toBe('FATAL: database "nope" does not exist')
  })

  it('refuses DbUser on a workgroup, an unknown SecretArn and DbUser with SecretArn', async () => {
    const dbUser = await rejection(
      c.client.send(new ExecuteStatementCommand({ ...workgroup, DbUser: 'bob', Sql: 'select 1' })),
    )
    expect(dbUser).toBeInstanceOf(ValidationException)
    const secret = await rejection(
      c.client.send(
        new ExecuteStatementCommand({
          ...workgroup,
          SecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:missing-AbCdEf',
          Sql: 'select 1',
        }),
      ),
    )
    expect(secret).toBeInstanceOf(ResourceNotFoundException)
    const both = await rejection(
      c.client.send(
        new ExecuteStatementCommand({
          ...cluster,
          DbUser: 'bob',
          SecretArn: defaultSecretArn,
          Sql: 'select 1',
        }),
      ),
    )
    expect(both).toBeInstanceOf(ValidationException)
  })

  it('runs as DbUser, the secret user or the IAM identity of the signer', async () => {
    expect(await query(c.client, 'select current_user', { ...cluster, DbUser: 'loader' })).toEqual([
      [{ stringValue: 'loader' }],
    ])
    expect(
      await query(c.client, 'select current_user', { ...workgroup, SecretArn: defaultSecretArn }),
    ).toEqual([[{ stringValue: 'admin' }]])
    expect(await query(c.client, 'select current_user', workgroup)).toEqual([
      [{ stringValue: 'IAM:alice' }],
    ])
    const role = c.clientFor({
      accessKeyId: 'AKIAREDSTOREROLE0001',
      secretAccessKey: 'role-secret',
    })
    expect(await query(role, 'select current_user', cluster)).toEqual([
      [{ stringValue: 'IAMR:etl' }],
    ])
    const d = await runToEnd(role, { ...cluster, Sql: 'select 1' })
    expect(d.DbUser).toBe('IAMR:etl')
  })
})
