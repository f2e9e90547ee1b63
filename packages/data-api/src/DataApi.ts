/**
 * The DataApi service: every conversation with the Redshift Data API goes through it.
 */
import { randomUUID } from 'node:crypto'
import { RedshiftDataClient, type RedshiftDataClientConfig } from '@aws-sdk/client-redshift-data'
import { type Config, Context, Effect, Layer, type Scope } from 'effect'
import { credentialProvider } from './Credentials.js'
import {
  DataApiConfig,
  type DataApiConfigOptions,
  fromEnv,
  type ResolvedDataApiConfig,
} from './DataApiConfig.js'
import type { DataApiError } from './DataApiError.js'
import type { DataApiShape } from './DataApiShape.js'
import type { Engine } from './internal/engine.js'
import { preserveBigIntegers } from './internal/losslessLongs.js'
import { makeOperations } from './internal/operations.js'
import { makeStatsTally } from './Metrics.js'
import { defaultPollSchedule, type PollSchedule } from './Poller.js'
import { defaultRetrySchedule, type RetrySchedule } from './RetryPolicy.js'
import { sdkTransport, type Transport } from './Transport.js'

/** Behaviour a caller may tune. */
export interface DataApiOptions {
  /** Retries of transient failures. Default `defaultRetrySchedule`. */
  readonly retrySchedule?: RetrySchedule
  /** Delays between DescribeStatement calls. Default `defaultPollSchedule`. */
  readonly pollSchedule?: PollSchedule
  /** Extra SDK client settings (e.g. `requestHandler`); `maxAttempts` is always 1. */
  readonly clientConfig?: Omit<RedshiftDataClientConfig, 'maxAttempts' | 'credentials' | 'region'>
}

/** The SDK client for a configuration, with its own retries off so ONE policy decides. */
export const makeSdkClient = (
  config: ResolvedDataApiConfig,
  clientConfig: DataApiOptions['clientConfig'] = {},
): RedshiftDataClient => {
  const client = new RedshiftDataClient({
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
    ...clientConfig,
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    credentials: credentialProvider(config.credentials, config.region),
    maxAttempts: 1,
  })
  preserveBigIntegers(client)
  return client
}

/** Builds the service over any transport (the SDK in production). */
export const makeWithTransport = (
  config: ResolvedDataApiConfig,
  transport: Transport,
  options: Omit<DataApiOptions, 'clientConfig'> = {},
): DataApiShape => {
  const engine: Engine = {
    config,
    transport,
    retrySchedule: options.retrySchedule ?? defaultRetrySchedule,
    pollSchedule: options.pollSchedule ?? defaultPollSchedule,
    tally: makeStatsTally(),
    newClientToken: randomUUID,
  }
  return makeOperations(engine)
}

/**
 * Builds the service with an SDK client that is destroyed when the scope closes.
 *
 * @example
 * ```ts
 * const api = yield* makeDataApi(config)
 * ```
 */
export const makeDataApi = (
  config: ResolvedDataApiConfig,
  options: DataApiOptions = {},
): Effect.Effect<DataApiShape, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => makeSdkClient(config, options.clientConfig)),
      (client) => Effect.sync(() => client.destroy()),
    ),
    (client) => makeWithTransport(config, sdkTransport(client), options),
  )

/**
 * The Data API service.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const api = yield* DataApi
 *   yield* api.batch(['CREATE TEMP TABLE s (LIKE t)', 'INSERT INTO s VALUES (1)'], { mode: 'TRANSACTION' })
 *   const rows = yield* Stream.runCollect(api.query('SELECT id FROM t'))
 * })
 * program.pipe(Effect.provide(DataApi.layerConfig()))
 * ```
 */
export class DataApi extends Context.Service<DataApi, DataApiShape>()(
  '@redstore/data-api/DataApi',
) {
  /** The service from a `DataApiConfig` in context. */
  static readonly layer = (
    options: DataApiOptions = {},
  ): Layer.Layer<DataApi, never, DataApiConfig> =>
    Layer.effect(
      DataApi,
      Effect.flatMap(DataApiConfig, (config) => makeDataApi(config, options)),
    )

  /** The service configured from a `Config` of options, by default the environment (`fromEnv`). */
  static readonly layerConfig = (
    options: DataApiOptions = {},
    config: Config.Config<DataApiConfigOptions> = fromEnv,
  ): Layer.Layer<DataApi, DataApiError> =>
    DataApi.layer(options).pipe(Layer.provide(DataApiConfig.layerConfig(config)))
}
