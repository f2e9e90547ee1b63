import type { Credentials } from '@redstore/data-api'
import { StorageConfigError } from '../../StorageError.js'
import { DEFAULT_COPY_THRESHOLD_BYTES, type StagingOptions } from '../../StorageOptions.js'

const MiB = 1024 * 1024

/** The staging options with defaults applied and checked. */
export interface ResolvedStaging {
  readonly bucket: string
  /** Empty or ending with `/`. */
  readonly prefix: string
  readonly region: string | undefined
  readonly endpoint: string | undefined
  readonly credentials: Credentials | undefined
  readonly iamRole: string | undefined
  readonly copyThresholdBytes: number
  readonly fileBytes: number
  readonly loadBytes: number
  readonly partBytes: number
  readonly uploadConcurrency: number
}

const integer = (
  option: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number => {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new StorageConfigError({
      option: `staging.${option}`,
      problem: `is ${String(value)}`,
      fix: `use an integer from ${min} to ${max}`,
    })
  }
  return value
}

// S3 bucket names: 3-63 characters of lowercase letters, digits, dots and hyphens.
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/**
 * Checks the staging options.
 *
 * @throws StorageConfigError naming the option.
 */
export const resolveStaging = (staging: StagingOptions): ResolvedStaging => {
  if (typeof staging !== 'object' || staging === null) {
    throw new StorageConfigError({
      option: 'staging',
      problem: 'is not an object',
      fix: "pass { bucket: 'my-bucket' } and optionally prefix, region, endpoint, credentials, iamRole",
    })
  }
  if (typeof staging.bucket !== 'string' || !bucketName.test(staging.bucket)) {
    throw new StorageConfigError({
      option: 'staging.bucket',
      problem: `is ${JSON.stringify(staging.bucket) ?? String(staging.bucket)}`,
      fix: 'name an S3 bucket (3 to 63 lowercase letters, digits, dots and hyphens)',
    })
  }
  const prefix = staging.prefix ?? 'redstore/'
  if (typeof prefix !== 'string' || prefix.startsWith('/') || prefix.length > 512) {
    throw new StorageConfigError({
      option: 'staging.prefix',
      problem: `is ${JSON.stringify(prefix)}`,
      fix: "use a key prefix without a leading '/', e.g. 'loads/redstore/'",
    })
  }
  if (
    staging.iamRole !== undefined &&
    !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(staging.iamRole)
  ) {
    throw new StorageConfigError({
      option: 'staging.iamRole',
      problem: `is ${JSON.stringify(staging.iamRole)}`,
      fix: "give a role ARN such as 'arn:aws:iam::123456789012:role/redshift-load'",
    })
  }
  const fileBytes = integer('fileBytes', staging.fileBytes, 32 * MiB, 1024, 4096 * MiB)
  return {
    bucket: staging.bucket,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    region: staging.region,
    endpoint: staging.endpoint,
    credentials: staging.credentials,
    iamRole: staging.iamRole,
    copyThresholdBytes: integer(
      'copyThresholdBytes',
      staging.copyThresholdBytes,
      DEFAULT_COPY_THRESHOLD_BYTES,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    fileBytes,
    loadBytes: integer(
      'loadBytes',
      staging.loadBytes,
      1024 * MiB,
      fileBytes,
      Number.MAX_SAFE_INTEGER,
    ),
    partBytes: integer('partBytes', staging.partBytes, 8 * MiB, 5 * MiB, 5120 * MiB),
    uploadConcurrency: integer('uploadConcurrency', staging.uploadConcurrency, 4, 1, 32),
  }
}
