import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { TaggedError } from '@redstore/errors'
import type { FaultInjector } from '../faults/FaultInjector.js'
import { loadServiceModel, modeledErrorStatus, type ServiceModel } from '../model/ServiceModel.js'
import {
  type OperationHandlers,
  type OperationName,
  operationNames,
  type RequestContext,
  ServiceError,
} from './contract.js'
import { validateInput } from './InputValidator.js'
import type { SigV4Verifier } from './SigV4Verifier.js'
import {
  internalServerError,
  serializationError,
  throttling,
  unknownOperation,
} from './wireErrors.js'
import { writeJson } from './writeJson.js'

export interface WireServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string
  /** Default 0 (a free port). */
  readonly port?: number
  readonly handlers: OperationHandlers
  /** Verifies each request's signature; undefined skips verification (`auth: 'none'`). */
  readonly verifier?: SigV4Verifier | undefined
  /** The database identity of unsigned requests when there is no verifier. */
  readonly anonymousIdentity?: string
  readonly faults?: FaultInjector | undefined
  /** Waited before every answer. Default 0. */
  readonly apiLatencyMs?: number
  /** Default the model shipped with the package. */
  readonly model?: ServiceModel
}

/** A listening wire server. */
export interface WireServer {
  /** `http://<host>:<port>` */
  readonly endpoint: string
  readonly host: string
  readonly port: number
  /** Stops listening, ends open connections and aborts calls in flight. */
  close(): Promise<void>
}

/** Largest request body read; a batch of 40 statements of 100 KB is far below it. */
const maxBodyBytes = 32 * 1024 * 1024
const acceptedContentTypes = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0'])
const operationSet = new Set<string>(operationNames)

/**
 * Starts the awsJson1_1 HTTP server of the Data API in front of `handlers`: one
 * `POST /` per call, `x-amz-target: RedshiftData.<Operation>`, SigV4-verified,
 * validated against the model, errors written as `{"__type", "message"}`.
 *
 * @example
 * const server = await startWireServer({ handlers, verifier })
 * new RedshiftDataClient({ endpoint: server.endpoint, region, credentials })
 */
export const startWireServer = async (options: WireServerOptions): Promise<WireServer> => {
  const model = options.model ?? loadServiceModel()
  const prefix = `${model.metadata.targetPrefix}.`
  const inFlight = new Set<AbortController>()
  const server = createServer((request, response) => {
    const abort = new AbortController()
    inFlight.add(abort)
    response.on('close', () => {
      inFlight.delete(abort)
      if (!response.writableFinished) abort.abort(new Error('The client closed the connection'))
    })
    void handle(request, response, abort.signal)
  })
  // Idle keep-alive connections stay open until the client closes them: a server-side idle
  // timeout races with a client reusing the socket, and the call then fails with ECONNRESET.
  server.keepAliveTimeout = 0

  const handle = async (
    request: IncomingMessage,
    response: ServerResponse,
    signal: AbortSignal,
  ): Promise<void> => {
    const requestId = randomUUID()
    const receivedAt = Date.now()
    let body: Buffer
    try {
      body = await readBody(request)
    } catch {
      request.socket.destroy()
      return
    }
    let answer: Answer
    let drop: 'before' | 'after' | undefined
    try {
      const signer = options.verifier?.({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headersDistinct,
        body,
      })
      const operation = resolveOperation(request, prefix)
      const input = parseBody(body)
      const inputShape = model.operations[operation]?.input?.shape
      const validated = inputShape === undefined ? {} : validateInput(model, inputShape, input)
      const fault = options.faults?.nextApiFault(operation)
      if (fault?.kind === 'throttling') throw throttling()
      if (fault?.kind === 'internal') {
        throw internalServerError('An internal error occurred. Try the request again.')
      }
      if (fault?.kind === 'drop-connection') drop = fault.afterExecute ? 'after' : 'before'
      const context: RequestContext = {
        requestId,
        accessKeyId: signer?.accessKeyId,
        iamIdentity: signer?.iamIdentity ?? options.anonymousIdentity ?? 'IAM:anonymous',
        receivedAt,
        signal,
      }
      if (drop === 'before') {
        answer = { status: 0, body: '' }
      } else {
        const output = await options.handlers[operation](validated, context)
        answer = { status: 200, body: writeJson(output) }
      }
    } catch (error) {
      answer = errorAnswer(model, error)
    }
    if (options.apiLatencyMs !== undefined && options.apiLatencyMs > 0) {
      await delay(options.apiLatencyMs, signal)
    }
    if (drop !== undefined || signal.aborted) {
      request.socket.destroy()
      return
    }
    response.writeHead(answer.status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(answer.body),
      'x-amzn-requestid': requestId,
      ...(answer.errorType === undefined ? {} : { 'x-amzn-errortype': answer.errorType }),
    })
    response.end(answer.body)
  }

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(listenError(error, host, options.port ?? 0))
    server.once('error', failed)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', failed)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host
  let closing: Promise<void> | undefined
  return {
    endpoint: `http://${urlHost}:${port}`,
    host,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const controller of inFlight) controller.abort(new Error('The emulator is stopping'))
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

