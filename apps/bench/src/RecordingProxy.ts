import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Answers seen per operation: `200`, an error name such as `ThrottlingException`, or `dropped`. */
export type OutcomeTally = Readonly<Record<string, Readonly<Record<string, number>>>>

/**
 * An HTTP proxy on 127.0.0.1 in front of the emulator that forwards every request unchanged and
 * tallies what came back, by operation: so a benchmark can show which faults its client met.
 *
 * @example
 * ```ts
 * const proxy = await startRecordingProxy(emulator.endpoint)
 * // point the client at proxy.endpoint, run, then:
 * proxy.tally() // { BatchExecuteStatement: { '200': 70, ThrottlingException: 6, dropped: 1 } }
 * await proxy.stop()
 * ```
 */
export interface RecordingProxy {
  readonly endpoint: string
  readonly tally: () => OutcomeTally
  /** Zeroes the tally, e.g. after setup calls. */
  readonly reset: () => void
  readonly stop: () => Promise<void>
}

/**
 * Starts a recording proxy to `upstream` (an `http://127.0.0.1:<port>` endpoint).
 *
 * @example
 * ```ts
 * const proxy = await startRecordingProxy('http://127.0.0.1:4577')
 * ```
 */
export const startRecordingProxy = async (upstream: string): Promise<RecordingProxy> => {
  const target = new URL(upstream)
  let counts: Record<string, Record<string, number>> = {}
  const record = (operation: string, outcome: string) => {
    const forOperation = counts[operation] ?? {}
    forOperation[outcome] = (forOperation[outcome] ?? 0) + 1
    counts[operation] = forOperation
  }
  const server = createServer((incoming, outgoing) => {
    const targetHeader = String(incoming.headers['x-amz-target'] ?? '')
    const operation = targetHeader.replace(/^RedshiftData\./, '') || 'unknown'
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const errorType = answer.headers['x-amzn-errortype']
        record(
          operation,
          typeof errorType === 'string'
            ? (errorType.split(':')[0] ?? errorType)
            : String(answer.statusCode),
        )
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    forward.on('error', () => {
      // The emulator destroyed the connection: do the same to the client.
      record(operation, 'dropped')
      outgoing.socket?.destroy()
    })
    incoming.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    tally: () => structuredClone(counts),
    reset: () => {
      counts = {}
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
