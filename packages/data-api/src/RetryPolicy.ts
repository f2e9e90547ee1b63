/**
 * When a failed call is tried again: a named predicate plus a `Schedule` the caller may
 * replace. Only errors whose reason is retryable are retried.
 */
import { Duration, Schedule } from 'effect'
import { cappedBackoff } from './Backoff.js'
import type { DataApiError } from './DataApiError.js'

/** Shape of the default backoff. */
export interface RetryScheduleOptions {
  /** First delay. Default 100 ms. */
  readonly base?: Duration.Input
  /** Growth per retry. Default 2. */
  readonly factor?: number
  /** Longest delay (after jitter). Default 10 seconds. */
  readonly cap?: Duration.Input
  /** Most retries after the first attempt. Default 8. */
  readonly maxRetries?: number
}

/** A schedule of retry delays for `DataApiError`s. */
export type RetrySchedule = Schedule.Schedule<unknown, DataApiError>

/**
 * Capped exponential backoff with jitter (each delay scaled by 0.8..1.2, then capped).
 *
 * @example
 * ```ts
 * DataApi.layer({ retrySchedule: retrySchedule({ base: '200 millis', maxRetries: 4 }) })
 * ```
 */
export const retrySchedule = (options: RetryScheduleOptions = {}): RetrySchedule =>
  cappedBackoff({
    initial: options.base ?? Duration.millis(100),
    factor: options.factor ?? 2,
    cap: options.cap ?? Duration.seconds(10),
  }).pipe(Schedule.upTo({ times: options.maxRetries ?? 8 }), Schedule.setInputType<DataApiError>())

/** The default policy: 100 ms doubling to a 10 s cap, with jitter, at most 8 retries. */
export const defaultRetrySchedule: RetrySchedule = retrySchedule()

/**
 * The retry predicate: the error's reason is transient.
 *
 * @example
 * ```ts
 * effect.pipe(Effect.retry({ schedule: defaultRetrySchedule, while: isRetryable }))
 * ```
 */
export const isRetryable = (error: DataApiError): boolean => error.isRetryable
