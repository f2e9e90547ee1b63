import { createDataApiClient, staticKeys } from '@redstore/data-api'
import { defaultCredentials, type Emulator, startEmulator } from '@redstore/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AbstractConfig,
  AwsRedshiftStorage,
  type ConfigParameterError,
  RedshiftStorage,
} from '../src/index.js'
import { collect, rejection } from './support/collect.js'
import { statementsSent } from './support/statementsSent.js'

// The values the connector's README writes, accepted by the emulator as they are written.
const readmeKeys = {
  accessKeyId: 'YOUR_ACCESS_KEY',
  secretAccessKey: 'YOUR_SECRET_KEY',
  sessionToken: 'YOUR_SESSION_TOKEN',
}
const readmeTemporaryKeys = {
  accessKeyId: 'ASIA...',
  secretAccessKey: 'secret...',
  sessionToken: 'token...',
}

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({
    credentials: [defaultCredentials, readmeKeys, readmeTemporaryKeys],
    workgroups: ['my-serverless-workgroup', 'my-workgroup'],
    clusters: ['my-cluster'],
    databases: ['mydb'],
  })
})
afterAll(() => emulator?.stop())

const readBack = async (storage: AwsRedshiftStorage) => collect(storage.storage.read())

describe("the connector README's examples, run as written (plus Endpoint)", () => {
  it('serverless with temporary credentials: init, then saveData', async () => {
    // Configuration for Serverless with Temporary Credentials
    const config = new AbstractConfig({
      AWSRegion: 'us-east-1',
      AWSAccessKeyId: 'YOUR_ACCESS_KEY',
      AWSSecretAccessKey: 'YOUR_SECRET_KEY',
      AWSSessionToken: 'YOUR_SESSION_TOKEN',
      Database: 'mydb',
      WorkgroupName: 'my-serverless-workgroup',
      Schema: 'my_schema',
      DestinationTableName: 'my_table',
      MaxBufferSize: 250,
      Endpoint: emulator.endpoint,
    })

    // Define unique key columns and schema
    const uniqueKeys = ['id']
    const schema = {
      id: { type: 'integer', description: 'Primary key' },
      name: { type: 'string', description: 'Name field' },
      created_at: { type: 'timestamp', description: 'Creation timestamp' },
    }

    // Create storage instance
    const storage = new AwsRedshiftStorage(config, uniqueKeys, schema, 'My Redshift Storage')

    // Initialize connection
    await storage.init()

    // Save data
    const data = [
      { id: 1, name: 'John Doe', created_at: '2025-01-01 10:00:00' },
      { id: 2, name: 'Jane Smith', created_at: '2025-01-02 11:30:00' },
    ]

    await storage.saveData(data)

    expect(await readBack(storage)).toEqual([
      { id: 1n, name: 'John Doe', created_at: '2025-01-01 10:00:00' },
      { id: 2n, name: 'Jane Smith', created_at: '2025-01-02 11:30:00' },
    ])
    const client = createDataApiClient({
      workgroupName: 'my-workgroup',
      database: 'mydb',
      region: emulator.region,
      endpoint: emulator.endpoint,
      credentials: staticKeys(defaultCredentials),
    })
    expect(
      await client.query(
        `SELECT obj_description(c.oid) AS t, col_description(c.oid, 1) AS id, col_description(c.oid, 3) AS created
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'my_schema' AND c.relname = 'my_table'`,
      ),
    ).toEqual([{ t: 'My Redshift Storage', id: 'Primary key', created: 'Creation timestamp' }])
    await client.close()
    await storage.close()
  })

  it('IAM role authentication through the default credential chain', async () => {
    const saved = { ...process.env }
    try {
      for (const k of [
        'AWS_PROFILE',
        'AWS_CONFIG_FILE',
        'AWS_SHARED_CREDENTIALS_FILE',
        'AWS_SESSION_TOKEN',
      ])
        delete process.env[k]
      process.env['AWS_ACCESS_KEY_ID'] = defaultCredentials.accessKeyId
      process.env['AWS_SECRET_ACCESS_KEY'] = defaultCredentials.secretAccessKey
      const config = new AbstractConfig({
        AWSRegion: 'us-east-1',
        Database: 'mydb',
        WorkgroupName: 'my-workgroup',
        DestinationTableName: 'my_table_iam',
        Endpoint: emulator.endpoint,
      })
      const storage = new AwsRedshiftStorage(config, 'id', { id: { type: 'integer' } }, null)
      await storage.init()
      await storage.saveData([{ id: 7 }])
      expect(await readBack(storage)).toEqual([{ id: 7n }])
      await storage.close()
    } finally {
      process.env = saved
    }
  })

  it('temporary credentials on a provisioned cluster, with the RedshiftType overrides', async () => {
    const config = new AbstractConfig({
      AWSRegion: 'us-east-1',
      AWSAccessKeyId: 'ASIA...',
      AWSSecretAccessKey: 'secret...',
      AWSSessionToken: 'token...',
      Database: 'mydb',
      ClusterIdentifier: 'my-cluster',
      DestinationTableName: 'my_table_types',
      Endpoint: emulator.endpoint,
    })
    const schema = {
      id: { type: 'integer', RedshiftType: 'BIGINT' },
      amount: { type: 'float', RedshiftType: 'DECIMAL(10,2)' },
      data: { type: 'json', RedshiftType: 'SUPER' },
      created_at: { type: 'timestamp', RedshiftType: 'TIMESTAMPTZ' },
    }
    const storage = new AwsRedshiftStorage(config, ['id'], schema, 'Typed')
    await storage.init()
    await storage.saveData([
      {
        id: 1,
        amount: 19.9,
        data: { nested: { a: [1, 'b'] } },
        created_at: new Date('2025-03-04T05:06:07.089Z'),
      },
    ])
    expect(await readBack(storage)).toEqual([
      {
        id: 1n,
        amount: '19.90',
        data: { nested: { a: [1, 'b'] } },
        created_at: '2025-03-04 05:06:07.089+00',
      },
    ])
    await storage.close()
  })
})

