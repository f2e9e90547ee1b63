import { describe, expect, it } from 'vitest'
import { defaultSecretArn, resolveEmulatorOptions } from '../../src/EmulatorOptions.js'
import { ServiceError } from '../../src/protocol/contract.js'
import { serviceConfigOf } from '../../src/service/ServiceConfig.js'
import { resolveTarget } from '../../src/service/targets.js'

const config = serviceConfigOf(
  resolveEmulatorOptions({
    workgroups: ['analytics'],
    clusters: ['redstore-cluster'],
    databases: ['dev'],
    secrets: {
      'arn:aws:secretsmanager:us-east-1:1:secret:loader': { username: 'loader', password: 'p' },
    },
  }),
)

function failure(input: Record<string, unknown>): ServiceError {
  try {
    resolveTarget(config, input, 'IAM:alice')
  } catch (error) {
    if (ServiceError.is(error)) return error
    throw error
  }
  throw new Error('expected resolveTarget to fail')
}

describe('resolveTarget', () => {
  it('requires one of ClusterIdentifier or WorkgroupName', () => {
    const error = failure({ Database: 'dev' })
    expect(error.type).toBe('ValidationException')
    expect(error.message).toBe('Either ClusterIdentifier or WorkgroupName needs to be specified.')
  })

  it('refuses both ClusterIdentifier and WorkgroupName', () => {
    const error = failure({
      ClusterIdentifier: 'redstore-cluster',
      WorkgroupName: 'analytics',
      Database: 'dev',
    })
    expect(error.type).toBe('ValidationException')
    expect(error.message).toMatch(/cannot be specified together/)
  })

  it('refuses an unknown cluster and an unknown workgroup', () => {
    const cluster = failure({ ClusterIdentifier: 'nope', Database: 'dev' })
    expect(cluster.type).toBe('ValidationException')
    expect(cluster.message).toMatch(/Redshift endpoint doesn't exist/)
    const workgroup = failure({ WorkgroupName: 'nope', Database: 'dev' })
    expect(workgroup.type).toBe('ResourceNotFoundException')
    expect(workgroup.status).toBe(404)
    expect(workgroup.extra).toEqual({ ResourceId: 'nope' })
  })

  it('requires a Database', () => {
    expect(failure({ WorkgroupName: 'analytics' }).message).toBe('Database needs to be specified.')
  })

  it('refuses DbUser on a workgroup and DbUser with SecretArn', () => {
    expect(failure({ WorkgroupName: 'analytics', Database: 'dev', DbUser: 'bob' }).message).toMatch(
      /DbUser is not supported .* serverless workgroup/,
    )
    expect(
      failure({
        ClusterIdentifier: 'redstore-cluster',
        Database: 'dev',
        DbUser: 'bob',
        SecretArn: defaultSecretArn,
      }).message,
    ).toMatch(/DbUser and SecretArn cannot be specified together/)
  })

  it('refuses a SecretArn that is not configured', () => {
    const error = failure({
      WorkgroupName: 'analytics',
      Database: 'dev',
      SecretArn: defaultSecretArn,
    })
    expect(error.type).toBe('ResourceNotFoundException')
    expect(error.message).toContain(defaultSecretArn)
  })

  it('runs as DbUser, the secret user or the IAM identity', () => {
    expect(
      resolveTarget(
        config,
        { ClusterIdentifier: 'redstore-cluster', Database: 'dev', DbUser: 'bob' },
        'IAM:alice',
      ).user,
    ).toBe('bob')
    expect(
      resolveTarget(
        config,
        {
          WorkgroupName: 'analytics',
          Database: 'dev',
          SecretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:loader',
        },
        'IAM:alice',
      ).user,
    ).toBe('loader')
    expect(
      resolveTarget(config, { WorkgroupName: 'analytics', Database: 'dev' }, 'IAMR:etl').user,
    ).toBe('IAMR:etl')
  })

  it('accepts an unknown database here: the statement fails when it connects', () => {
    expect(
      resolveTarget(config, { WorkgroupName: 'analytics', Database: 'other' }, 'IAM:a').database,
    ).toBe('other')
  })
})
