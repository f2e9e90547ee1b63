/**
 * The validated configuration of a Data API client: which warehouse (workgroup XOR cluster),
 * which database, how the database user is chosen, how requests are signed, and timings.
 */
import { Config, Context, Duration, Effect, Layer, Option, Redacted, Schema } from 'effect'
import {
  type AssumeRoleCredentials,
  type Credentials,
  defaultChain,
  profile,
  type StaticCredentials,
} from './Credentials.js'
import { ConfigReason, DataApiError, isDataApiError } from './DataApiError.js'

/** Which warehouse statements run on. */
export type Target =
  | { readonly _tag: 'Workgroup'; readonly workgroupName: string }
  | { readonly _tag: 'Cluster'; readonly clusterIdentifier: string }

/** How the database user is chosen. */
export type DatabaseAuth =
  /** Secrets Manager secret holding `username` and `password`. */
  | { readonly _tag: 'SecretArn'; readonly secretArn: string }
  /** Temporary database credentials for this user (provisioned clusters only). */
  | { readonly _tag: 'DbUser'; readonly dbUser: string }
  /** The signing IAM identity becomes the database user (`IAM:<name>` / `IAMR:<role>`). */
  | { readonly _tag: 'Iam' }

/** Options as written by a caller; `DataApiConfig.make` validates them. */
export interface DataApiConfigOptions {
  /** Serverless workgroup name or ARN. Exactly one of `workgroupName` and `clusterIdentifier`. */
  readonly workgroupName?: string | undefined
  /** Provisioned cluster identifier. */
  readonly clusterIdentifier?: string | undefined
  readonly database: string
  readonly region: string
  /** Service endpoint override, e.g. an emulator `http://127.0.0.1:4577` or a VPC endpoint. */
  readonly endpoint?: string | undefined
  readonly secretArn?: string | undefined
  readonly dbUser?: string | undefined
  /** Default: the default provider chain. */
  readonly credentials?: Credentials | undefined
  /** Per-statement timeout; the statement is cancelled when it passes. Default 5 minutes. */
  readonly statementTimeout?: Duration.Input | undefined
  /** Long-poll window of ExecuteStatement, 0..30 seconds (0 turns it off). Default 30. */
  readonly waitTimeSeconds?: number | undefined
  /** How long an idle session stays open, 1..86400 seconds. Default 300. */
  readonly sessionKeepAliveSeconds?: number | undefined
}

/** The resolved configuration. */
export interface ResolvedDataApiConfig {
  readonly target: Target
  readonly database: string
  readonly region: string
  readonly endpoint: string | undefined
  readonly databaseAuth: DatabaseAuth
  readonly credentials: Credentials
  readonly statementTimeout: Duration.Duration
  readonly waitTimeSeconds: number
  readonly sessionKeepAliveSeconds: number
}

const pattern = (re: RegExp, message: string) =>
  Schema.String.check(Schema.isPattern(re, { message }))

const OptionsSchema = Schema.Struct({
  workgroupName: Schema.optional(
    pattern(
      /^([a-z0-9-]{3,63}|arn:aws[a-z-]*:redshift-serverless:[a-z0-9-]+:\d{12}:workgroup\/[0-9a-f-]{36})$/,
      'workgroupName must be 3-63 characters of a-z, 0-9 and -, or a workgroup ARN',
    ),
  ),
  clusterIdentifier: Schema.optional(
    pattern(
      /^(?=.{1,63}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
      'clusterIdentifier must be 1-63 lowercase letters, digits and single hyphens, starting with a letter',
    ),
  ),
  database: pattern(/^.{1,127}$/u, 'database must be a name of 1-127 characters'),
  region: pattern(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'region must look like us-east-1'),
  endpoint: Schema.optional(
    pattern(/^https?:\/\/[^\s/]+(\/.*)?$/, 'endpoint must be an http:// or https:// URL'),
  ),
  secretArn: Schema.optional(
    pattern(
      /^arn:aws[a-z-]*:secretsmanager:.+:secret:.+$/,
      'secretArn must be a Secrets Manager ARN',
    ),
  ),
  dbUser: Schema.optional(pattern(/^.{1,128}$/u, 'dbUser must be 1-128 characters')),
  waitTimeSeconds: Schema.optional(
    Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 30 })),
  ),
  sessionKeepAliveSeconds: Schema.optional(
    Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 86400 })),
  ),
})

const configError = (message: string, fix: string) =>
  new DataApiError({
    reason: new ConfigReason({ message, fix }),
    location: { operation: 'Config' },
  })

