/**
 * The one backoff the runtime waits with, between retries and between polls: exponential,
 * jittered, capped.
 */
import { Duration, Effect, Schedule } from 'effect'

/** Shape of a capped, jittered exponential backoff. */
export interface BackoffOptions {
  /** First delay. */
  readonly initial: Duration.Input
  /** Growth per step. */
  readonly factor: number
  /** Longest delay (after jitter). */
  readonly cap: Duration.Input
}

/**
 * Delays growing by `factor` from `initial`, each scaled by a random 0.8..1.2 (jitter), and never
 * above `cap`. It never ends by itself: limit it with `Schedule.upTo` or a timeout.
 *
 * @example
 * ```ts
 * const schedule = cappedBackoff({ initial: '100 millis', factor: 2, cap: '10 seconds' })
 * ```
 */
export const cappedBackoff = (options: BackoffOptions): Schedule.Schedule<Duration.Duration> => {
  const cap = Duration.fromInputUnsafe(options.cap)
  return Schedule.exponential(options.initial, options.factor).pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, cap))),
  )
}
