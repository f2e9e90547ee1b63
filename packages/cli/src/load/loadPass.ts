import {
  isStorageError,
  type RedshiftStorage,
  type SaveError,
  type SaveProgress,
} from '@redstore/storage'
import { ExitCode, InputError, InterruptedError, TooManyBadLinesError } from '../CliError.js'
import { inputRows } from '../input/inputRows.js'
import { type OpenedInput, openInput, openInputFile } from '../input/openInput.js'
import type { ProgressState } from '../progress/renderProgressLine.js'
import { formatLoadSummary, type LoadSummary, loadSummaryJson } from '../summary/LoadSummary.js'
import { abortable } from './abortable.js'
import { describeSaveFailure } from './describeFailure.js'
import { type LoadContext, plural, unshownNotice } from './LoadContext.js'
import { RowLines } from './RowLines.js'
import { openStorage, openTarget } from './target.js'

const isSaveError = (error: unknown): error is SaveError =>
  (error as { _tag?: unknown })?._tag === 'SaveError'

/**
 * Options of the load pass: whether a check pass ran (then every row it passed is sent and the
 * lines it found bad are skipped; otherwise each row is checked here), and which file to read
 * (the input, or stdin's spool; neither: stdin itself).
 *
 * @example
 * ```ts
 * const options: LoadPassOptions = { checkMs: 310, source: '/tmp/redstore-load-x/stdin' }
 * ```
 */
export interface LoadPassOptions {
  /** The check pass's time; undefined with `--single-pass`. */
  readonly checkMs: number | undefined
  /** The file to read; undefined reads stdin. */
  readonly source: string | undefined
}

/**
 * The load pass: the target opened (the environment's connection, or `--emulator`), the input
 * read again as a stream of rows into `RedshiftStorage.saveData`, the progress line fed from
 * the reader and `onProgress`, and the summary printed. A failed save is reported with what
 * landed, as file lines; returns the exit code.
 *
 * @throws UsageError when no connection is configured; errors of the storage other than a save's.
 * @example
 * ```ts
 * return loadPass(context, { checkMs: 310, source: context.filePath })
 * ```
 */
export const loadPass = async (context: LoadContext, options: LoadPassOptions): Promise<number> => {
  const { settings, io, reporter, say, name, label, bad, checker } = context
  const checked = options.checkMs !== undefined
  const method = context.method === 'auto' && checker.tooLongForInsert > 0 ? 'copy' : context.method
  if (method !== context.method) {
    say(
      `redstore load: ${plural(checker.tooLongForInsert, 'row')} ${checker.tooLongForInsert === 1 ? 'is' : 'are'} too long for an INSERT statement, so the load goes through S3 with COPY.`,
    )
  }
  const target = await openTarget(settings, say)
  let storage: RedshiftStorage
  try {
    storage = openStorage(settings, context.model, target)
  } catch (error) {
    await target.stop()
    throw error
  }

  const opened: OpenedInput =
    options.source === undefined
      ? openInput(io.stdin, context.inputOptions)
      : openInputFile(options.source, context.inputOptions)
  const rowLines = new RowLines()
  let stoppedAt: number | undefined
  let landed = 0
  let started = performance.now()
  const state = (): ProgressState => ({
    phase: 'load',
    file: name,
    rows: rowLines.size,
    rowsLanded: landed,
    badLines: bad.count,
    bytes: opened.bytesRead(),
    totalBytes: context.totalBytes,
    elapsedMs: performance.now() - started,
  })
  let lastLine = 0
  /** The rows to save; a problem of the input ends it, and the storage lands the rows before. */
  async function* rows(): AsyncGenerator<Record<string, unknown>, void, undefined> {
    const reading = abortable(
      inputRows(opened.lines, context.model, context.rowsOptions),
      io.signal,
      () => {
        stoppedAt = lastLine + 1
        return new InterruptedError({ file: name, line: stoppedAt })
      },
    )
    for await (const item of reading) {
      lastLine = item.endLine
      if (checked && bad.has(item.line)) continue
      if (checked && item.kind === 'bad') {
        stoppedAt = item.line
        throw new InputError({
          file: name,
          line: item.line,
          problem: `the input changed after it was checked: ${item.reason}`,
          fix: 'Load an input that nothing writes to meanwhile',
        })
      }
      const problem =
        item.kind === 'bad'
          ? item.reason
          : checked
            ? undefined
            : checker.check(item.row, rowLines.size)
      if (item.kind === 'bad' || problem !== undefined) {
        bad.add(item.line, problem ?? '')
        if (bad.overLimit) {
          stoppedAt = item.line
          throw new TooManyBadLinesError({
            file: name,
            line: item.line,
            badLines: bad.count,
            maxBadLines: settings.maxBadLines,
          })
        }
        continue
      }
      rowLines.add(item.line, item.endLine)
      reporter.update(state())
      yield item.row
    }
  }
  const onProgress = (p: SaveProgress) => {
    landed = p.rowsLanded
    rowLines.forgetBefore(p.rowsLanded - 1)
    reporter.flush(state())
    if (settings.verbose) {
      const last = rowLines.endLineOf(p.rowsLanded - 1)
      say(
        `batch ${p.batches} landed: ${plural(p.rowsLanded, 'row')}${last === undefined ? '' : ` (to line ${last.toLocaleString('en-US')})`}, ${plural(p.statements, 'statement')}, ${plural(p.apiCalls, 'API call')}, ${(p.durationMs / 1000).toFixed(1)} s`,
      )
    }
  }
  if (settings.verbose) {
    say(
      `redstore: loading ${name} into ${label} (method ${method}${checked ? `, ${plural(bad.count, 'bad line')} skipped` : ', single pass'})`,
    )
  }
  try {
    started = performance.now()
    const saved = await storage.saveData(rows(), { method, onProgress })
    const loadMs = performance.now() - started
    reporter.clear()
    const unshown = checked ? undefined : unshownNotice(context)
    if (unshown !== undefined) say(unshown)
    const summary: LoadSummary = {
      file: name,
      table: label,
      method: saved.method,
      rowsRead: saved.rowsReceived + bad.count,
      badLines: bad.count,
      rowsWritten: saved.rowsWritten,
      duplicateKeysCollapsed: saved.duplicateKeysCollapsed,
      batches: saved.batches,
      statements: saved.statements,
      apiCalls: saved.apiCalls,
      retries: saved.retries,
      bytesRead: opened.bytesRead(),
      checkMs: options.checkMs ?? 0,
      loadMs,
    }
    io.stdout(settings.json ? loadSummaryJson(summary) : formatLoadSummary(summary))
    return ExitCode.ok
  } catch (error) {
    reporter.clear()
    if (isSaveError(error)) {
      for (const line of describeSaveFailure(error, {
        file: name,
        table: label,
        rowLines,
        stoppedAt,
      })) {
        say(line)
      }
      return ExitCode.failed
    }
    if (isStorageError(error)) {
      // init() failed before any row was sent.
      say(`redstore load: ${error.message}`)
      say(`Nothing landed in ${label}.`)
      return ExitCode.failed
    }
    throw error
  } finally {
    await storage.close()
    await target.stop()
  }
}