const checkStatic = (c: StaticCredentials): DataApiError | undefined => {
  if (c.accessKeyId.trim() === '' || Redacted.value(c.secretAccessKey) === '') {
    return configError(
      'static credentials need both an access key id and a secret access key',
      'pass accessKeyId and secretAccessKey, or use the default chain',
    )
  }
  if (c.accessKeyId.startsWith('ASIA') && c.sessionToken === undefined) {
    return configError(
      `access key ${c.accessKeyId.slice(0, 8)}... is temporary (ASIA) but no session token was given`,
      'pass sessionToken (AWS_SESSION_TOKEN) with temporary keys',
    )
  }
  return undefined
}

const checkCredentials = (c: Credentials): DataApiError | undefined => {
  switch (c._tag) {
    case 'DefaultChain':
      return undefined
    case 'Profile':
      return c.profile.trim() === ''
        ? configError('the profile name is empty', 'name a profile of ~/.aws/config')
        : undefined
    case 'Static':
      return checkStatic(c)
    case 'AssumeRole':
      return checkAssumeRole(c)
  }
}

const checkAssumeRole = (c: AssumeRoleCredentials): DataApiError | undefined => {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(c.roleArn)) {
    return configError(
      `roleArn ${JSON.stringify(c.roleArn)} is not an IAM role ARN`,
      'use arn:aws:iam::<account>:role/<name>',
    )
  }
  return c.source === undefined ? undefined : checkCredentials(c.source)
}

const resolveTarget = (o: DataApiConfigOptions): Target | DataApiError => {
  if (o.workgroupName !== undefined && o.clusterIdentifier !== undefined) {
    return configError(
      'both workgroupName and clusterIdentifier are set',
      'set workgroupName for serverless or clusterIdentifier for a provisioned cluster, not both',
    )
  }
  if (o.workgroupName !== undefined) return { _tag: 'Workgroup', workgroupName: o.workgroupName }
  if (o.clusterIdentifier !== undefined) {
    return { _tag: 'Cluster', clusterIdentifier: o.clusterIdentifier }
  }
  return configError(
    'neither workgroupName nor clusterIdentifier is set',
    'set workgroupName (REDSHIFT_WORKGROUP) or clusterIdentifier (REDSHIFT_CLUSTER)',
  )
}

const resolveDatabaseAuth = (
  o: DataApiConfigOptions,
  target: Target,
): DatabaseAuth | DataApiError => {
  if (o.secretArn !== undefined && o.dbUser !== undefined) {
    return configError(
      'both secretArn and dbUser are set',
      'choose one: secretArn (username/password in Secrets Manager) or dbUser (clusters only)',
    )
  }
  if (o.dbUser !== undefined && target._tag === 'Workgroup') {
    return configError(
      'dbUser works only with provisioned clusters',
      'on a serverless workgroup use secretArn or the IAM identity (omit dbUser)',
    )
  }
  if (o.secretArn !== undefined) return { _tag: 'SecretArn', secretArn: o.secretArn }
  if (o.dbUser !== undefined) return { _tag: 'DbUser', dbUser: o.dbUser }
  return { _tag: 'Iam' }
}

const resolveTimeout = (input: Duration.Input | undefined): Duration.Duration | DataApiError => {
  if (input === undefined) return Duration.minutes(5)
  const d = Duration.fromInput(input)
  if (Option.isNone(d) || Duration.toMillis(d.value) <= 0 || !Duration.isFinite(d.value)) {
    return configError(
      `statementTimeout ${String(input)} is not a positive finite duration`,
      "use e.g. '5 minutes' or a number of milliseconds",
    )
  }
  return d.value
}

const isError = isDataApiError

/**
 * Validates options into a configuration; an invalid combination fails with a `Config` reason.
 *
 * @example
 * ```ts
 * const config = yield* makeDataApiConfig({ workgroupName: 'default', database: 'dev', region: 'us-east-1' })
 * ```
 */
export const makeDataApiConfig = (
  options: DataApiConfigOptions,
): Effect.Effect<ResolvedDataApiConfig, DataApiError> =>
  Effect.gen(function* () {
    const checked = yield* Schema.decodeUnknownEffect(OptionsSchema)(stripUndefined(options)).pipe(
      Effect.mapError((e) => configError(e.message, 'correct the value named above')),
    )
    const target = resolveTarget(options)
    if (isError(target)) return yield* target
    const databaseAuth = resolveDatabaseAuth(options, target)
    if (isError(databaseAuth)) return yield* databaseAuth
    const credentials = options.credentials ?? defaultChain()
    const credentialsError = checkCredentials(credentials)
    if (credentialsError !== undefined) return yield* credentialsError
    const statementTimeout = resolveTimeout(options.statementTimeout)
    if (isError(statementTimeout)) return yield* statementTimeout
    return {
      target,
      database: checked.database,
      region: checked.region,
      endpoint: checked.endpoint,
      databaseAuth,
      credentials,
      statementTimeout,
      waitTimeSeconds: checked.waitTimeSeconds ?? 30,
      sessionKeepAliveSeconds: checked.sessionKeepAliveSeconds ?? 300,
    }
  })

