/**
 * Waiting for a statement: after the long-poll of the submitting call, DescribeStatement runs
 * on a schedule that starts fast and backs off with jitter to a cap.
 */
import { Duration, Effect, type Schedule } from 'effect'
import { cappedBackoff } from './Backoff.js'

/** Statement states after which nothing changes any more. */
export const terminalStatuses = ['FINISHED', 'FAILED', 'ABORTED'] as const
export type TerminalStatus = (typeof terminalStatuses)[number]

/**
 * True once a statement can no longer change.
 *
 * @example
 * ```ts
 * isTerminalStatus('STARTED') // false
 * ```
 */
export const isTerminalStatus = (status: string | undefined): status is TerminalStatus =>
  status === 'FINISHED' || status === 'FAILED' || status === 'ABORTED'

/** Shape of the default polling schedule. */
export interface PollScheduleOptions {
  /** First delay between describes. Default 50 ms. */
  readonly initial?: Duration.Input
  /** Growth per poll. Default 1.5. */
  readonly factor?: number
  /** Longest delay (after jitter). Default 2 seconds. */
  readonly cap?: Duration.Input
}

/** A schedule of delays between DescribeStatement calls. It never ends by itself: the statement timeout does. */
export type PollSchedule = Schedule.Schedule<unknown, unknown>

/**
 * Exponential polling with jitter, capped.
 *
 * @example
 * ```ts
 * DataApi.layer({ pollSchedule: pollSchedule({ initial: '20 millis', cap: '1 second' }) })
 * ```
 */
export const pollSchedule = (options: PollScheduleOptions = {}): PollSchedule =>
  cappedBackoff({
    initial: options.initial ?? Duration.millis(50),
    factor: options.factor ?? 1.5,
    cap: options.cap ?? Duration.seconds(2),
  })

/** The default: 50 ms growing by 1.5 to a 2 s cap, with jitter. */
export const defaultPollSchedule: PollSchedule = pollSchedule()

/**
 * Waits one schedule delay, describes, and repeats until the reported status is terminal.
 * When a finite schedule ends first, the last (unfinished) description is returned.
 *
 * @example
 * ```ts
 * const done = yield* pollUntilTerminal(describe(id), defaultPollSchedule)
 * ```
 */
export const pollUntilTerminal = <A extends { readonly Status?: string | undefined }, E, R>(
  describe: Effect.Effect<A, E, R>,
  schedule: PollSchedule = defaultPollSchedule,
): Effect.Effect<A | undefined, E, R> =>
  Effect.suspend(() => {
    // The first step only starts the schedule, so that the first describe waits one delay.
    let started = false
    const step: Effect.Effect<A | undefined, E, R> = Effect.suspend(() => {
      if (started) return describe
      started = true
      return Effect.succeed(undefined)
    })
    return Effect.repeat(step, {
      schedule,
      until: (d: A | undefined) => d !== undefined && isTerminalStatus(d.Status),
    })
  })
