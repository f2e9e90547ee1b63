/**
 * The one classifier: every failure the package can meet (SDK exceptions, HTTP status,
 * network errors, credential errors, a statement's database error text) becomes a
 * `DataApiError` with a reason, and so with `isRetryable`.
 */
import {
  AbortedReason,
  AuthReason,
  ConnectionReason,
  DataApiError,
  type DataApiErrorReason,
  isDataApiError,
  LimitExceededReason,
  ServerReason,
  StatementFailedReason,
  type StatementFailureKind,
  ThrottledReason,
  UnknownReason,
  ValidationReason,
} from './DataApiError.js'

/** A request to the service failed (threw) before it answered normally. */
export interface RequestFailure {
  readonly _tag: 'RequestFailure'
  readonly operation: string
  readonly error: unknown
  readonly statementId?: string
}

/** The service answered and the statement ended FAILED (or ABORTED) with a database message. */
export interface StatementFailure {
  readonly _tag: 'StatementFailure'
  readonly operation: string
  readonly status: 'FAILED' | 'ABORTED'
  readonly statementId: string
  readonly subStatementIndex: number | undefined
  readonly databaseMessage: string
  readonly sql: string
}

export type ClassifierInput = RequestFailure | StatementFailure

const authCodes = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'AccessDenied',
  'AccessDeniedException',
  'NotAuthorized',
  'AuthFailure',
  'UnauthorizedOperation',
  'CredentialsProviderError',
  'TokenProviderError',
])

const throttlingCodes = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'EC2ThrottledException',
])

const limitCodes: Record<string, LimitExceededReason['limit']> = {
  ActiveStatementsExceededException: 'ActiveStatements',
  ActiveSessionsExceededException: 'ActiveSessions',
  ActiveWaitingRequestsExceededException: 'ActiveWaitingRequests',
}

