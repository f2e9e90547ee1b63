import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { EmulatorCredentials } from '../EmulatorOptions.js'
import {
  incompleteSignature,
  invalidSignature,
  missingAuthenticationToken,
  unrecognizedClient,
} from './wireErrors.js'

/** What the verifier reads of an HTTP request. */
export interface SignedRequest {
  readonly method: string
  /** The request target as sent: path and query string. */
  readonly url: string
  /** Header values by lowercase name, repeated headers as several values. */
  readonly headers: Readonly<Record<string, ReadonlyArray<string> | undefined>>
  readonly body: Uint8Array
}

/** The key pair a request was verified against. */
export interface VerifiedSigner {
  readonly accessKeyId: string
  readonly iamIdentity: string
}

export interface SigV4VerifierOptions {
  readonly region: string
  /** The signing name; `redshift-data` for the Data API. */
  readonly service: string
  readonly credentials: ReadonlyArray<EmulatorCredentials>
  /** Most a signature's time may differ from the clock. Default 5 minutes. */
  readonly maxSkewMs?: number
  /** The clock, ms since epoch. Default Date.now. */
  readonly now?: () => number
}

export type SigV4Verifier = (request: SignedRequest) => VerifiedSigner

const algorithm = 'AWS4-HMAC-SHA256'
const fiveMinutesMs = 5 * 60 * 1000

/**
 * Builds a verifier of AWS Signature Version 4 `Authorization` headers. It throws the
 * `ServiceError` the service answers with: MissingAuthenticationTokenException,
 * IncompleteSignatureException, UnrecognizedClientException or InvalidSignatureException.
 *
 * @example
 * const verify = createSigV4Verifier({ region: 'us-east-1', service: 'redshift-data', credentials })
 * const signer = verify({ method: 'POST', url: '/', headers, body }) // { accessKeyId, iamIdentity }
 */
export const createSigV4Verifier = (options: SigV4VerifierOptions): SigV4Verifier => {
  const keys = new Map(options.credentials.map((c) => [c.accessKeyId, c]))
  const maxSkewMs = options.maxSkewMs ?? fiveMinutesMs
  const now = options.now ?? Date.now
  return (request) => {
    const authorization = single(request.headers, 'authorization')
    if (authorization === undefined) throw missingAuthenticationToken()
    const parsed = parseAuthorization(authorization)
    const credential = keys.get(parsed.accessKeyId)
    if (credential === undefined) throw unrecognizedClient()
    const token = single(request.headers, 'x-amz-security-token')
    if (token !== (credential.sessionToken ?? undefined)) throw unrecognizedClient()

    if (parsed.service !== options.service) {
      throw invalidSignature(
        `Credential should be scoped to correct service: '${options.service}'. `,
      )
    }
    if (parsed.region !== options.region) {
      throw invalidSignature(
        `Credential should be scoped to a valid region, not '${parsed.region}'. `,
      )
    }
    const amzDate = requestDate(request.headers)
    if (amzDate.slice(0, 8) !== parsed.date) {
      throw invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      )
    }
    checkSkew(amzDate, now(), maxSkewMs)

    if (!parsed.signedHeaders.includes('host')) {
      throw invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    }
    const bodyHash = sha256Hex(request.body)
    const declaredHash = single(request.headers, 'x-amz-content-sha256')
    if (declaredHash !== undefined && declaredHash !== bodyHash) {
      throw invalidSignature(
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      )
    }
    const canonical = canonicalRequest(request, parsed.signedHeaders, declaredHash ?? bodyHash)
    const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`
    const stringToSign = [algorithm, amzDate, scope, sha256Hex(canonical)].join('\n')
    const key = signingKey(credential.secretAccessKey, parsed.date, parsed.region, parsed.service)
    const expected = createHmac('sha256', key).update(stringToSign).digest()
    const given = Buffer.from(parsed.signature, 'hex')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalidSignature(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      )
    }
    return {
      accessKeyId: credential.accessKeyId,
      iamIdentity: credential.iamIdentity ?? `IAM:${credential.accessKeyId}`,
    }
  }
}

interface ParsedAuthorization {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
  readonly signedHeaders: ReadonlyArray<string>
  readonly signature: string
}

const parseAuthorization = (header: string): ParsedAuthorization => {
  const space = header.indexOf(' ')
  const given = space < 0 ? header : header.slice(0, space)
  if (given !== algorithm) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${given}'`)
  }
  const fields = new Map<string, string>()
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.has(name))
  if (missing.length > 0) {
    throw incompleteSignature(
      missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
    )
  }
  const scope = fields.get('Credential')!.split('/')
  const [accessKeyId, date, region, service, terminator] = scope
  if (
    scope.length !== 5 ||
    accessKeyId === undefined ||
    date === undefined ||
    region === undefined ||
    service === undefined ||
    terminator !== 'aws4_request' ||
    !/^\d{8}$/.test(date)
  ) {
    throw incompleteSignature(
      `Credential should be a key and scope: <key>/<YYYYMMDD>/<region>/<service>/aws4_request, got '${fields.get('Credential')}'.`,
    )
  }
  const signature = fields.get('Signature')!
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw invalidSignature(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    )
  }
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: fields.get('SignedHeaders')!.split(';'),
    signature,
  }
}