const stripUndefined = (o: DataApiConfigOptions): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(o).filter(
      ([k, v]) => v !== undefined && k !== 'credentials' && k !== 'statementTimeout',
    ),
  )

/**
 * The configuration as a service.
 *
 * @example
 * ```ts
 * const layer = DataApiConfig.layer({ clusterIdentifier: 'c1', database: 'dev', region: 'eu-west-1', dbUser: 'loader' })
 * ```
 */
export class DataApiConfig extends Context.Service<DataApiConfig, ResolvedDataApiConfig>()(
  '@redstore/data-api/DataApiConfig',
) {
  /** A layer from options written in code. */
  static readonly layer = (
    options: DataApiConfigOptions,
  ): Layer.Layer<DataApiConfig, DataApiError> =>
    Layer.effect(DataApiConfig, makeDataApiConfig(options))

  /** A layer from a `Config` of options, e.g. `DataApiConfig.fromEnv`. */
  static readonly layerConfig = (
    config: Config.Config<DataApiConfigOptions> = fromEnv,
  ): Layer.Layer<DataApiConfig, DataApiError> =>
    Layer.effect(
      DataApiConfig,
      Effect.gen(function* () {
        const options = yield* Effect.mapError(config, (e) =>
          configError(
            `could not read the configuration: ${e.message}`,
            'set REDSHIFT_DATABASE, AWS_REGION and REDSHIFT_WORKGROUP or REDSHIFT_CLUSTER',
          ),
        )
        return yield* makeDataApiConfig(options)
      }),
    )
}

const optionalString = (name: string) =>
  Config.option(Config.String(name)).pipe(Config.map(Option.getOrUndefined))
const optionalInt = (name: string) =>
  Config.option(Config.Int(name)).pipe(Config.map(Option.getOrUndefined))

/**
 * Options read from the environment: REDSHIFT_WORKGROUP, REDSHIFT_CLUSTER, REDSHIFT_DATABASE,
 * REDSHIFT_SECRET_ARN, REDSHIFT_DB_USER, AWS_REGION (or AWS_DEFAULT_REGION),
 * REDSHIFT_DATA_API_ENDPOINT, AWS_PROFILE, REDSHIFT_ROLE_ARN, REDSHIFT_ROLE_SESSION_NAME,
 * REDSHIFT_STATEMENT_TIMEOUT (e.g. `5 minutes`), REDSHIFT_WAIT_TIME_SECONDS,
 * REDSHIFT_SESSION_KEEP_ALIVE_SECONDS. Keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN are read by the default provider chain.
 *
 * @example
 * ```ts
 * DataApiConfig.layerConfig(fromEnv)
 * ```
 */
export const fromEnv: Config.Config<DataApiConfigOptions> = Config.all({
  workgroupName: optionalString('REDSHIFT_WORKGROUP'),
  clusterIdentifier: optionalString('REDSHIFT_CLUSTER'),
  database: Config.String('REDSHIFT_DATABASE'),
  region: Config.String('AWS_REGION').pipe(
    Config.orElse(() => Config.String('AWS_DEFAULT_REGION')),
  ),
  endpoint: optionalString('REDSHIFT_DATA_API_ENDPOINT'),
  secretArn: optionalString('REDSHIFT_SECRET_ARN'),
  dbUser: optionalString('REDSHIFT_DB_USER'),
  profile: optionalString('AWS_PROFILE'),
  roleArn: optionalString('REDSHIFT_ROLE_ARN'),
  roleSessionName: optionalString('REDSHIFT_ROLE_SESSION_NAME'),
  statementTimeout: Config.option(Config.Duration('REDSHIFT_STATEMENT_TIMEOUT')).pipe(
    Config.map(Option.getOrUndefined),
  ),
  waitTimeSeconds: optionalInt('REDSHIFT_WAIT_TIME_SECONDS'),
  sessionKeepAliveSeconds: optionalInt('REDSHIFT_SESSION_KEEP_ALIVE_SECONDS'),
}).pipe(
  Config.map(
    ({ profile: profileName, roleArn, roleSessionName, ...rest }): DataApiConfigOptions => {
      const source = profileName === undefined ? defaultChain() : profile(profileName)
      const credentials: Credentials =
        roleArn === undefined
          ? source
          : {
              _tag: 'AssumeRole',
              roleArn,
              source,
              ...(roleSessionName === undefined ? {} : { sessionName: roleSessionName }),
            }
      return { ...rest, credentials }
    },
  ),
)
