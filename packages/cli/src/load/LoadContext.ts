import type { TableModel } from '@redstore/sql'
import type { InputRowsOptions } from '../input/inputRows.js'
import type { OpenInputOptions } from '../input/openInput.js'
import type { MessageOutput, ProgressReporter } from '../progress/ProgressReporter.js'
import type { RowChecker } from '../rows/RowChecker.js'
import type { BadLines } from './BadLines.js'
import type { LoadSettings } from './LoadSettings.js'

/**
 * What `redstore load` reads and writes: the process's streams and environment, or a test's.
 *
 * @example
 * ```ts
 * const io: LoadIo = {
 *   cwd: process.cwd(), env: process.env, stdin: process.stdin,
 *   stdout: (line) => process.stdout.write(`${line}\n`),
 *   stderr: { write: (t) => process.stderr.write(t), columns: () => process.stderr.columns, isTTY: process.stderr.isTTY === true },
 * }
 * ```
 */
export interface LoadIo {
  readonly cwd: string
  /** Read for `REDSTORE_*`; the connection's `REDSHIFT_*` / `AWS_*` come from `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>
  readonly stdin: AsyncIterable<Uint8Array>
  /** The size of stdin when it is a redirected file (for the ETA). */
  readonly stdinSize?: number | undefined
  /** The summary (one line). */
  readonly stdout: (line: string) => void
  /** Messages and, on a terminal, the progress line. */
  readonly stderr: MessageOutput & { readonly isTTY: boolean }
  /** Aborted on SIGINT/SIGTERM: reading stops, and the rows read before it land. */
  readonly signal?: AbortSignal | undefined
}

/** One load's settings, table and shared state, as both passes use them. */
export interface LoadContext {
  readonly settings: LoadSettings
  readonly io: LoadIo
  readonly reporter: ProgressReporter
  readonly say: (line: string) => void
  /** The input's name in messages: the path as given, or `stdin`. */
  readonly name: string
  /** The input file's absolute path; undefined for stdin. */
  readonly filePath: string | undefined
  readonly model: TableModel
  /** `schema.table`. */
  readonly label: string
  /** `--method`, or the storage's default. */
  readonly method: 'insert' | 'copy' | 'auto'
  readonly checker: RowChecker
  readonly bad: BadLines
  readonly rowsOptions: InputRowsOptions
  readonly inputOptions: OpenInputOptions
  /** The input's size when known (the ETA). */
  readonly totalBytes: number | undefined
}

export const plural = (n: number, one: string): string =>
  `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`

/** The line that tells how many bad lines were not printed, if any. */
export const unshownNotice = (context: LoadContext): string | undefined =>
  context.bad.unshown > 0
    ? `${context.name}: ... and ${plural(context.bad.unshown, 'more bad line')} (--show-bad-lines all prints every one)`
    : undefined
