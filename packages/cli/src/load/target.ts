import { mkdir } from 'node:fs/promises'
import { defaultChain, staticKeys } from '@redstore/data-api'
import type { ConnectionOptions, StagingOptions } from '@redstore/storage'
import type { LoadSettings } from './LoadSettings.js'

/**
 * Where a load sends rows: the storage's `connection` (undefined: from the environment) and
 * `staging`, and how to let go of them.
 *
 * @example
 * ```ts
 * const target = await openTarget(settings, (line) => console.error(line))
 * try { ... } finally { await target.stop() }
 * ```
 */
export interface LoadTarget {
  readonly connection: ConnectionOptions | undefined
  readonly staging: StagingOptions | undefined
  readonly stop: () => Promise<void>
}

/**
 * The target of a load: with `--emulator`, a Data API emulator started in this process
 * (PGlite in memory, or in `--emulator-data-dir`), whose COPY reads from `--s3-endpoint`; the
 * staged files are then uploaded with the AWS default credential chain (the local S3 server's
 * keys), since the emulator's own keys mean nothing to S3. Otherwise the connection comes from
 * the environment (`REDSHIFT_*`, `AWS_*`) and the staging bucket from the settings.
 *
 * @example
 * ```ts
 * const { connection, staging } = await openTarget({ ...settings, emulator: true }, console.error)
 * ```
 */
export const openTarget = async (
  settings: LoadSettings,
  notice: (line: string) => void,
): Promise<LoadTarget> => {
  const stagingBase = (region: string | undefined): StagingOptions | undefined =>
    settings.staging === undefined
      ? undefined
      : {
          bucket: settings.staging.bucket,
          ...(settings.staging.prefix === undefined ? {} : { prefix: settings.staging.prefix }),
          ...((settings.staging.region ?? region) === undefined
            ? {}
            : { region: settings.staging.region ?? region }),
          ...(settings.staging.iamRole === undefined ? {} : { iamRole: settings.staging.iamRole }),
          ...(settings.s3Endpoint === undefined ? {} : { endpoint: settings.s3Endpoint }),
        }
  if (!settings.emulator) {
    return { connection: undefined, staging: stagingBase(undefined), stop: async () => {} }
  }
  const { startEmulator } = await import('@redstore/emulator')
  if (settings.emulatorDataDir !== undefined) {
    await mkdir(settings.emulatorDataDir, { recursive: true })
  }
  const emulator = await startEmulator({
    ...(settings.emulatorDataDir === undefined
      ? {}
      : { backend: { pgliteDataDir: settings.emulatorDataDir } }),
    ...(settings.s3Endpoint === undefined ? {} : { s3: { endpoint: settings.s3Endpoint } }),
  })
  notice(
    `redstore: emulator started at ${emulator.endpoint} (PGlite ${settings.emulatorDataDir === undefined ? 'in memory: the table is gone when the command ends' : `in ${settings.emulatorDataDir}`})`,
  )
  const staging = stagingBase(emulator.region)
  return {
    connection: {
      workgroupName: emulator.config.workgroups[0] ?? 'default',
      database: emulator.config.databases[0] ?? 'dev',
      region: emulator.region,
      endpoint: emulator.endpoint,
      credentials: staticKeys(emulator.credentials),
    },
    staging: staging === undefined ? undefined : { ...staging, credentials: defaultChain() },
    stop: () => emulator.stop(),
  }
}
