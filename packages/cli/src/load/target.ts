import { mkdir } from 'node:fs/promises'
import { defaultChain, staticKeys } from '@redstore/data-api'
import type { TableModel } from '@redstore/sql'
import { type ConnectionOptions, RedshiftStorage, type StagingOptions } from '@redstore/storage'
import { UsageError } from '../CliError.js'
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

/** The storage's `staging` from the settings; `region` is the default region of the bucket. */
const stagingOf = (
  settings: LoadSettings,
  region: string | undefined,
): StagingOptions | undefined => {
  if (settings.staging === undefined) return undefined
  const { bucket, prefix, iamRole } = settings.staging
  const bucketRegion = settings.staging.region ?? region
  return {
    bucket,
    ...(prefix === undefined ? {} : { prefix }),
    ...(bucketRegion === undefined ? {} : { region: bucketRegion }),
    ...(iamRole === undefined ? {} : { iamRole }),
    ...(settings.s3Endpoint === undefined ? {} : { endpoint: settings.s3Endpoint }),
  }
}

/** A connection the environment does not configure is a usage problem, said with its fix. */
const connectionProblem = (error: unknown): UsageError | undefined => {
  const e = error as {
    _tag?: unknown
    reason?: { _tag?: unknown; message?: unknown; fix?: unknown }
  }
  if (e?._tag !== 'DataApiError' || e.reason?._tag !== 'Config') return undefined
  const oneLine = (text: unknown) => String(text).replace(/\s+/g, ' ').trim()
  return new UsageError({
    what: `the connection is not configured: ${oneLine(e.reason.message)}`,
    fix: `${oneLine(e.reason.fix)}, or pass --emulator for a local run`,
  })
}

/**
 * The storage a load saves through, on `target`. The constructor checks the options and the
 * connection; it connects on first use.
 *
 * @throws UsageError when the environment configures no connection; the storage's errors for
 *   other bad options.
 * @example
 * ```ts
 * const storage = openStorage(settings, model, target)
 * ```
 */
export const openStorage = (
  settings: LoadSettings,
  model: TableModel,
  target: Pick<LoadTarget, 'connection' | 'staging'>,
): RedshiftStorage => {
  try {
    return new RedshiftStorage({
      table: model,
      unknownFields: settings.unknownFields,
      ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
      ...(target.staging === undefined ? {} : { staging: target.staging }),
      ...(target.connection === undefined ? {} : { connection: target.connection }),
    })
  } catch (error) {
    throw connectionProblem(error) ?? error
  }
}

/**
 * Checks, before the input is read, that a load could open its storage: without `--emulator`,
 * the environment must configure a connection, so that a long check pass does not end in a
 * usage error. Nothing is sent.
 *
 * @throws what `openStorage` throws.
 * @example
 * ```ts
 * await checkConnection(settings, model)
 * ```
 */
export const checkConnection = async (settings: LoadSettings, model: TableModel): Promise<void> => {
  if (settings.emulator || settings.checkOnly) return
  await openStorage(settings, model, {
    connection: undefined,
    staging: stagingOf(settings, undefined),
  }).close()
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
  if (!settings.emulator) {
    return { connection: undefined, staging: stagingOf(settings, undefined), stop: async () => {} }
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
  const staging = stagingOf(settings, emulator.region)
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
