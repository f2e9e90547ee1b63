import { TaggedError } from '@redstore/errors'
import type { S3Settings } from './engine/copy/S3Source.js'
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
  /** Added to every statement's run time: a batch of n statements stays STARTED n times as long. */
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

/** Where COPY reads its S3 objects. */
export interface S3Options {
  /** The S3 endpoint, e.g. `http://127.0.0.1:4569` (a local S3 server) or `https://s3.us-east-1.amazonaws.com`. */
  readonly endpoint: string
  /** Region requests are signed for when the COPY names no REGION. Default: the emulator's `region`. */
  readonly region?: string
  /**
   * The key pair COPY signs with for `IAM_ROLE` (and `CREDENTIALS 'aws_iam_role=...'`); a COPY
   * that gives its own keys signs with those. Default: the AWS SDK's default credential chain.
   */
  readonly credentials?: {
    readonly accessKeyId: string
    readonly secretAccessKey: string
    readonly sessionToken?: string
  }
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`), which local S3 servers need. Default true. */
  readonly forcePathStyle?: boolean
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
  /** The S3 endpoint COPY reads from. Without it, COPY fails with an error saying so. */
  readonly s3?: S3Options
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

export const defaultHost = '127.0.0.1'
export const defaultPort = 0
export const defaultLimits: Required<LimitOptions> = {
  maxSqlBytes: 102400,
  maxActiveStatements: 200,
  maxActiveSessions: 500,
  resultPageRows: 1000,
}

/** Every option with its default applied: what the wire layer and the service run on. */
export interface EmulatorConfig {
  readonly host: string
  readonly port: number
  readonly region: string
  readonly backend: BackendOptions
  readonly auth: 'sigv4' | 'none'
  /** Never empty. */
  readonly credentials: ReadonlyArray<EmulatorCredentials>
  readonly workgroups: ReadonlyArray<string>
  readonly clusters: ReadonlyArray<string>
  readonly databases: ReadonlyArray<string>
  readonly secrets: Readonly<Record<string, SecretValue>>
  readonly latency: Required<LatencyOptions>
  readonly faults: Required<FaultOptions>
  readonly limits: Required<LimitOptions>
  /** Undefined when not given: the service's own default applies. */
  readonly defaultSessionKeepAliveSeconds: number | undefined
  /** Undefined when COPY has no S3 endpoint. */
  readonly s3: S3Settings | undefined
}

/**
 * An option that cannot be used, with where it is and what to do. A tagged error: recognise it
 * with `InvalidEmulatorOptionError.is(error)` or `isInvalidEmulatorOptionError(error)`.
 *
 * @example
 * new InvalidEmulatorOptionError('latency.apiMs', '-1 is negative', 'give 0 or more')
 */
export class InvalidEmulatorOptionError extends TaggedError(
  'InvalidEmulatorOptionError',
  (f: {
    /** The option's path, e.g. `faults.rules[0].rate`. */
    readonly option: string
    readonly problem: string
    readonly remedy: string
  }) => `Invalid emulator option ${f.option}: ${f.problem}; ${f.remedy}.`,
) {
  constructor(option: string, problem: string, remedy: string) {
    super({ option, problem, remedy })
  }
}

/**
 * True for an InvalidEmulatorOptionError, whichever copy of the package made it.
 *
 * @example
 * if (isInvalidEmulatorOptionError(error)) console.error(error.option, error.remedy)
 */
export const isInvalidEmulatorOptionError = (u: unknown): u is InvalidEmulatorOptionError =>
  InvalidEmulatorOptionError.is(u)

const nonNegative = (option: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidEmulatorOptionError(
      option,
      `${value} is not a number of 0 or more`,
      'give 0 or more',
    )
  }
  return value
}

const positiveInteger = (option: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidEmulatorOptionError(
      option,
      `${value} is not a positive integer`,
      'give 1 or more',
    )
  }
  return value
}

const nonEmpty = (option: string, values: ReadonlyArray<string> | undefined, fallback: string) => {
  if (values === undefined) return [fallback]
  if (values.length === 0) {
    throw new InvalidEmulatorOptionError(option, 'the list is empty', 'give at least one name')
  }
  return values
}

const s3SettingsOf = (options: S3Options | undefined, region: string): S3Settings | undefined => {
  if (options === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(options.endpoint)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidEmulatorOptionError(
      's3.endpoint',
      `'${String(options.endpoint)}' is not an http(s) URL`,
      'give the S3 endpoint as a URL, e.g. http://127.0.0.1:4569',
    )
  }
  if (options.region !== undefined && !/^[a-z0-9-]+$/.test(options.region)) {
    throw new InvalidEmulatorOptionError(
      's3.region',
      `'${options.region}' is not a region name`,
      'give a region such as us-east-1',
    )
  }
  const credentials = options.credentials
  if (credentials !== undefined && (!credentials.accessKeyId || !credentials.secretAccessKey)) {
    throw new InvalidEmulatorOptionError(
      's3.credentials',
      'the access key id or the secret access key is empty',
      'give both, or leave credentials out to use the AWS SDK default chain',
    )
  }
  return {
    endpoint: options.endpoint,
    region: options.region ?? region,
    forcePathStyle: options.forcePathStyle ?? true,
    ...(credentials === undefined ? {} : { credentials }),
  }
}

const seedOf = (seed: number | undefined): number => {
  if (seed === undefined) return 0
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidEmulatorOptionError(
      'faults.seed',
      `${seed} is not an integer`,
      'give an integer seed',
    )
  }
  return seed
}

/**
 * Applies the defaults to `options` and checks what can be checked without starting.
 *
 * @example
 * resolveEmulatorOptions({}).databases // ['dev']
 */
export const resolveEmulatorOptions = (options: EmulatorOptions = {}): EmulatorConfig => {
  const port = options.port ?? defaultPort
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidEmulatorOptionError(
      'port',
      `${port} is not a TCP port`,
      'give 0..65535 (0 picks a free port)',
    )
  }
  if (options.auth !== undefined && options.auth !== 'sigv4' && options.auth !== 'none') {
    throw new InvalidEmulatorOptionError(
      'auth',
      `'${String(options.auth)}' is not a mode`,
      "use 'sigv4' or 'none'",
    )
  }
  const credentials = options.credentials ?? [defaultCredentials]
  if (credentials.length === 0) {
    throw new InvalidEmulatorOptionError(
      'credentials',
      'the list is empty',
      'give at least one key pair',
    )
  }
  const limits = options.limits ?? {}
  return {
    host: options.host ?? defaultHost,
    port,
    region: options.region ?? defaultRegion,
    backend: options.backend ?? 'pglite',
    auth: options.auth ?? 'sigv4',
    credentials,
    workgroups: nonEmpty('workgroups', options.workgroups, defaultWorkgroup),
    clusters: nonEmpty('clusters', options.clusters, defaultCluster),
    databases: nonEmpty('databases', options.databases, defaultDatabase),
    secrets: options.secrets ?? { [defaultSecretArn]: defaultSecret },
    latency: {
      apiMs: nonNegative('latency.apiMs', options.latency?.apiMs, 0),
      statementMs: nonNegative('latency.statementMs', options.latency?.statementMs, 0),
    },
    faults: { seed: seedOf(options.faults?.seed), rules: options.faults?.rules ?? [] },
    limits: {
      maxSqlBytes: positiveInteger(
        'limits.maxSqlBytes',
        limits.maxSqlBytes,
        defaultLimits.maxSqlBytes,
      ),
      maxActiveStatements: positiveInteger(
        'limits.maxActiveStatements',
        limits.maxActiveStatements,
        defaultLimits.maxActiveStatements,
      ),
      maxActiveSessions: positiveInteger(
        'limits.maxActiveSessions',
        limits.maxActiveSessions,
        defaultLimits.maxActiveSessions,
      ),
      resultPageRows: positiveInteger(
        'limits.resultPageRows',
        limits.resultPageRows,
        defaultLimits.resultPageRows,
      ),
    },
    defaultSessionKeepAliveSeconds: options.defaultSessionKeepAliveSeconds,
    s3: s3SettingsOf(options.s3, options.region ?? defaultRegion),
  }
}
