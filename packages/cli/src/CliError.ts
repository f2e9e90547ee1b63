/**
 * The errors of the `redstore` command itself. Each is tagged (branch on `_tag`, never on
 * `instanceof`), says what happened, where and what to do, and carries the exit code it ends the
 * command with. No message holds a secret: flags and variables that carry one are never quoted.
 */

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
export class UsageError extends Error {
  readonly _tag = 'UsageError'
  override readonly name = 'UsageError'
  readonly exitCode = ExitCode.usage
  readonly what: string
  readonly fix: string
  constructor(args: { readonly what: string; readonly fix: string }) {
    super(`${args.what}. Fix: ${args.fix}.`)
    this.what = args.what
    this.fix = args.fix
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
export class InputError extends Error {
  readonly _tag = 'InputError'
  override readonly name = 'InputError'
  readonly exitCode = ExitCode.failed
  readonly file: string
  readonly line: number | undefined
  readonly problem: string
  readonly fix: string
  constructor(args: {
    readonly file: string
    readonly line?: number | undefined
    readonly problem: string
    readonly fix: string
  }) {
    super(
      `${args.file}${args.line === undefined ? '' : `:${args.line}`}: ${args.problem}. Fix: ${args.fix}.`,
    )
    this.file = args.file
    this.line = args.line
    this.problem = args.problem
    this.fix = args.fix
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
export class TooManyBadLinesError extends Error {
  readonly _tag = 'TooManyBadLinesError'
  override readonly name = 'TooManyBadLinesError'
  readonly exitCode = ExitCode.failed
  readonly file: string
  /** The bad line that went over the limit (single pass), if known. */
  readonly line: number | undefined
  readonly badLines: number
  readonly maxBadLines: number
  constructor(args: {
    readonly file: string
    readonly line?: number | undefined
    readonly badLines: number
    readonly maxBadLines: number
  }) {
    super(
      `${args.file}${args.line === undefined ? '' : `:${args.line}`}: ${args.badLines} bad line${args.badLines === 1 ? '' : 's'}, more than --max-bad-lines ${args.maxBadLines} allows`,
    )
    this.file = args.file
    this.line = args.line
    this.badLines = args.badLines
    this.maxBadLines = args.maxBadLines
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
export class InterruptedError extends Error {
  readonly _tag = 'InterruptedError'
  override readonly name = 'InterruptedError'
  readonly exitCode = ExitCode.failed
  readonly file: string
  readonly line: number
  constructor(args: { readonly file: string; readonly line: number }) {
    super(`${args.file}:${args.line}: interrupted (SIGINT or SIGTERM); reading stopped here`)
    this.file = args.file
    this.line = args.line
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
export const isCliError = (error: unknown): error is CliError =>
  typeof error === 'object' &&
  error !== null &&
  tags.has((error as { _tag?: unknown })._tag as string)
