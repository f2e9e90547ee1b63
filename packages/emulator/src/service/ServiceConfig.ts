import type { EmulatorConfig, SecretValue } from '../EmulatorOptions.js'

/** The Data API limits the operations enforce. */
export interface ServiceLimits {
  /** Largest SQL text, in UTF-8 bytes. */
  readonly maxSqlBytes: number
  /** Most statements SUBMITTED/PICKED/STARTED at once. */
  readonly maxActiveStatements: number
  /** Most sessions open at once. */
  readonly maxActiveSessions: number
  /** Records per GetStatementResult page. */
  readonly resultPageRows: number
}

/**
 * The resolved options the Data API operations run with.
 *
 * @example
 * const config = serviceConfigOf(resolveEmulatorOptions({ workgroups: ['analytics'] }))
 */
export interface ServiceConfig {
  readonly region: string
  readonly workgroups: ReadonlyArray<string>
  readonly clusters: ReadonlyArray<string>
  readonly databases: ReadonlyArray<string>
  readonly secrets: Readonly<Record<string, SecretValue>>
  /** The IAM identities (`IAM:<user>` / `IAMR:<role>`) of the configured credentials. */
  readonly iamIdentities: ReadonlyArray<string>
  /** Extra time every statement stays STARTED, in ms. */
  readonly statementMs: number
  readonly limits: ServiceLimits
  /**
   * Keep-alive, in seconds, a reused session gets when the statement gives no
   * SessionKeepAliveSeconds; when unset the session keeps the keep-alive it has.
   */
  readonly defaultSessionKeepAliveSeconds?: number
  /** Wall clock in ms since epoch; tests may pass their own. */
  readonly now?: () => number
}

/**
 * The configuration of the Data API operations, taken from the resolved emulator options.
 *
 * @example
 * const config = serviceConfigOf(resolveEmulatorOptions({ databases: ['dev', 'sales'] }))
 * config.limits.maxSqlBytes // 102400
 */
export function serviceConfigOf(options: EmulatorConfig): ServiceConfig {
  return {
    region: options.region,
    workgroups: options.workgroups,
    clusters: options.clusters,
    databases: options.databases,
    secrets: options.secrets,
    iamIdentities: options.credentials.map((c) => c.iamIdentity ?? `IAM:${c.accessKeyId}`),
    statementMs: options.latency.statementMs,
    limits: { ...options.limits },
    ...(options.defaultSessionKeepAliveSeconds !== undefined
      ? { defaultSessionKeepAliveSeconds: options.defaultSessionKeepAliveSeconds }
      : {}),
  }
}
