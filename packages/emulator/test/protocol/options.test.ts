import { describe, expect, it } from 'vitest'
import {
  defaultCredentials,
  defaultSecret,
  defaultSecretArn,
  InvalidEmulatorOptionError,
  resolveEmulatorOptions,
} from '../../src/EmulatorOptions.js'

describe('resolveEmulatorOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveEmulatorOptions()).toEqual({
      host: '127.0.0.1',
      port: 0,
      region: 'us-east-1',
      backend: 'pglite',
      auth: 'sigv4',
      credentials: [defaultCredentials],
      workgroups: ['default'],
      clusters: ['redstore-cluster'],
      databases: ['dev'],
      secrets: { [defaultSecretArn]: defaultSecret },
      latency: { apiMs: 0, statementMs: 0 },
      faults: { seed: 0, rules: [] },
      limits: {
        maxSqlBytes: 102400,
        maxActiveStatements: 200,
        maxActiveSessions: 500,
        resultPageRows: 1000,
      },
      defaultSessionKeepAliveSeconds: undefined,
      s3: undefined,
    })
  })

  it('resolves the S3 endpoint of COPY: region from the emulator, path-style URLs', () => {
    expect(
      resolveEmulatorOptions({ region: 'eu-west-1', s3: { endpoint: 'http://127.0.0.1:4569' } }).s3,
    ).toEqual({
      endpoint: 'http://127.0.0.1:4569',
      region: 'eu-west-1',
      forcePathStyle: true,
    })
    const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' }
    expect(
      resolveEmulatorOptions({
        s3: {
          endpoint: 'https://s3.example',
          region: 'us-west-2',
          credentials,
          forcePathStyle: false,
        },
      }).s3,
    ).toEqual({
      endpoint: 'https://s3.example',
      region: 'us-west-2',
      credentials,
      forcePathStyle: false,
    })
  })

  it('keeps what is given', () => {
    const config = resolveEmulatorOptions({
      host: '::1',
      port: 4577,
      backend: { postgresUrl: 'postgres://127.0.0.1:5432/postgres' },
      auth: 'none',
      limits: { resultPageRows: 5 },
      latency: { statementMs: 20 },
      faults: { seed: -7, rules: [{ kind: 'internal' }] },
    })
    expect(config.host).toBe('::1')
    expect(config.port).toBe(4577)
    expect(config.backend).toEqual({ postgresUrl: 'postgres://127.0.0.1:5432/postgres' })
    expect(config.limits).toEqual({
      maxSqlBytes: 102400,
      maxActiveStatements: 200,
      maxActiveSessions: 500,
      resultPageRows: 5,
    })
    expect(config.latency).toEqual({ apiMs: 0, statementMs: 20 })
    expect(config.faults.seed).toBe(-7)
  })

  it.each([
    [{ port: -1 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ auth: 'basic' as 'none' }, 'auth'],
    [{ credentials: [] }, 'credentials'],
    [{ workgroups: [] }, 'workgroups'],
    [{ databases: [] }, 'databases'],
    [{ latency: { apiMs: -5 } }, 'latency.apiMs'],
    [{ latency: { statementMs: Number.NaN } }, 'latency.statementMs'],
    [{ limits: { maxActiveStatements: 0 } }, 'limits.maxActiveStatements'],
    [{ limits: { resultPageRows: 2.5 } }, 'limits.resultPageRows'],
    [{ faults: { seed: 0.5, rules: [] } }, 'faults.seed'],
    [{ s3: { endpoint: 'localhost:4569' } }, 's3.endpoint'],
    [{ s3: { endpoint: 'ftp://127.0.0.1' } }, 's3.endpoint'],
    [{ s3: { endpoint: 'http://127.0.0.1:1', region: 'US East' } }, 's3.region'],
    [
      {
        s3: {
          endpoint: 'http://127.0.0.1:1',
          credentials: { accessKeyId: '', secretAccessKey: 'x' },
        },
      },
      's3.credentials',
    ],
  ])('refuses %j, naming %s', (options, option) => {
    let error: unknown
    try {
      resolveEmulatorOptions(options)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidEmulatorOptionError)
    expect((error as InvalidEmulatorOptionError).option).toBe(option)
    expect((error as Error).message).toMatch(
      new RegExp(`^Invalid emulator option ${option.replace('.', '\\.')}: .+; .+\\.$`),
    )
  })
})
