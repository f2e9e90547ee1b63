import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { type Credentials, credentialProvider } from '@redstore/data-api'
import { hasTag } from '@redstore/errors'
import type { CopyAuthorization } from '@redstore/sql'
import { Data } from 'effect'
import type { ResolvedStaging } from './resolveStaging.js'

/** An S3 request that failed, with what S3 said (never a credential). */
export class S3RequestError extends Data.TaggedError('S3RequestError')<{
  readonly operation: string
  readonly key: string
  readonly problem: string
}> {
  override get message(): string {
    return `${this.operation} ${this.key}: ${this.problem}`
  }
}

/** True for an `S3RequestError` (checked by tag). */
export const isS3RequestError = (u: unknown): u is S3RequestError => hasTag(u, 'S3RequestError')

const problemOf = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return String(error)
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } }
  const status =
    typeof e.$metadata?.httpStatusCode === 'number' ? ` (HTTP ${e.$metadata.httpStatusCode})` : ''
  const name = typeof e.name === 'string' ? e.name : 'Error'
  return `${name}: ${typeof e.message === 'string' ? e.message : ''}${status}`
}

/** Runs one S3 request, turning its failure into an `S3RequestError`. */
const attempt = async <A>(operation: string, key: string, run: () => Promise<A>): Promise<A> => {
  try {
    return await run()
  } catch (error) {
    throw new S3RequestError({ operation, key, problem: problemOf(error) })
  }
}

/** The staging bucket as the COPY path uses it: uploads, deletes, and COPY's authorization. */
export interface S3Staging {
  readonly bucket: string
  readonly url: (key: string) => string
  readonly put: (key: string, body: Uint8Array | string) => Promise<void>
  readonly createMultipart: (key: string) => Promise<string>
  readonly uploadPart: (
    key: string,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
  ) => Promise<string>
  readonly completeMultipart: (
    key: string,
    uploadId: string,
    parts: ReadonlyArray<{ readonly partNumber: number; readonly etag: string }>,
  ) => Promise<void>
  readonly abortMultipart: (key: string, uploadId: string) => Promise<void>
  /** Deletes objects (1000 per request); returns the keys S3 did not delete. */
  readonly deleteObjects: (keys: ReadonlyArray<string>) => Promise<ReadonlyArray<string>>
  /** How COPY reads the bucket: the role, or the uploading identity's keys (resolved now). */
  readonly authorization: () => Promise<CopyAuthorization>
  readonly close: () => void
}

/**
 * The S3 client of a storage's staging bucket. Credentials: the staging's own, else the
 * connection's; region: the staging's, else the connection's.
 */
export const makeS3Staging = (
  staging: ResolvedStaging,
  connection: { readonly region: string; readonly credentials: Credentials },
): S3Staging => {
  const region = staging.region ?? connection.region
  const credentials = credentialProvider(staging.credentials ?? connection.credentials, region)
  const client = new S3Client({
    region,
    credentials,
    ...(staging.endpoint === undefined ? {} : { endpoint: staging.endpoint, forcePathStyle: true }),
  })
  const Bucket = staging.bucket
  return {
    bucket: Bucket,
    url: (key) => `s3://${Bucket}/${key}`,
    put: (Key, Body) =>
      attempt('PutObject', Key, async () => {
        await client.send(new PutObjectCommand({ Bucket, Key, Body }))
      }),
    createMultipart: (Key) =>
      attempt('CreateMultipartUpload', Key, async () => {
        const out = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }))
        if (out.UploadId === undefined) throw new Error('S3 returned no UploadId')
        return out.UploadId
      }),
    uploadPart: (Key, UploadId, PartNumber, Body) =>
      attempt('UploadPart', Key, async () => {
        const out = await client.send(
          new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }),
        )
        if (out.ETag === undefined) throw new Error('S3 returned no ETag')
        return out.ETag
      }),
    completeMultipart: (Key, UploadId, parts) =>
      attempt('CompleteMultipartUpload', Key, async () => {
        await client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId,
            MultipartUpload: {
              Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
            },
          }),
        )
      }),
    abortMultipart: (Key, UploadId) =>
      attempt('AbortMultipartUpload', Key, async () => {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
      }),
    deleteObjects: async (keys) => {
      const left: Array<string> = []
      for (let i = 0; i < keys.length; i += 1000) {
        const chunk = keys.slice(i, i + 1000)
        const out = await attempt('DeleteObjects', chunk[0] ?? '', () =>
          client.send(
            new DeleteObjectsCommand({
              Bucket,
              Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
            }),
          ),
        )
        for (const e of out.Errors ?? []) if (e.Key !== undefined) left.push(e.Key)
      }
      return left
    },
    authorization: async () => {
      if (staging.iamRole !== undefined) return { iamRole: staging.iamRole }
      const identity = await attempt('ResolveCredentials', '', async () =>
        typeof credentials === 'function' ? credentials() : credentials,
      )
      return {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
      }
    },
    close: () => client.destroy(),
  }
}
