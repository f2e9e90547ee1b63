import { assert, describe, it } from '@effect/vitest'
import { ConfigProvider, Duration, Effect, Exit, Redacted } from 'effect'
import { assumeRole, profile, staticKeys } from '../src/Credentials.js'
import {
  DataApiConfig,
  type DataApiConfigOptions,
  fromEnv,
  makeDataApiConfig,
} from '../src/DataApiConfig.js'
import type { DataApiError } from '../src/DataApiError.js'

const base: DataApiConfigOptions = {
  workgroupName: 'default',
  database: 'dev',
  region: 'us-east-1',
}

const configFailure = (options: DataApiConfigOptions) =>
  Effect.gen(function* () {
    const exit = yield* Effect.exit(makeDataApiConfig(options))
    if (Exit.isSuccess(exit)) throw new Error('expected a config error')
    const reason = exit.cause.reasons[0]
    if (reason?._tag !== 'Fail') throw new Error('expected a typed failure')
    const error: DataApiError = reason.error
    if (error.reason._tag !== 'Config') throw new Error(`expected Config, got ${error.reason._tag}`)
    return error.reason
  })

describe('DataApiConfig', () => {
  it.effect('defaults: IAM identity, default chain, 5 minute timeout, 30 s long-poll', () =>
    Effect.gen(function* () {
      const config = yield* makeDataApiConfig(base)
      assert.deepStrictEqual(config.target, { _tag: 'Workgroup', workgroupName: 'default' })
      assert.deepStrictEqual(config.databaseAuth, { _tag: 'Iam' })
      assert.deepStrictEqual(config.credentials, { _tag: 'DefaultChain' })
      assert.strictEqual(Duration.toMillis(config.statementTimeout), 300_000)
      assert.strictEqual(config.waitTimeSeconds, 30)
    }),
  )

  it.effect('workgroup XOR cluster', () =>
    Effect.gen(function* () {
      const both = yield* configFailure({ ...base, clusterIdentifier: 'c1' })
      assert.include(both.fix, 'not both')
      const none = yield* configFailure({ database: 'dev', region: 'us-east-1' })
      assert.include(none.fix, 'REDSHIFT_WORKGROUP')
    }),
  )

  it.effect('DbUser only on clusters, and never with SecretArn', () =>
    Effect.gen(function* () {
      const onWorkgroup = yield* configFailure({ ...base, dbUser: 'loader' })
      assert.include(onWorkgroup.fix, 'secretArn')
      const both = yield* configFailure({
        database: 'dev',
        region: 'us-east-1',
        clusterIdentifier: 'c1',
        dbUser: 'loader',
        secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf',
      })
      assert.include(both.message, 'both secretArn and dbUser')
      const ok = yield* makeDataApiConfig({
        database: 'dev',
        region: 'us-east-1',
        clusterIdentifier: 'c1',
        dbUser: 'loader',
      })
      assert.deepStrictEqual(ok.databaseAuth, { _tag: 'DbUser', dbUser: 'loader' })
    }),
  )

  it.effect('field formats are checked', () =>
    Effect.gen(function* () {
      const cluster = yield* configFailure({
        database: 'dev',
        region: 'us-east-1',
        clusterIdentifier: 'Bad_Name',
      })
      assert.include(cluster.message, 'clusterIdentifier')
      const region = yield* configFailure({ ...base, region: 'mars' })
      assert.include(region.message, 'region')
      const endpoint = yield* configFailure({ ...base, endpoint: 'ftp://x' })
      assert.include(endpoint.message, 'endpoint')
      const secret = yield* configFailure({ ...base, secretArn: 'my-secret' })
      assert.include(secret.message, 'secretArn')
      const wait = yield* configFailure({ ...base, waitTimeSeconds: 31 })
      assert.isString(wait.message)
      const timeout = yield* configFailure({ ...base, statementTimeout: 0 })
      assert.include(timeout.message, 'statementTimeout')
    }),
  )

  it.effect('temporary keys need a session token; secrets stay redacted', () =>
    Effect.gen(function* () {
      const missing = yield* configFailure({
        ...base,
        credentials: staticKeys({ accessKeyId: 'ASIAEXAMPLE000000000', secretAccessKey: 's3cr3t' }),
      })
      assert.include(missing.fix, 'sessionToken')
      assert.notInclude(missing.message, 's3cr3t')
      const ok = yield* makeDataApiConfig({
        ...base,
        credentials: staticKeys({
          accessKeyId: 'ASIAEXAMPLE000000000',
          secretAccessKey: 's3cr3t',
          sessionToken: 'tok',
        }),
      })
      assert.notInclude(JSON.stringify(ok), 's3cr3t')
      assert.notInclude(
        String(ok.credentials._tag === 'Static' ? ok.credentials.secretAccessKey : ''),
        's3cr3t',
      )
      if (ok.credentials._tag === 'Static') {
        assert.strictEqual(Redacted.value(ok.credentials.secretAccessKey), 's3cr3t')
      }
    }),
  )

  it.effect('assume role needs a role ARN', () =>
    Effect.gen(function* () {
      const bad = yield* configFailure({ ...base, credentials: assumeRole({ roleArn: 'loader' }) })
      assert.include(bad.fix, 'arn:aws:iam::')
      const ok = yield* makeDataApiConfig({
        ...base,
        credentials: assumeRole({
          roleArn: 'arn:aws:iam::123456789012:role/loader',
          source: profile('ci'),
        }),
      })
      assert.strictEqual(ok.credentials._tag, 'AssumeRole')
    }),
  )

  it.effect('layerConfig reads the environment', () =>
    Effect.gen(function* () {
      const provider = ConfigProvider.fromEnv({
        env: {
          REDSHIFT_CLUSTER: 'redstore-cluster',
          REDSHIFT_DATABASE: 'dev',
          REDSHIFT_DB_USER: 'loader',
          AWS_REGION: 'eu-west-1',
          REDSHIFT_DATA_API_ENDPOINT: 'http://127.0.0.1:4577',
          AWS_PROFILE: 'ci',
          REDSHIFT_ROLE_ARN: 'arn:aws:iam::123456789012:role/loader',
          REDSHIFT_STATEMENT_TIMEOUT: '90 seconds',
        },
      })
      const config = yield* Effect.map(DataApiConfig, (c) => c).pipe(
        Effect.provide(DataApiConfig.layerConfig(fromEnv)),
        Effect.provide(ConfigProvider.layer(provider)),
      )
      assert.deepStrictEqual(config.target, {
        _tag: 'Cluster',
        clusterIdentifier: 'redstore-cluster',
      })
      assert.deepStrictEqual(config.databaseAuth, { _tag: 'DbUser', dbUser: 'loader' })
      assert.strictEqual(config.region, 'eu-west-1')
      assert.strictEqual(config.endpoint, 'http://127.0.0.1:4577')
      assert.strictEqual(Duration.toMillis(config.statementTimeout), 90_000)
      assert.deepStrictEqual(config.credentials, {
        _tag: 'AssumeRole',
        roleArn: 'arn:aws:iam::123456789012:role/loader',
        source: { _tag: 'Profile', profile: 'ci' },
      })
    }),
  )

  it.effect('a missing REDSHIFT_DATABASE is a Config error naming the variables', () =>
    Effect.gen(function* () {
      const provider = ConfigProvider.fromEnv({
        env: { REDSHIFT_WORKGROUP: 'default', AWS_REGION: 'us-east-1' },
      })
      const exit = yield* Effect.exit(
        Effect.map(DataApiConfig, (c) => c).pipe(
          Effect.provide(DataApiConfig.layerConfig()),
          Effect.provide(ConfigProvider.layer(provider)),
        ),
      )
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) {
        const reason = exit.cause.reasons[0]
        assert.strictEqual(reason?._tag, 'Fail')
        if (reason?._tag === 'Fail') {
          assert.strictEqual(reason.error.reason._tag, 'Config')
          assert.include(reason.error.message, 'REDSHIFT_DATABASE')
        }
      }
    }),
  )
})
