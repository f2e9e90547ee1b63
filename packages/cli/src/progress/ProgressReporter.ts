import { type ProgressState, renderProgressLine } from './renderProgressLine.js'

/**
 * Where messages and the progress line go: stderr, or a test's buffer.
 *
 * @example
 * ```ts
 * const out: MessageOutput = { write: (text) => process.stderr.write(text), columns: () => process.stderr.columns }
 * ```
 */
export interface MessageOutput {
  readonly write: (text: string) => void
  /** The terminal's width, if known. */
  readonly columns: () => number | undefined
}

/**
 * Options of a `ProgressReporter`.
 *
 * @example
 * ```ts
 * const options: ProgressReporterOptions = { bar: process.stderr.isTTY === true }
 * ```
 */
export interface ProgressReporterOptions {
  /** Draw the redrawn progress line (a terminal); otherwise only messages are written. */
  readonly bar: boolean
  /** Least time between two redraws. Default 100 ms (10 per second). */
  readonly intervalMs?: number | undefined
  readonly now?: (() => number) | undefined
}

/** Erase the current line and return to its start. */
const CLEAR = '\r\x1b[2K'

/**
 * Writes messages (bad lines, notices) and, on a terminal, one progress line redrawn in place
 * at most every `intervalMs`: a message erases the line, is written, and the line comes back.
 * Without `bar`, `update` writes nothing.
 *
 * @example
 * ```ts
 * const reporter = new ProgressReporter(out, { bar: true })
 * reporter.update(state)          // drawn if 100 ms passed since the last draw
 * reporter.message('data.csv:7: has 3 fields, the header has 4')
 * reporter.clear()                // before the summary
 * ```
 */
export class ProgressReporter {
  private readonly intervalMs: number
  private readonly now: () => number
  private last: ProgressState | undefined
  private drawnAt = Number.NEGATIVE_INFINITY
  private shown = false

  constructor(
    private readonly out: MessageOutput,
    private readonly options: ProgressReporterOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 100
    this.now = options.now ?? (() => performance.now())
  }

  /** Records where the pass stands; redraws when the interval has passed. */
  update(state: ProgressState): void {
    this.last = state
    if (!this.options.bar) return
    const now = this.now()
    if (now - this.drawnAt < this.intervalMs) return
    this.draw(now)
  }

  /** Redraws now (the pass ended, or a batch landed). */
  flush(state?: ProgressState): void {
    if (state !== undefined) this.last = state
    if (this.options.bar) this.draw(this.now())
  }

  /** Writes one message line, keeping the progress line below it. */
  message(line: string): void {
    if (this.shown) this.out.write(CLEAR)
    this.out.write(`${line}\n`)
    this.shown = false
    if (this.options.bar && this.last !== undefined) this.draw(this.now())
  }

  /** Erases the progress line (before the summary or an error). */
  clear(): void {
    if (this.shown) this.out.write(CLEAR)
    this.shown = false
    this.last = undefined
  }

  private draw(now: number): void {
    if (this.last === undefined) return
    // A terminal that reports no size says 0 columns.
    const columns = this.out.columns()
    this.out.write(
      `${CLEAR}${renderProgressLine(this.last, columns === undefined || columns < 1 ? 80 : columns)}`,
    )
    this.shown = true
    this.drawnAt = now
  }
}
