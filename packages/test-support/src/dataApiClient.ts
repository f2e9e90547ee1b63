import { RedshiftDataClient, type RedshiftDataClientConfig } from '@aws-sdk/client-redshift-data'

/** What a test needs to reach an emulator (an `Emulator` from `@redstore/emulator` is one). */
export interface EmulatorTarget {
  readonly endpoint: string
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
}

/**
 * A real AWS SDK Data API client of `target`, with its endpoint, region and credentials; `config`
 * overrides any of them (e.g. other credentials, `maxAttempts: 1`). Destroy it when done.
 *
 * @example
 * const client = dataApiClient(emulator, { maxAttempts: 1 })
 * await client.send(new ListDatabasesCommand({ WorkgroupName: 'default', Database: 'dev' }))
 * client.destroy()
 */
export const dataApiClient = (
  target: EmulatorTarget,
  config: RedshiftDataClientConfig = {},
): RedshiftDataClient =>
  new RedshiftDataClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials: { ...target.credentials },
    ...config,
  })
