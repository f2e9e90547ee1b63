import type { ServiceConfig } from './ServiceConfig.js'
import { resourceNotFound, validation } from './serviceErrors.js'

/** Where a statement runs and as whom, resolved from a request's connection members. */
export interface Target {
  readonly kind: 'cluster' | 'workgroup'
  /** The ClusterIdentifier or WorkgroupName as the caller gave it. */
  readonly name: string
  readonly database: string
  /** The SQL session's current_user: DbUser, the secret's username or the signer's IAM identity. */
  readonly user: string
  readonly secretArn?: string
  /** The DbUser the caller gave, when it gave one. */
  readonly dbUser?: string
}

/** The connection members of a request, as the model names them. */
export interface ConnectionInput {
  readonly ClusterIdentifier?: unknown
  readonly WorkgroupName?: unknown
  readonly Database?: unknown
  readonly SecretArn?: unknown
  readonly DbUser?: unknown
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** True when the request names any connection member. */
export function hasConnectionMembers(input: ConnectionInput): boolean {
  return (
    text(input.ClusterIdentifier) !== undefined ||
    text(input.WorkgroupName) !== undefined ||
    text(input.Database) !== undefined ||
    text(input.SecretArn) !== undefined ||
    text(input.DbUser) !== undefined
  )
}

/**
 * Checks a cluster/workgroup choice: exactly one, and one that is configured.
 * Shared by the operations that only filter by target (ListStatements, ListSessions).
 */
export function checkComputeChoice(
  input: ConnectionInput,
): { readonly kind: 'cluster' | 'workgroup'; readonly name: string } | undefined {
  const cluster = text(input.ClusterIdentifier)
  const workgroup = text(input.WorkgroupName)
  if (cluster !== undefined && workgroup !== undefined) {
    throw validation(
      'ClusterIdentifier and WorkgroupName cannot be specified together. Specify only one of them.',
    )
  }
  if (cluster !== undefined) return { kind: 'cluster', name: cluster }
  if (workgroup !== undefined) return { kind: 'workgroup', name: workgroup }
  return undefined
}

/**
 * Resolves the connection members of a request to a configured database and the user the
 * SQL session runs as.
 *
 * @example
 * resolveTarget(config, { WorkgroupName: 'default', Database: 'dev' }, 'IAM:alice')
 * // { kind: 'workgroup', name: 'default', database: 'dev', user: 'IAM:alice' }
 */
export function resolveTarget(
  config: ServiceConfig,
  input: ConnectionInput,
  iamIdentity: string,
): Target {
  const choice = checkComputeChoice(input)
  if (choice === undefined) {
    throw validation('Either ClusterIdentifier or WorkgroupName needs to be specified.')
  }
  if (choice.kind === 'cluster' && !config.clusters.includes(choice.name)) {
    throw validation(
      `Redshift endpoint doesn't exist in this region: cluster ${choice.name} is not configured in ${config.region}.`,
    )
  }
  if (choice.kind === 'workgroup' && !config.workgroups.includes(choice.name)) {
    throw resourceNotFound(`Workgroup ${choice.name} not found in ${config.region}.`, choice.name)
  }
  const database = text(input.Database)
  if (database === undefined) {
    throw validation('Database needs to be specified.')
  }
  const secretArn = text(input.SecretArn)
  const dbUser = text(input.DbUser)
  if (secretArn !== undefined && dbUser !== undefined) {
    throw validation(
      'DbUser and SecretArn cannot be specified together: the secret names the database user.',
    )
  }
  if (dbUser !== undefined && choice.kind === 'workgroup') {
    throw validation(
      'DbUser is not supported when connecting to a serverless workgroup. Use SecretArn or the IAM identity of the caller.',
    )
  }
  let user = iamIdentity
  if (secretArn !== undefined) {
    const secret = config.secrets[secretArn]
    if (secret === undefined) {
      throw resourceNotFound(
        `Secrets Manager can't find the specified secret: ${secretArn}.`,
        secretArn,
      )
    }
    user = secret.username
  } else if (dbUser !== undefined) {
    user = dbUser
  }
  return {
    kind: choice.kind,
    name: choice.name,
    database,
    user,
    ...(secretArn !== undefined ? { secretArn } : {}),
    ...(dbUser !== undefined ? { dbUser } : {}),
  }
}

/** The error a statement ends with when its database is not configured. */
export function unknownDatabaseError(database: string): string {
  return `FATAL: database "${database}" does not exist`
}

/** The connection members of a response (ExecuteStatement, DescribeStatement, ...). */
export function targetMembers(target: Target): Record<string, unknown> {
  return {
    ...(target.kind === 'cluster'
      ? { ClusterIdentifier: target.name }
      : { WorkgroupName: target.name }),
    Database: target.database,
    DbUser: target.user,
    ...(target.secretArn !== undefined ? { SecretArn: target.secretArn } : {}),
  }
}
