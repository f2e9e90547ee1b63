import { staticKeys } from '@redstore/data-api'
import { type LocalS3, s3rverCredentials, startLocalS3 } from '@redstore/test-support'
import type { StagingOptions } from '../../src/index.js'
import { startTestBed, type TestBed } from './emulator.js'

/** The bucket every COPY test stages in. */
export const BUCKET = 'redstore-loads'

/** An emulator whose COPY reads from a local S3 server, both started for one test file. */
export interface CopyBed extends TestBed {
  readonly s3: LocalS3
  /** Staging options for that S3 server (keys, no role), merged with `extra`. */
  readonly staging: (extra?: Partial<StagingOptions>) => StagingOptions
}

export const startCopyBed = async (): Promise<CopyBed> => {
  const s3 = await startLocalS3()
  await s3.createBucket(BUCKET)
  const bed = await startTestBed({
    s3: { endpoint: s3.endpoint, credentials: s3rverCredentials },
  })
  return {
    ...bed,
    s3,
    staging: (extra = {}) => ({
      bucket: BUCKET,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      credentials: staticKeys(s3rverCredentials),
      ...extra,
    }),
    stop: async () => {
      await bed.stop()
      await s3.stop()
    },
  }
}