/**
 * The server could not listen where it was asked to. A tagged error: recognise it with
 * `ListenError.is(error)` or `isListenError(error)`.
 */
export class ListenError extends TaggedError(
  'ListenError',
  (f: {
    readonly message: string
    readonly host: string
    readonly port: number
    readonly cause: unknown
  }) => f.message,
) {
  constructor(message: string, host: string, port: number, cause: unknown) {
    super({ message, host, port, cause })
  }
}

/**
 * True for a ListenError, whichever copy of the package made it.
 *
 * @example
 * if (isListenError(error)) console.error(`${error.host}:${error.port} is taken`)
 */
export const isListenError = (u: unknown): u is ListenError => ListenError.is(u)

const listenError = (error: NodeJS.ErrnoException, host: string, port: number): ListenError => {
  const where = `${host}:${port}`
  const remedy =
    error.code === 'EADDRINUSE'
      ? `port ${port} is in use: stop what holds it, or give another port (0 picks a free one)`
      : error.code === 'EADDRNOTAVAIL'
        ? `${host} is not an address of this machine: use 127.0.0.1`
        : error.code === 'EACCES'
          ? `listening on port ${port} is not allowed: use a port above 1023 or 0`
          : error.message
  return new ListenError(`The emulator cannot listen on ${where}: ${remedy}`, host, port, error)
}

interface Answer {
  readonly status: number
  readonly body: string
  readonly errorType?: string
}

const resolveOperation = (request: IncomingMessage, prefix: string): OperationName => {
  const target = request.headers['x-amz-target']
  if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith(prefix)) {
    throw unknownOperation(`${request.method ?? 'GET'} ${request.url ?? '/'} names no operation`)
  }
  const name = target.slice(prefix.length)
  if (!operationSet.has(name)) throw unknownOperation(`Unknown operation ${target}`)
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (!acceptedContentTypes.has(contentType)) {
    throw serializationError(
      `Unsupported content type '${contentType}': send application/x-amz-json-1.1`,
    )
  }
  return name as OperationName
}

const parseBody = (body: Buffer): unknown => {
  const text = body.toString('utf8').trim()
  if (text === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw serializationError('The request body is not valid JSON')
  }
}

const errorAnswer = (model: ServiceModel, error: unknown): Answer => {
  const serviceError = ServiceError.is(error)
    ? error
    : internalServerError(error instanceof Error ? error.message : String(error))
  const status = modeledErrorStatus(model, serviceError.type) ?? serviceError.status
  return {
    status,
    errorType: serviceError.type,
    body: writeJson({
      ...serviceError.extra,
      __type: serviceError.type,
      message: serviceError.message,
    }),
  }
}

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBodyBytes) {
        reject(new Error('The request body is too large'))
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })

const delay = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
