import {
  type DataApiError,
  DataApiError as DataApiErrorClass,
  type DataApiShape,
  StatementFailedReason,
  UnknownReason,
} from '@redstore/data-api'
import { type LoadErrorView, loadErrorsQuery } from '@redstore/sql'
import { Effect, Stream } from 'effect'
import type { LoadErrorDetail } from '../../StorageError.js'
import type { WrittenLoad } from './LoadWriter.js'

/** Bad lines read back after a failed COPY, at most. */
export const MAX_LOAD_ERROR_LINES = 100

const text = (value: unknown): string =>
  typeof value === 'string'
    ? value.trim()
    : value === null || value === undefined
      ? ''
      : String(value)

const integer = (value: unknown): number => {
  const n = typeof value === 'bigint' ? Number(value) : Number(value)
  return Number.isFinite(n) ? n : 0
}

/** The input row of a bad line: the record's first field, else its line in the object. */
const rowIndexOf = (load: WrittenLoad, file: string, line: number, rawLine: string) => {
  const seq = /^(\d+),/.exec(rawLine)
  if (seq?.[1] !== undefined) {
    const row = Number(seq[1])
    if (row >= load.firstRow && row < load.endRow) return row
  }
  const rows = load.files.find((f) => f.url === file)
  if (rows !== undefined && line >= 1 && line <= rows.exactLines) return rows.firstRow + line - 1
  return undefined
}

/**
 * The bad lines of a failed load: STL_LOAD_ERRORS first (it has the raw line, whose first
 * field is the input row), SYS_LOAD_ERROR_DETAIL where that view is missing (serverless).
 * Reading them is best effort: a failure here leaves the list empty.
 */
export const readLoadErrors = (
  api: DataApiShape,
  load: WrittenLoad,
): Effect.Effect<{ readonly lines: ReadonlyArray<LoadErrorDetail>; readonly apiCalls: number }> => {
  const read = (view: LoadErrorView) =>
    Stream.runCollect(api.query(loadErrorsQuery(view, load.urlPrefix, MAX_LOAD_ERROR_LINES)))
  return Effect.gen(function* () {
    let apiCalls = 0
    for (const view of ['stl_load_errors', 'sys_load_error_detail'] as const) {
      apiCalls += 2
      const rows = yield* Effect.result(read(view))
      if (rows._tag === 'Failure') continue
      const lines = Array.from(rows.success, (row): LoadErrorDetail => {
        const file = text(row.file)
        const line = integer(row.line)
        const rawValue = text(row.raw_value)
        const rowIndex = rowIndexOf(load, file, line, text(row.raw_line))
        return {
          file,
          line,
          column: text(row.column_name),
          code: integer(row.code),
          reason: text(row.reason),
          ...(rawValue === '' ? {} : { rawValue }),
          ...(rowIndex === undefined ? {} : { rowIndex }),
        }
      })
      return { lines, apiCalls }
    }
    return { lines: [], apiCalls }
  })
}

const redactText = (value: string, secrets: ReadonlyArray<string>): string => {
  let out = value
  for (const secret of secrets) if (secret !== '') out = out.replaceAll(secret, '<redacted>')
  return out
}

/**
 * The Data API's error of a statement that held secrets (COPY's keys), with them removed from
 * the SQL excerpt and the messages, and without the raw cause (which may quote the request).
 */
export const redactDataApiError = (
  error: DataApiError,
  secrets: ReadonlyArray<string>,
): DataApiError => {
  const live = secrets.filter((s) => s !== '')
  if (live.length === 0) return error
  const reason = error.reason
  const redacted =
    reason._tag === 'StatementFailed'
      ? new StatementFailedReason({
          statementId: reason.statementId,
          subStatementIndex: reason.subStatementIndex,
          databaseMessage: redactText(reason.databaseMessage, live),
          sqlExcerpt: redactText(reason.sqlExcerpt, live),
          kind: reason.kind,
        })
      : 'message' in reason && live.some((s) => reason.message.includes(s))
        ? new UnknownReason({ message: redactText(reason.message, live) })
        : reason
  return new DataApiErrorClass({ reason: redacted, location: error.location })
}