describe('what the replaced connector got wrong', () => {
  const hostile = [
    'ends with \\',
    'back\\slash',
    "\\'; select 1; --",
    "\\'), (99, 1) --",
    "it's",
    '"q"',
    'line\nbreak',
    'é😀',
  ]

  it('stores hostile strings byte for byte and lets none of them add a row', async () => {
    const config = new AbstractConfig({
      AWSRegion: { value: 'us-east-1' },
      Database: { value: 'mydb' },
      WorkgroupName: { value: 'my-workgroup' },
      AWSAccessKeyId: { value: defaultCredentials.accessKeyId },
      AWSSecretAccessKey: { value: defaultCredentials.secretAccessKey },
      DestinationTableName: { value: 'hostile' },
      Endpoint: { value: emulator.endpoint },
    })
    const storage = new AwsRedshiftStorage(config, ['id'], {
      id: { type: 'integer' },
      value: { type: 'string' },
      doc: { type: 'json' },
    })
    await storage.init()
    await storage.saveData(
      hostile.map((value, id) => ({ id, value, doc: { value, list: [value] } })),
    )
    const stored = await readBack(storage)
    expect(stored.map((r) => r['value'])).toEqual(hostile)
    expect(stored.map((r) => r['doc'])).toEqual(hostile.map((value) => ({ value, list: [value] })))
    expect(stored.map((r) => r['id'])).toEqual(hostile.map((_, i) => BigInt(i)))
    await storage.close()
  })

  it('caps rows per INSERT at MaxBufferSize, given as a number or as text', async () => {
    const config = new AbstractConfig({
      AWSRegion: 'us-east-1',
      Database: 'mydb',
      WorkgroupName: 'my-workgroup',
      AWSAccessKeyId: defaultCredentials.accessKeyId,
      AWSSecretAccessKey: defaultCredentials.secretAccessKey,
      DestinationTableName: 'buffered',
      MaxBufferSize: '100',
      Endpoint: emulator.endpoint,
    })
    const storage = new AwsRedshiftStorage(config, ['id'], { id: { type: 'integer' } })
    await storage.init()
    const before = (await statementsSent(emulator)).length
    await storage.saveData(Array.from({ length: 300 }, (_, id) => ({ id, extra: `e${id}` })))
    const inserts = (await statementsSent(emulator))
      .slice(before)
      .filter((sql) => sql.startsWith('INSERT INTO') && sql.includes('redstore_stage'))
    expect(inserts.map((sql) => sql.split('), (').length)).toEqual([100, 100, 100])
    // A field the schema lacks gets a column, as the connector promises.
    expect((await readBack(storage))[299]).toEqual({ id: 299n, extra: 'e299' })
    await storage.close()
  })
})

