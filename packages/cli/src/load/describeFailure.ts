import { isSqlError } from '@redstore/sql'
import type { SaveError } from '@redstore/storage'
import { isCliError } from '../CliError.js'
import { describeRowError } from '../rows/RowChecker.js'
import type { RowLines } from './RowLines.js'

/**
 * What the CLI knows when a save fails: the input's name, the table, which line each row sent
 * came from, and where reading stopped (the line whose problem ended the source), if it did.
 *
 * @example
 * ```ts
 * const context: FailureContext = { file: 'data.ndjson', table: 'shop.orders', rowLines, stoppedAt: 812 }
 * ```
 */
export interface FailureContext {
  readonly file: string
  readonly table: string
  readonly rowLines: RowLines
  readonly stoppedAt: number | undefined
}

const count = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/**
 * What landed of a failed save, as file lines: batches land whole in input order, so the rows
 * that landed are the rows of every line up to one line, and nothing after it.
 *
 * @example
 * ```ts
 * describeLanded(error, context)
 * // '1,000 rows landed in shop.orders (1 batch): the rows of lines 1 to 1,003; from line 1,004 on, nothing landed. Rows are upserted by key: running the same command again is safe.'
 * ```
 */
export const describeLanded = (error: SaveError, context: FailureContext): string => {
  const n = error.rowsLanded
  if (n === 0) return `Nothing landed in ${context.table}.`
  const last = context.rowLines.endLineOf(n - 1)
  const next = context.rowLines.lineOf(n) ?? context.stoppedAt
  const upTo = last === undefined ? '' : `: the rows of lines 1 to ${last.toLocaleString('en-US')}`
  const after =
    next === undefined ? '' : `; from line ${next.toLocaleString('en-US')} on, nothing landed`
  return (
    `${count(n, 'row')} landed in ${context.table} (${count(error.batchesLanded, 'batch', 'batches')})${upTo}${after}. ` +
    'Rows are upserted by key: running the same command again is safe.'
  )
}

/**
 * The lines printed for a failed save: why it stopped, at `file:line` when a row or a COPY
 * line is to blame (the storage's row indexes told as input lines), then what landed.
 *
 * @example
 * ```ts
 * for (const line of describeSaveFailure(error, context)) console.error(line)
 * ```
 */
export const describeSaveFailure = (
  error: SaveError,
  context: FailureContext,
): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const cause = error.cause
  const at = (rowIndex: number | undefined): string => {
    const line = rowIndex === undefined ? undefined : context.rowLines.lineOf(rowIndex)
    return `${context.file}:${line ?? '?'}`
  }
  if (cause._tag === 'SourceError') {
    const inner = cause.error
    lines.push(
      isCliError(inner)
        ? `redstore load: ${inner.message}`
        : `redstore load: reading ${context.file} failed at line ${context.stoppedAt ?? '?'}: ${inner instanceof Error ? inner.message : String(inner)}`,
    )
  } else if (isSqlError(cause)) {
    const rowIndex = (cause as { rowIndex?: unknown }).rowIndex
    lines.push(
      `${at(typeof rowIndex === 'number' ? rowIndex : undefined)}: ${describeRowError(cause)}`,
    )
  } else if (cause._tag === 'CopyLoadError') {
    for (const l of cause.lines) {
      lines.push(
        `${at(l.rowIndex)}: column ${JSON.stringify(l.column)}: ${l.reason} (COPY load error ${l.code})`,
      )
    }
    lines.push(`redstore load: ${cause.message}`)
  } else {
    lines.push(`redstore load: ${cause.message}`)
  }
  lines.push(describeLanded(error, context))
  return lines
}
