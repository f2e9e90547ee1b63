/**
 * The errors of the `redstore` command itself. Each is tagged (branch on `_tag`, never on
 * `instanceof`), says what happened, where and what to do, and carries the exit code it ends the
 * command with. No message holds a secret: flags and variables that carry one are never quoted.
 */
import { hasAnyTag, TaggedError } from '@redstore/errors'

/**
 * Exit codes of `redstore`: 0 done, 1 bad input or a failed load, 2 a command line (or
 * environment) the command cannot act on.
 *
 * @example
 * ```ts
 * process.exitCode = ExitCode.usage
 * ```
 */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const

/**
 * The command line (or the environment it reads) cannot be acted on: an unknown flag, a
 * missing argument, a bad value, a missing connection setting. Exit code 2.
 *
 * @example
 * ```ts
 * throw new UsageError({ what: '--format xml is not ndjson or csv', fix: 'Write --format ndjson or --format csv' })
 * ```
 */
export class UsageError extends TaggedError(
  'UsageError',
  (f: { readonly what: string; readonly fix: string; readonly exitCode: 2 }) =>
    `${f.what}. Fix: ${f.fix}.`,
) {
  constructor(args: { readonly what: string; readonly fix: string }) {
    super({ ...args, exitCode: ExitCode.usage })
  }
}

/**
 * The input cannot be read as a whole: it is missing, a line is too long, a CSV header is
 * unusable, the file changed while it was loaded. Exit code 1. (A bad line is not an
 * `InputError`: it is reported as `file:line: reason` and counted against `--max-bad-lines`.)
 *
 * @example
 * ```ts
 * throw new InputError({ file: 'data.csv', line: 1, problem: 'the header names "id" twice', fix: 'Name each column once' })
 * ```
 */
export class InputError extends TaggedError(
  'InputError',
  (f: {
    readonly file: string
    readonly line?: number | undefined
    readonly problem: string
    readonly fix: string
    readonly exitCode: 1
  }) => `${f.file}${f.line === undefined ? '' : `:${f.line}`}: ${f.problem}. Fix: ${f.fix}.`,
) {
  constructor(args: {
    readonly file: string
    readonly line?: number | undefined
    readonly problem: string
    readonly fix: string
  }) {
    super({ ...args, exitCode: ExitCode.failed })
  }
}

/**
 * More lines were bad than `--max-bad-lines` allows. Thrown by the row source of a
 * `--single-pass` load at the first bad line over the limit (the storage then lands the rows
 * before it and stops), and reported by a checked load before anything is sent. Exit code 1.
 *
 * @example
 * ```ts
 * new TooManyBadLinesError({ file: 'data.ndjson', line: 812, badLines: 3, maxBadLines: 2 })
 * ```
 */
export class TooManyBadLinesError extends TaggedError(
  'TooManyBadLinesError',
  (f: {
    readonly file: string
    /** The bad line that went over the limit (single pass), if known. */
    readonly line?: number | undefined
    readonly badLines: number
    readonly maxBadLines: number
    readonly exitCode: 1
  }) =>
    `${f.file}${f.line === undefined ? '' : `:${f.line}`}: ${f.badLines} bad line${f.badLines === 1 ? '' : 's'}, more than --max-bad-lines ${f.maxBadLines} allows`,
) {
  constructor(args: {
    readonly file: string
    readonly line?: number | undefined
    readonly badLines: number
    readonly maxBadLines: number
  }) {
    super({ ...args, exitCode: ExitCode.failed })
  }
}

/**
 * The load was interrupted (SIGINT or SIGTERM): reading stopped, the rows read before landed.
 *
 * @example
 * ```ts
 * new InterruptedError({ file: 'data.ndjson', line: 4096 })
 * ```
 */
export class InterruptedError extends TaggedError(
  'InterruptedError',
  (f: { readonly file: string; readonly line: number; readonly exitCode: 1 }) =>
    `${f.file}:${f.line}: interrupted (SIGINT or SIGTERM); reading stopped here`,
) {
  constructor(args: { readonly file: string; readonly line: number }) {
    super({ ...args, exitCode: ExitCode.failed })
  }
}

/** Every error of the command itself. */
export type CliError = UsageError | InputError | TooManyBadLinesError | InterruptedError

const tags: ReadonlySet<string> = new Set<CliError['_tag']>([
  'UsageError',
  'InputError',
  'TooManyBadLinesError',
  'InterruptedError',
])

/**
 * True when `error` is one of the command's own errors (checked by tag).
 *
 * @example
 * ```ts
 * if (isCliError(error)) process.exitCode = error.exitCode
 * ```
 */
export const isCliError = (error: unknown): error is CliError => hasAnyTag(error, tags)
