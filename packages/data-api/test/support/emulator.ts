/** Shared wiring of integration tests: a DataApi layer pointed at a running emulator. */
import type { Emulator } from '@redstore/emulator'
import { Effect, Layer, Stream } from 'effect'
import { staticKeys } from '../../src/Credentials.js'
import { DataApi, type DataApiOptions } from '../../src/DataApi.js'
import { DataApiConfig, type DataApiConfigOptions } from '../../src/DataApiConfig.js'
import type { DataApiError } from '../../src/DataApiError.js'
import { retrySchedule } from '../../src/RetryPolicy.js'

/** Fast backoff so that fault tests do not wait seconds per retry. */
export const fastRetries = retrySchedule({ base: '5 millis', cap: '50 millis', maxRetries: 5 })

export const configFor = (
  emulator: Emulator,
  options: Partial<DataApiConfigOptions> = {},
): DataApiConfigOptions => ({
  workgroupName: 'default',
  database: 'dev',
  region: emulator.region,
  endpoint: emulator.endpoint,
  credentials: staticKeys(emulator.credentials),
  ...options,
})

export const layerFor = (
  emulator: Emulator,
  options: Partial<DataApiConfigOptions> = {},
  apiOptions: DataApiOptions = { retrySchedule: fastRetries },
): Layer.Layer<DataApi, DataApiError> =>
  DataApi.layer(apiOptions).pipe(Layer.provide(DataApiConfig.layer(configFor(emulator, options))))

/** Runs a program against a fresh client (its own stats). */
export const run = <A>(
  layer: Layer.Layer<DataApi, DataApiError>,
  program: Effect.Effect<A, DataApiError, DataApi>,
): Promise<A> => Effect.runPromise(Effect.provide(program, layer))

/** Runs a program that must fail and returns its typed error. */
export const runFailure = <A>(
  layer: Layer.Layer<DataApi, DataApiError>,
  program: Effect.Effect<A, DataApiError, DataApi>,
): Promise<DataApiError> => Effect.runPromise(Effect.provide(Effect.flip(program), layer))

/** All rows of a query. */
export const rows = (sql: string) =>
  Effect.flatMap(DataApi, (api) => Stream.runCollect(api.query(sql)))
