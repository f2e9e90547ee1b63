import type { Readable } from 'node:stream'
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { RedshiftSqlError } from '../Engine.js'
import type { CopyCommand } from './CopyCommand.js'

/** Where COPY reads S3 from, and how it signs when the statement names a role. */
export interface S3Settings {
  /** e.g. `http://127.0.0.1:4569`. */
  readonly endpoint: string
  readonly region: string
  /** Used for IAM_ROLE / aws_iam_role; the SDK's default chain when undefined. */
  readonly credentials?: {
    readonly accessKeyId: string
    readonly secretAccessKey: string
    readonly sessionToken?: string
  }
  /** Path-style URLs (`endpoint/bucket/key`); local S3 servers need them. */
  readonly forcePathStyle: boolean
}

/** One object a COPY loads. */
export interface S3Object {
  readonly url: string
  readonly bucket: string
  readonly key: string
  /** `meta.content_length` of a manifest entry. */
  readonly contentLength?: number
  /** A manifest entry whose absence fails the COPY. */
  readonly mandatory: boolean
  /** Bytes as ListObjectsV2 gave them (a listed object). */
  readonly size?: number
}

const parseUrl = (url: string): { bucket: string; key: string } => {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(url)
  if (m === null) {
    throw new RedshiftSqlError(
      `ERROR: Invalid S3 URL '${url}': give s3://<bucket>/<key or prefix>`,
      '22023',
    )
  }
  return { bucket: m[1] as string, key: m[2] as string }
}

/** The error COPY fails with when the emulator has no S3 endpoint configured. */
export const noS3Endpoint = (): RedshiftSqlError =>
  new RedshiftSqlError(
    'ERROR: COPY from S3 needs an S3 endpoint and the emulator has none: start it with startEmulator({ s3: { endpoint } }) or the --s3-endpoint <url> flag',
    '0A000',
  )

/** A client signed as the statement says: its own keys, or the emulator's S3 credentials for a role. */
export const s3ClientFor = (settings: S3Settings, command: CopyCommand): S3Client => {
  const auth = command.authorization
  const credentials =
    auth.kind === 'keys'
      ? {
          accessKeyId: auth.accessKeyId,
          secretAccessKey: auth.secretAccessKey,
          ...(auth.sessionToken === undefined ? {} : { sessionToken: auth.sessionToken }),
        }
      : settings.credentials
  return new S3Client({
    endpoint: settings.endpoint,
    region: command.region ?? settings.region,
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: 2,
    ...(credentials === undefined ? {} : { credentials }),
  })
}

/**
 * An S3 failure worded as Redshift reports it
 * (`S3ServiceException:<message>,Status <n>,Error <code>,Rid <id>`), with what was being done.
 */
export const s3Error = (error: unknown, context: string): RedshiftSqlError => {
  if (RedshiftSqlError.is(error)) return error
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0
    const message = error.message || error.name
    return new RedshiftSqlError(
      `ERROR: S3ServiceException:${message},Status ${status},Error ${error.name},Rid ${error.$metadata.requestId ?? ''},CanRetry ${error.$retryable ? 1 : 0} DETAIL: ${context}`,
      'XX000',
    )
  }
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  return new RedshiftSqlError(
    `ERROR: S3 request failed (${code ?? message}) while ${context}; check the emulator's S3 endpoint`,
    'XX000',
  )
}

/** Every object under a key prefix, in key order, paging through ListObjectsV2. */
export const listPrefix = async (
  client: S3Client,
  url: string,
  pageSize = 1000,
): Promise<S3Object[]> => {
  const { bucket, key } = parseUrl(url)
  const objects: S3Object[] = []
  let token: string | undefined
  do {
    let page: ListObjectsV2CommandOutput
    try {
      page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: key,
          MaxKeys: pageSize,
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      )
    } catch (error) {
      throw s3Error(error, `listing bucket=${bucket} prefix=${key}`)
    }
    for (const entry of page.Contents ?? []) {
      // A key ending in "/" is a folder marker, not a file.
      if (entry.Key === undefined || entry.Key.endsWith('/')) continue
      objects.push({
        url: `s3://${bucket}/${entry.Key}`,
        bucket,
        key: entry.Key,
        mandatory: false,
        ...(entry.Size === undefined ? {} : { size: entry.Size }),
      })
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token !== undefined)
  if (objects.length === 0) {
    throw new RedshiftSqlError(`ERROR: The specified S3 prefix '${key}' does not exist`, 'XX000')
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

const streamToString = async (body: Readable, limit: number): Promise<string> => {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) throw new RedshiftSqlError('ERROR: Manifest file is too large', 'XX000')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const badManifest = (why: string): RedshiftSqlError =>
  new RedshiftSqlError(`ERROR: Manifest file is not in correct json format: ${why}`, 'XX000')

/** The objects a manifest lists (`{"entries":[{"url","mandatory","meta":{"content_length"}}]}`). */
export const readManifest = async (client: S3Client, url: string): Promise<S3Object[]> => {
  const { bucket, key } = parseUrl(url)
  let text: string
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    text = await streamToString(out.Body as Readable, 16 * 1024 * 1024)
  } catch (error) {
    throw s3Error(error, `reading the manifest ${url}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw badManifest((error as Error).message)
  }
  const entries = (parsed as { entries?: unknown } | null)?.entries
  if (!Array.isArray(entries)) throw badManifest('it has no "entries" array')
  return entries.map((entry: unknown, index): S3Object => {
    const e = entry as { url?: unknown; mandatory?: unknown; meta?: { content_length?: unknown } }
    if (typeof e?.url !== 'string' || !e.url.startsWith('s3://')) {
      throw badManifest(`entries[${index}] has no s3:// "url"`)
    }
    if (e.mandatory !== undefined && typeof e.mandatory !== 'boolean') {
      throw badManifest(`entries[${index}].mandatory is not true or false`)
    }
    const length = e.meta?.content_length
    if (length !== undefined && (typeof length !== 'number' || !Number.isInteger(length))) {
      throw badManifest(`entries[${index}].meta.content_length is not an integer`)
    }
    const where = parseUrl(e.url)
    if (where.key === '' || where.key.endsWith('/')) {
      throw new RedshiftSqlError(
        `ERROR: COPY with MANIFEST requires the full S3 object path, not '${e.url}'`,
        'XX000',
      )
    }
    return {
      url: e.url,
      ...where,
      mandatory: e.mandatory === true,
      ...(length === undefined ? {} : { contentLength: length as number }),
    }
  })
}

/** Opens one object as a byte stream; undefined for a missing object that is not mandatory. */
export const openObject = async (
  client: S3Client,
  object: S3Object,
  viaManifest: boolean,
): Promise<Readable | undefined> => {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }))
    if (object.contentLength !== undefined && out.ContentLength !== object.contentLength) {
      ;(out.Body as Readable).destroy()
      throw new RedshiftSqlError(
        `ERROR: Manifest entry ${object.url} has meta.content_length ${object.contentLength} but the object is ${out.ContentLength} bytes`,
        'XX000',
      )
    }
    return out.Body as Readable
  } catch (error) {
    if (viaManifest && error instanceof S3ServiceException && error.name === 'NoSuchKey') {
      if (!object.mandatory) return undefined
      throw new RedshiftSqlError(
        `ERROR: Manifest entry ${object.url} is mandatory and the object does not exist`,
        'XX000',
      )
    }
    throw s3Error(error, `reading ${object.url}`)
  }
}