const connectionCodes = new Set([
  'DatabaseConnectionException',
  'QueryTimeoutException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

const serverCodes = new Set([
  'InternalServerException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ExecuteStatementException',
  'BatchExecuteStatementException',
])

const validationCodes = new Set([
  'ValidationException',
  'ResourceNotFoundException',
  'SerializationException',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'MissingParameter',
  'UnknownOperationException',
])

const networkMessage =
  /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|network|connection (was )?(reset|closed|refused|timed out)|other side closed|premature close|timed? ?out/i

interface ErrorFacts {
  readonly name: string | undefined
  readonly code: string | undefined
  readonly status: number | undefined
  readonly message: string
  readonly fault: string | undefined
}

/** `String(u)` that cannot throw (objects may have hostile `toString`s or no prototype). */
const safeString = (u: unknown): string => {
  try {
    return String(u)
  } catch {
    return Object.prototype.toString.call(u)
  }
}

const str = (u: unknown): string | undefined => (typeof u === 'string' && u !== '' ? u : undefined)

const factsOf = (error: unknown): ErrorFacts => {
  try {
    return readFacts(error)
  } catch {
    // A getter that throws: nothing can be read off this value.
    return {
      name: undefined,
      code: undefined,
      status: undefined,
      message: safeString(error),
      fault: undefined,
    }
  }
}

const readFacts = (error: unknown): ErrorFacts => {
  if (typeof error !== 'object' || error === null) {
    return {
      name: undefined,
      code: undefined,
      status: undefined,
      message: safeString(error),
      fault: undefined,
    }
  }
  const e = error as Record<string, unknown>
  const metadata = e.$metadata as { httpStatusCode?: unknown } | undefined
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined
  const cause = e.cause as Record<string, unknown> | undefined
  return {
    name: str(e.name),
    code: str(e.code) ?? str(e.Code) ?? str(e.errno) ?? str(cause?.code),
    status: status ?? (typeof e.statusCode === 'number' ? e.statusCode : undefined),
    message: str(e.message) ?? str(e.Message) ?? str(cause?.message) ?? safeString(error),
    fault: str(e.$fault),
  }
}

const reasonOfRequest = (error: unknown): DataApiErrorReason => {
  const f = factsOf(error)
  const codes = [f.name, f.code].filter((c): c is string => c !== undefined)
  const code = codes.find((c) => c !== 'Error') ?? 'Error'
  const has = (set: ReadonlySet<string>) => codes.some((c) => set.has(c))
  const limit = codes.map((c) => limitCodes[c]).find((l) => l !== undefined)
  if (limit !== undefined) return new LimitExceededReason({ message: f.message, code, limit })
  if (has(authCodes)) return new AuthReason({ message: f.message, code })
  if (has(throttlingCodes) || f.status === 429) {
    return new ThrottledReason({ message: f.message, code })
  }
  if (has(connectionCodes)) return new ConnectionReason({ message: f.message, code })
  if (has(serverCodes) || (f.status !== undefined && f.status >= 500) || f.fault === 'server') {
    return new ServerReason({ message: f.message, code, status: f.status })
  }
  if (has(validationCodes)) return new ValidationReason({ message: f.message, code })
  if (f.status === 401 || f.status === 403) return new AuthReason({ message: f.message, code })
  if (f.status !== undefined && f.status >= 400) {
    return new ValidationReason({ message: f.message, code })
  }
  // No HTTP answer at all: a transport failure when the text says so.
  if (f.status === undefined && networkMessage.test(f.message)) {
    return new ConnectionReason({ message: f.message, code })
  }
  return new UnknownReason({ message: `${code}: ${f.message}` })
}

const statementKinds: ReadonlyArray<readonly [StatementFailureKind, RegExp]> = [
  ['SerializableIsolation', /\b1023\b|serializable isolation violation/i],
  [
    'Connection',
    /terminating connection|server closed the connection|connection (to the database )?(was )?(reset|refused|lost|timed out|failed)|could not connect|lost connection|SSL SYSCALL error|connection to server .* failed/i,
  ],
  ['Permission', /permission denied|must be (the )?owner|not authorized|insufficient privilege/i],
  ['Syntax', /syntax error|at or near|unterminated quoted|invalid (identifier|command)/i],
  [
    'Constraint',
    /violates|duplicate key|null value in column|value too long|invalid input syntax|out of range|division by zero|multiple matches to update the same tuple|Invalid digit|Overflow/i,
  ],
]

/** The kind of a database error text, e.g. `1023` -> `SerializableIsolation`. */
export const statementFailureKind = (databaseMessage: string): StatementFailureKind =>
  statementKinds.find(([, pattern]) => pattern.test(databaseMessage))?.[0] ?? 'Other'

const excerptLength = 200

/** The SQL shown in errors: whitespace collapsed, cut to 200 characters. */
export const sqlExcerpt = (sql: string): string => {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length <= excerptLength ? flat : `${flat.slice(0, excerptLength - 1)}…`
}

/**
 * Turns any failure into a `DataApiError`. The retry policy decides by its `isRetryable`.
 *
 * @example
 * ```ts
 * classify({ _tag: 'RequestFailure', operation: 'ExecuteStatement', error }).isRetryable
 * ```
 */
export const classify = (input: ClassifierInput): DataApiError => {
  if (input._tag === 'StatementFailure') {
    const location = { operation: input.operation, statementId: input.statementId }
    if (input.status === 'ABORTED') {
      return new DataApiError({
        reason: new AbortedReason({
          message: input.databaseMessage || 'the statement was cancelled',
          statementId: input.statementId,
        }),
        location,
      })
    }
    return new DataApiError({
      reason: new StatementFailedReason({
        statementId: input.statementId,
        subStatementIndex: input.subStatementIndex,
        databaseMessage: input.databaseMessage,
        sqlExcerpt: sqlExcerpt(input.sql),
        kind: statementFailureKind(input.databaseMessage),
      }),
      location,
    })
  }
  if (isDataApiError(input.error)) return input.error
  const location =
    input.statementId === undefined
      ? { operation: input.operation }
      : { operation: input.operation, statementId: input.statementId }
  return new DataApiError({ reason: reasonOfRequest(input.error), location, cause: input.error })
}
