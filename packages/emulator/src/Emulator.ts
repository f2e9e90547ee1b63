import {
  type EmulatorConfig,
  type EmulatorOptions,
  resolveEmulatorOptions,
} from './EmulatorOptions.js'
import { createEngine } from './engine/createEngine.js'
import { createFaultInjector } from './faults/FaultInjector.js'
import { loadServiceModel } from './model/ServiceModel.js'
import { createSigV4Verifier } from './protocol/SigV4Verifier.js'
import { startWireServer } from './protocol/WireServer.js'
import { createDataApiService } from './service/createDataApiService.js'
import { serviceConfigOf } from './service/ServiceConfig.js'

/** Credentials in the shape the AWS SDK takes them (`credentials` of a client). */
export interface EmulatorClientCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: pass it as the SDK client's `endpoint`. */
  readonly endpoint: string
  readonly region: string
  /** The first configured key pair, ready for the SDK client. */
  readonly credentials: EmulatorClientCredentials
  /** The options in force, defaults applied. */
  readonly config: EmulatorConfig
  /** Stops listening, ends running statements and sessions, and closes the engine. */
  stop(): Promise<void>
}

/**
 * Starts a local Redshift Data API: an HTTP server on 127.0.0.1 speaking the service's
 * wire protocol, running SQL on PGlite (default) or a PostgreSQL server. It resolves once the
 * first configured database is ready; further databases start on first use.
 *
 * @example
 * const { endpoint, region, credentials, stop } = await startEmulator({ port: 0 })
 * const client = new RedshiftDataClient({ endpoint, region, credentials })
 * await client.send(new ExecuteStatementCommand({ WorkgroupName: 'default', Database: 'dev', Sql: 'select 1' }))
 * await stop()
 */
export const startEmulator = async (options: EmulatorOptions = {}): Promise<Emulator> => {
  const config = resolveEmulatorOptions(options)
  const faults = createFaultInjector(config.faults)
  const model = loadServiceModel()
  const engine = await createEngine(config.backend, {
    databases: config.databases,
    ...(config.s3 === undefined ? {} : { s3: config.s3 }),
  })
  // Resolve once the first database is served, so that its first statement does not pay the
  // backend's start-up (seconds for PGlite) inside a caller's WaitTimeSeconds.
  const [firstDatabase] = config.databases
  if (firstDatabase !== undefined) {
    await engine.listSchemas(firstDatabase).catch(async (error: unknown) => {
      await engine.close()
      throw error
    })
  }
  const service = createDataApiService(serviceConfigOf(config), engine, faults)
  const [first] = config.credentials
  let server: Awaited<ReturnType<typeof startWireServer>>
  try {
    server = await startWireServer({
      host: config.host,
      port: config.port,
      handlers: service.handlers,
      verifier:
        config.auth === 'none'
          ? undefined
          : createSigV4Verifier({
              region: config.region,
              service: model.metadata.signingName,
              credentials: config.credentials,
            }),
      anonymousIdentity: first?.iamIdentity ?? `IAM:${first?.accessKeyId}`,
      faults,
      apiLatencyMs: config.latency.apiMs,
      model,
    })
  } catch (error) {
    await service.close().finally(() => engine.close())
    throw error
  }
  let stopping: Promise<void> | undefined
  return {
    endpoint: server.endpoint,
    region: config.region,
    credentials: {
      accessKeyId: first!.accessKeyId,
      secretAccessKey: first!.secretAccessKey,
      ...(first?.sessionToken === undefined ? {} : { sessionToken: first.sessionToken }),
    },
    config,
    stop: () => {
      stopping ??= (async () => {
        await server.close()
        try {
          await service.close()
        } finally {
          await engine.close()
        }
      })()
      return stopping
    },
  }
}