describe('configuration errors name the parameter and never a secret', () => {
  const base = {
    AWSRegion: 'us-east-1',
    Database: 'mydb',
    WorkgroupName: 'my-workgroup',
    DestinationTableName: 't',
    AWSAccessKeyId: 'AKIAEXAMPLEKEY000000',
    AWSSecretAccessKey: 'super-secret-value-123',
    AWSSessionToken: 'session-token-secret-456',
  }
  const cases: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
    ['a missing region', { AWSRegion: undefined }, 'AWSRegion'],
    ['a missing database', { Database: '' }, 'Database'],
    ['a missing table', { DestinationTableName: { value: ' ' } }, 'DestinationTableName'],
    ['both workgroup and cluster', { ClusterIdentifier: 'c1' }, 'ClusterIdentifier'],
    ['neither workgroup nor cluster', { WorkgroupName: undefined }, 'WorkgroupName'],
    ['half a key pair', { AWSAccessKeyId: undefined }, 'AWSAccessKeyId'],
    ['a region of the wrong form', { AWSRegion: 'Virginia' }, 'AWSRegion'],
    ['a numeric region', { AWSRegion: 1 }, 'AWSRegion'],
    ['a MaxBufferSize that is not a count', { MaxBufferSize: 'lots' }, 'MaxBufferSize'],
    ['DbUser on a workgroup', { DbUser: 'loader' }, 'DbUser'],
    [
      'SecretArn and DbUser together',
      {
        ClusterIdentifier: 'c1',
        WorkgroupName: undefined,
        DbUser: 'u',
        SecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x',
      },
      'DbUser',
    ],
    ['a bad workgroup name', { WorkgroupName: 'X' }, 'WorkgroupName'],
    ['a secret key of the wrong type', { AWSSecretAccessKey: 42 }, 'AWSSecretAccessKey'],
  ]
  it.each(cases)('%s', async (_label, change, parameter) => {
    const values = Object.fromEntries(
      Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined),
    )
    const error = (await rejection(async () => {
      new AwsRedshiftStorage(new AbstractConfig(values), ['id'], { id: { type: 'integer' } })
    })) as ConfigParameterError
    expect(error._tag).toBe('ConfigParameterError')
    expect(error.parameter).toBe(parameter)
    expect(error.message).toContain(`'${parameter}'`)
    for (const text of [error.message, JSON.stringify(error), String(error)]) {
      expect(text).not.toContain('super-secret-value-123')
      expect(text).not.toContain('session-token-secret-456')
    }
  })

  it('rejects a first argument that is not a config', () => {
    expect(() => new AwsRedshiftStorage({} as AbstractConfig, ['id'])).toThrow(/AbstractConfig/)
  })

  it('keeps OWOX config objects readable as config.Name.value', () => {
    const config = new AbstractConfig({ AWSRegion: ' us-east-1 ', 'Max Buffer*': { value: 5 } })
    const raw = config as unknown as Record<string, { value: unknown; isRequired?: boolean }>
    expect(raw['AWSRegion']?.value).toBe('us-east-1')
    expect(raw['MaxBuffer']).toEqual({ value: 5, isRequired: true })
    expect(config.parameterNames()).toEqual(['AWSRegion', 'MaxBuffer'])
    expect(RedshiftStorage).toBeDefined()
  })
})
