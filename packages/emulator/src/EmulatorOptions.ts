import type { BackendOptions } from './engine/Engine.js'
import type { OperationName } from './protocol/contract.js'

/** A key pair the emulator accepts signatures from. */
export interface EmulatorCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** Required on every request signed with this key when set (temporary credentials). */
  readonly sessionToken?: string
  /** The database user this key maps to under IAM auth: `IAM:<user>` or `IAMR:<role>`. Default `IAM:<accessKeyId>`. */
  readonly iamIdentity?: string
}

export interface SecretValue {
  readonly username: string
  readonly password: string
}

export type FaultKind =
  /** ThrottlingException, HTTP 400. */
  | 'throttling'
  /** InternalServerException, HTTP 500. */
  | 'internal'
  /** The connection is destroyed without an answer. `afterExecute: true` runs the call first (a lost response). */
  | 'drop-connection'
  /** The statement is accepted and ends FAILED with Redshift's `1023` serializable isolation error. */
  | 'serializable'

export interface FaultRule {
  readonly kind: FaultKind
  /** Which API operation the rule applies to; every operation when omitted. */
  readonly operation?: OperationName
  /** Probability 0..1 per matching call, drawn from the seeded generator. */
  readonly rate?: number
  /** Exact 1-based indices of matching calls that fault (e.g. [1, 2] = the first two). */
  readonly schedule?: ReadonlyArray<number>
  /** For drop-connection: run the operation, then drop the answer. */
  readonly afterExecute?: boolean
}

export interface FaultOptions {
  /** Seed of the generator behind `rate` rules; the same seed gives the same faults. */
  readonly seed?: number
  readonly rules: ReadonlyArray<FaultRule>
}

export interface LatencyOptions {
  /** Added before every API call is answered. */
  readonly apiMs?: number
  /** Added to every statement's run time (it stays STARTED that long). */
  readonly statementMs?: number
}

export interface LimitOptions {
  /** Largest SQL text accepted, in UTF-8 bytes. Default 102400 (the Data API's 100 KB). */
  readonly maxSqlBytes?: number
  /** Most statements SUBMITTED/PICKED/STARTED at once before ActiveStatementsExceededException. Default 200. */
  readonly maxActiveStatements?: number
  /** Most open sessions before ActiveSessionsExceededException. Default 500. */
  readonly maxActiveSessions?: number
  /** Records per GetStatementResult page. Default 1000 (a page is also cut near 1 MB of data). */
  readonly resultPageRows?: number
}

export interface EmulatorOptions {
  /** Interface to listen on. Default 127.0.0.1 (never all interfaces unless asked). */
  readonly host?: string
  /** Port; 0 picks a free one. Default 0. */
  readonly port?: number
  /** Region the signatures must be scoped to. Default us-east-1. */
  readonly region?: string
  /** Where SQL runs. Default 'pglite' (in memory). */
  readonly backend?: BackendOptions
  /** 'sigv4' verifies every request's signature (default); 'none' skips it. */
  readonly auth?: 'sigv4' | 'none'
  /** Accepted key pairs. Default one pair, see `defaultCredentials`. */
  readonly credentials?: ReadonlyArray<EmulatorCredentials>
  /** Serverless workgroup names. Default ['default']. */
  readonly workgroups?: ReadonlyArray<string>
  /** Provisioned cluster identifiers. Default ['redstore-cluster']. */
  readonly clusters?: ReadonlyArray<string>
  /** Databases on every workgroup and cluster. Default ['dev']. */
  readonly databases?: ReadonlyArray<string>
  /** Secrets Manager ARNs -> their username/password. Default one secret, see `defaultSecretArn`. */
  readonly secrets?: Readonly<Record<string, SecretValue>>
  readonly latency?: LatencyOptions
  readonly faults?: FaultOptions
  readonly limits?: LimitOptions
  /** How long an idle session lives when SessionKeepAliveSeconds says nothing more. */
  readonly defaultSessionKeepAliveSeconds?: number
}

export const defaultRegion = 'us-east-1'
export const defaultWorkgroup = 'default'
export const defaultCluster = 'redstore-cluster'
export const defaultDatabase = 'dev'
export const defaultCredentials: EmulatorCredentials = {
  accessKeyId: 'AKIAREDSTORELOCAL000',
  secretAccessKey: 'redstore-local-secret-access-key',
  iamIdentity: 'IAM:redstore',
}
export const defaultSecretArn =
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:redstore/admin-AbCdEf'
export const defaultSecret: SecretValue = { username: 'admin', password: 'redstore-local' }
