import { validation } from './serviceErrors.js'

/**
 * NextToken values: opaque to callers, bound to the listing they continue, so a token of one
 * statement's result cannot page another's.
 */
export function encodePageToken(scope: string, position: number): string {
  return Buffer.from(JSON.stringify({ s: scope, p: position }), 'utf8').toString('base64url')
}

/** The position a NextToken continues from; a token of another listing is a ValidationException. */
export function decodePageToken(token: unknown, scope: string): number {
  if (token === undefined || token === null || token === '') return 0
  try {
    if (typeof token !== 'string') throw new Error('not a string')
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (typeof parsed === 'object' && parsed !== null) {
      const { s, p } = parsed as { s?: unknown; p?: unknown }
      if (s === scope && typeof p === 'number' && Number.isInteger(p) && p >= 0) return p
    }
  } catch {
    // reported below
  }
  throw validation('Invalid NextToken: pass the NextToken of the previous page of this request.')
}

/** MaxResults as the service reads it: absent or 0 means the operation's default. */
export function pageSize(maxResults: unknown, fallback: number): number {
  return typeof maxResults === 'number' && maxResults > 0 ? maxResults : fallback
}