const single = (headers: SignedRequest['headers'], name: string): string | undefined => {
  const values = headers[name]
  return values === undefined || values.length === 0 ? undefined : values.join(',')
}

/** The request's signing time as ISO-8601 basic format, from X-Amz-Date or Date. */
const requestDate = (headers: SignedRequest['headers']): string => {
  const amzDate = single(headers, 'x-amz-date')
  if (amzDate !== undefined) {
    if (!/^\d{8}T\d{6}Z$/.test(amzDate)) {
      throw incompleteSignature(`X-Amz-Date must be in ISO-8601 basic format, got '${amzDate}'.`)
    }
    return amzDate
  }
  const date = single(headers, 'date')
  const parsed = date === undefined ? Number.NaN : Date.parse(date)
  if (Number.isNaN(parsed)) {
    throw incompleteSignature(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    )
  }
  return isoBasic(parsed)
}

const isoBasic = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

const checkSkew = (amzDate: string, nowMs: number, maxSkewMs: number): void => {
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  )
  if (Number.isNaN(signedAt)) {
    throw incompleteSignature(`X-Amz-Date is not a valid date: '${amzDate}'.`)
  }
  const minutes = Math.round(maxSkewMs / 60000)
  if (signedAt < nowMs - maxSkewMs) {
    throw invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${isoBasic(nowMs - maxSkewMs)} (${isoBasic(nowMs)} - ${minutes} min.)`,
    )
  }
  if (signedAt > nowMs + maxSkewMs) {
    throw invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${isoBasic(nowMs + maxSkewMs)} (${isoBasic(nowMs)} + ${minutes} min.)`,
    )
  }
}

/** RFC 3986 percent-encoding, as SigV4 wants it (unreserved characters kept). */
const escapeUri = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

const canonicalPath = (path: string): string => {
  const segments: Array<string> = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = path.endsWith('/') && segments.length > 0 ? '/' : ''
  // The SDK escapes the path it sends once more (non-S3 services): `%` becomes `%25`.
  return `/${segments.map((s) => escapeUri(s)).join('/')}${trailing}`
}

const canonicalQuery = (query: string): string =>
  query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const key = eq < 0 ? pair : pair.slice(0, eq)
      const value = eq < 0 ? '' : pair.slice(eq + 1)
      return [escapeUri(decode(key)), escapeUri(decode(value))] as const
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&')

const canonicalRequest = (
  request: SignedRequest,
  signedHeaders: ReadonlyArray<string>,
  payloadHash: string,
): string => {
  const question = request.url.indexOf('?')
  const path = question < 0 ? request.url : request.url.slice(0, question)
  const query = question < 0 ? '' : request.url.slice(question + 1)
  const headerLines = signedHeaders.map((name) => {
    const values = request.headers[name] ?? []
    return `${name}:${values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`
  })
  return [
    request.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    headerLines.join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
}

const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex')

const signingKey = (secret: string, date: string, region: string, service: string): Buffer => {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest()
  const kRegion = createHmac('sha256', kDate).update(region).digest()
  const kService = createHmac('sha256', kRegion).update(service).digest()
  return createHmac('sha256', kService).update('aws4_request').digest()
}
