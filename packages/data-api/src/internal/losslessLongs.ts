/**
 * JSON.parse, which the SDK uses on responses, rounds integers beyond 2^53. GetStatementResult
 * answers carry BIGINT values as `longValue` JSON integers, so before the SDK parses such an
 * answer, unsafe `longValue`s are rewritten into `stringValue`s holding the exact digits;
 * `decodeField` turns those back into bigint for integer columns.
 */
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data'

// A key is never preceded by a backslash: inside JSON strings quotes are escaped.
const longValue = /(?<!\\)"longValue"(\s*):(\s*)(-?\d{16,})(?=[\s,}])/g

/** Rewrites `"longValue": <unsafe integer>` into `"stringValue": "<digits>"`. */
export const rewriteUnsafeLongs = (json: string): string =>
  json.replace(longValue, (match, _s1: string, _s2: string, digits: string) =>
    Number.isSafeInteger(Number(digits)) ? match : `"stringValue":"${digits}"`,
  )

const readAll = async (body: unknown): Promise<Uint8Array | undefined> => {
  if (body instanceof Uint8Array) return body
  if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) return undefined
  const chunks: Array<Uint8Array> = []
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
  }
  return Buffer.concat(chunks)
}

/** Installs the rewrite on a client, for GetStatementResult answers only. */
export const preserveBigIntegers = (client: RedshiftDataClient): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args)
      if (context.commandName !== 'GetStatementResultCommand') return result
      const response = result.response as { body?: unknown; statusCode?: number }
      if (response.statusCode !== 200) return result
      const bytes = await readAll(response.body)
      if (bytes === undefined) return result
      const text = new TextDecoder().decode(bytes)
      response.body = text.includes('"longValue"')
        ? new TextEncoder().encode(rewriteUnsafeLongs(text))
        : bytes
      return result
    },
    { step: 'deserialize', priority: 'low', name: 'redstorePreserveBigIntegers' },
  )
}
