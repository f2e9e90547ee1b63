/**
 * The one error type of @redstore/data-api: a tagged `DataApiError` whose `reason` says
 * what went wrong and whether retrying can help.
 */
import { hasTag } from '@redstore/errors'
import { Data } from 'effect'

/** Where a failure came from: the API operation and, when known, the statement. */
export interface ErrorLocation {
  /** The Data API operation, e.g. `ExecuteStatement`, or `Config` / `Credentials`. */
  readonly operation: string
  readonly statementId?: string
}

/** The configuration is invalid; `fix` names what to change. Never retryable. */
export class ConfigReason extends Data.TaggedClass('Config')<{
  readonly message: string
  readonly fix: string
}> {}

/** Credentials are missing, expired, or rejected, or the identity lacks permission. */
export class AuthReason extends Data.TaggedClass('Auth')<{
  readonly message: string
  readonly code: string
}> {}

/** The service rejected the request as invalid (bad input, unknown id, SQL too large). */
export class ValidationReason extends Data.TaggedClass('Validation')<{
  readonly message: string
  readonly code: string
}> {}

/** The service throttled the request (rate limits). Retryable. */
export class ThrottledReason extends Data.TaggedClass('Throttled')<{
  readonly message: string
  readonly code: string
}> {}

/** A concurrency limit of the service was reached (active statements, sessions, waiters). */
export class LimitExceededReason extends Data.TaggedClass('LimitExceeded')<{
  readonly message: string
  readonly code: string
  readonly limit: 'ActiveStatements' | 'ActiveSessions' | 'ActiveWaitingRequests'
}> {}

/** The statement ran longer than allowed; `cancelled` says whether CancelStatement was accepted. */
export class TimeoutReason extends Data.TaggedClass('Timeout')<{
  readonly message: string
  readonly timeoutMillis: number
  readonly cancelled: boolean
}> {}

/** What kind of database error a failed statement reported, read from its text. */
export type StatementFailureKind =
  | 'SerializableIsolation'
  | 'Connection'
  | 'Syntax'
  | 'Permission'
  | 'Constraint'
  | 'Other'

/** The database ran the statement and it FAILED. */
export class StatementFailedReason extends Data.TaggedClass('StatementFailed')<{
  readonly statementId: string
  /** 1-based index of the failing statement inside a batch; undefined for a single statement. */
  readonly subStatementIndex: number | undefined
  /** The database's own message, e.g. `ERROR: relation "t" does not exist`. */
  readonly databaseMessage: string
  /** The first characters of the failing SQL. */
  readonly sqlExcerpt: string
  readonly kind: StatementFailureKind
}> {}

/** The statement was ABORTED (cancelled by someone else or by the service). */
export class AbortedReason extends Data.TaggedClass('Aborted')<{
  readonly message: string
  readonly statementId: string
}> {}

/** The connection to the service or from the service to the database failed. Retryable. */
export class ConnectionReason extends Data.TaggedClass('Connection')<{
  readonly message: string
  readonly code: string
}> {}

/** The service failed on its side (HTTP 5xx or an environmental error). Retryable. */
export class ServerReason extends Data.TaggedClass('Server')<{
  readonly message: string
  readonly code: string
  readonly status: number | undefined
}> {}

/** Anything the classifier does not recognise. Not retryable. */
export class UnknownReason extends Data.TaggedClass('Unknown')<{
  readonly message: string
}> {}

export type DataApiErrorReason =
  | ConfigReason
  | AuthReason
  | ValidationReason
  | ThrottledReason
  | LimitExceededReason
  | TimeoutReason
  | StatementFailedReason
  | AbortedReason
  | ConnectionReason
  | ServerReason
  | UnknownReason

const retryableTags: Record<DataApiErrorReason['_tag'], boolean> = {
  Config: false,
  Auth: false,
  Validation: false,
  Throttled: true,
  LimitExceeded: true,
  Timeout: false,
  StatementFailed: false,
  Aborted: false,
  Connection: true,
  Server: true,
  Unknown: false,
}

/** Whether a reason names a transient condition that a retry can cure. */
export const isRetryableReason = (reason: DataApiErrorReason): boolean =>
  reason._tag === 'StatementFailed'
    ? reason.kind === 'SerializableIsolation' || reason.kind === 'Connection'
    : retryableTags[reason._tag]

const describeReason = (reason: DataApiErrorReason): string => {
  switch (reason._tag) {
    case 'Config':
      return `invalid configuration: ${reason.message} (fix: ${reason.fix})`
    case 'StatementFailed': {
      const sub =
        reason.subStatementIndex === undefined ? '' : ` (sub-statement ${reason.subStatementIndex})`
      return `statement ${reason.statementId}${sub} failed: ${reason.databaseMessage} -- SQL: ${reason.sqlExcerpt}`
    }
    case 'Timeout':
      return `${reason.message} (cancelled: ${reason.cancelled})`
    case 'Aborted':
      return `statement ${reason.statementId} was aborted: ${reason.message}`
    case 'Unknown':
      return reason.message
    default:
      return `${reason.code}: ${reason.message}`
  }
}

/**
 * A failed Data API call. Branch on `error.reason._tag`; `error.isRetryable` says whether the
 * retry policy treats it as transient.
 *
 * @example
 * ```ts
 * program.pipe(Effect.catchTag('DataApiError', (e) =>
 *   e.reason._tag === 'StatementFailed' ? Effect.log(e.reason.databaseMessage) : Effect.fail(e)))
 * ```
 */
export class DataApiError extends Data.TaggedError('DataApiError')<{
  readonly reason: DataApiErrorReason
  readonly location: ErrorLocation
  readonly cause?: unknown
}> {
  /** True when the condition is transient (throttling, limits, 5xx, connection, 1023). */
  get isRetryable(): boolean {
    return isRetryableReason(this.reason)
  }

  override get message(): string {
    const where =
      this.location.statementId === undefined || this.reason._tag === 'StatementFailed'
        ? this.location.operation
        : `${this.location.operation} ${this.location.statementId}`
    return `Redshift Data API ${where}: ${describeReason(this.reason)}`
  }
}

/** True for any `DataApiError`, checked by tag (so also one made by another copy of this package). */
export const isDataApiError = (u: unknown): u is DataApiError => hasTag(u, 'DataApiError')
