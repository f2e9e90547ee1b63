/**
 * The contract between the wire layer (HTTP, awsJson1_1, SigV4, model validation,
 * API-level faults and latency) and the Data API operations behind it.
 */
import { TaggedError } from '@redstore/errors'

export const operationNames = [
  'BatchExecuteStatement',
  'CancelStatement',
  'DescribeStatement',
  'DescribeTable',
  'ExecuteStatement',
  'GetStatementResult',
  'GetStatementResultV2',
  'ListDatabases',
  'ListSchemas',
  'ListSessions',
  'ListStatements',
  'ListTables',
] as const

export type OperationName = (typeof operationNames)[number]

/** Who sent a request, as the verified signature says. */
export interface RequestContext {
  readonly requestId: string
  /** The access key that signed the request; undefined when auth is 'none'. */
  readonly accessKeyId: string | undefined
  /** The IAM identity of the signer as a database user name: `IAM:<user>` or `IAMR:<role>`. */
  readonly iamIdentity: string
  /** Wall-clock time of arrival, ms since epoch. */
  readonly receivedAt: number
  /** Aborted when the client's connection closes before the answer is sent. */
  readonly signal: AbortSignal
}

/**
 * A handler receives input already validated against the service model (required
 * members, lengths, patterns, ranges, enums) and returns the output shape as JSON-ready
 * data (bigint values are written as JSON integers without loss).
 */
export type OperationHandler = (
  input: Readonly<Record<string, unknown>>,
  context: RequestContext,
) => Promise<Record<string, unknown>>

export type OperationHandlers = Readonly<Record<OperationName, OperationHandler>>

/**
 * A modeled service error. The wire layer writes it as `{"__type": type, "message": ...}`
 * plus `extra` members, with the `x-amzn-errortype` header and `status`. A tagged error:
 * recognise it with `ServiceError.is(error)` or `isServiceError(error)`.
 */
export class ServiceError extends TaggedError(
  'ServiceError',
  (f: {
    /** The model's error shape name, e.g. ValidationException. */
    readonly type: string
    readonly message: string
    /** HTTP status; the model's for modeled errors (400 client, 404 not found, 500 server). */
    readonly status: number
    /** Further members of the error shape, e.g. `{ ResourceId }` or `{ StatementId }`. */
    readonly extra: Readonly<Record<string, unknown>>
  }) => f.message,
) {
  constructor(
    type: string,
    message: string,
    status = 400,
    extra: Readonly<Record<string, unknown>> = {},
  ) {
    super({ type, message, status, extra })
  }
}

/**
 * True for a ServiceError, whichever copy of the package made it.
 *
 * @example
 * if (isServiceError(error)) console.error(error.type, error.status)
 */
export const isServiceError = (u: unknown): u is ServiceError => ServiceError.is(u)

/** Statement-level fault decisions, made deterministically from the emulator's seed. */
export interface StatementFaults {
  /**
   * When it answers 'serializable', the statement (or batch) FAILS with Redshift's 1023 error.
   * Pass the operation that submitted the statement so that rules naming an operation apply
   * to it only; without it every serializable rule applies.
   */
  nextStatementFault(operation?: OperationName): 'serializable' | undefined
}

/** A StatementFaults that never fires, for a service built without fault injection. */
export const noStatementFaults: StatementFaults = { nextStatementFault: () => undefined }
