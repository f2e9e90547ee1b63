import { type Emulator, startEmulator } from '@redstore/emulator'

/**
 * Starts one emulator for a test file and points the environment at it, as a user points
 * generated classes (and `pull`) at a workgroup: REDSHIFT_* and AWS_* variables only.
 */
export const startEmulatorEnv = async (): Promise<{
  readonly emulator: Emulator
  readonly stop: () => Promise<void>
}> => {
  const emulator = await startEmulator()
  const saved = { ...process.env }
  Object.assign(process.env, {
    REDSHIFT_DATA_API_ENDPOINT: emulator.endpoint,
    REDSHIFT_WORKGROUP: emulator.config.workgroups[0] ?? 'default',
    REDSHIFT_DATABASE: emulator.config.databases[0] ?? 'dev',
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
  })
  return {
    emulator,
    stop: async () => {
      process.env = saved
      await emulator.stop()
    },
  }
}
