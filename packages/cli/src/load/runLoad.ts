import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { tableLabel } from '@redstore/sql'
import {
  isStorageError,
  RedshiftStorage,
  type SaveError,
  type SaveProgress,
} from '@redstore/storage'
import {
  ExitCode,
  InputError,
  InterruptedError,
  TooManyBadLinesError,
  UsageError,
} from '../CliError.js'
import { inputRows } from '../input/inputRows.js'
import { fileIdentity, type OpenedInput, openInput, openInputFile } from '../input/openInput.js'
import type { MessageOutput } from '../progress/ProgressReporter.js'
import { ProgressReporter } from '../progress/ProgressReporter.js'
import type { ProgressState } from '../progress/renderProgressLine.js'
import { type LoadPath, RowChecker } from '../rows/RowChecker.js'
import { formatLoadSummary, type LoadSummary, loadSummaryJson } from '../summary/LoadSummary.js'
import { abortable } from './abortable.js'
import { BadLines } from './BadLines.js'
import { describeSaveFailure } from './describeFailure.js'
import { parseLoadArgs } from './LoadSettings.js'
import { loadTable } from './loadTable.js'
import { RowLines } from './RowLines.js'
import { openTarget } from './target.js'

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

const plural = (n: number, one: string): string =>
  `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`

const isSaveError = (error: unknown): error is SaveError =>
  (error as { _tag?: unknown })?._tag === 'SaveError'

/** A connection the environment does not configure is a usage problem, said with its fix. */
const connectionProblem = (error: unknown): UsageError | undefined => {
  const e = error as {
    _tag?: unknown
    reason?: { _tag?: unknown; message?: unknown; fix?: unknown }
  }
  if (e?._tag !== 'DataApiError' || e.reason?._tag !== 'Config') return undefined
  return new UsageError({
    what: `the connection is not configured: ${String(e.reason.message)}`,
    fix: `${String(e.reason.fix)} (REDSHIFT_WORKGROUP or REDSHIFT_CLUSTER, REDSHIFT_DATABASE, AWS_REGION), or pass --emulator for a local run`,
  })
}

/**
 * `redstore load <schema-file> <input> [options]`: checks every line of the input against the
 * table, then (unless `--check`) loads the good rows with `RedshiftStorage.saveData` as a
 * stream, skipping at most `--max-bad-lines` bad lines; prints bad lines as `file:line: reason`,
 * a progress line on a terminal, and the summary. Returns the exit code.
 *
 * @throws UsageError, InputError, and errors of the storage before rows are sent (the caller
 *   prints them); a failed save is reported here, with what landed, as exit code 1.
 * @example
 * ```ts
 * process.exitCode = await runLoad(['orders.ts', 'orders.ndjson'], io)
 * ```
 */
export const runLoad = async (argv: ReadonlyArray<string>, io: LoadIo): Promise<number> => {
  const settings = parseLoadArgs(argv, io.env)
  const reporter = new ProgressReporter(io.stderr, {
    bar: settings.progress && io.stderr.isTTY,
  })
  const say = (line: string) => reporter.message(line)
  // Messages name the input as given, and stdin as `stdin` (`stdin:12: ...`).
  const name = settings.input === '-' ? 'stdin' : settings.input
  const filePath = settings.input === '-' ? undefined : resolve(io.cwd, settings.input)
  const before = filePath === undefined ? undefined : await fileIdentity(filePath, name)
  const table = await loadTable(settings.schemaFile, settings.table, io.cwd, say)
  const model = table.model
  const label = tableLabel(model)
  const method = settings.method ?? (settings.staging === undefined ? 'insert' : 'auto')
  // A single pass cannot tell yet whether `auto` will take COPY: rows must fit an INSERT.
  const checkPath: LoadPath =
    method === 'copy'
      ? 'copy'
      : method === 'auto' && settings.staging !== undefined && !settings.singlePass
        ? 'either'
        : 'insert'
  const checker = new RowChecker(model, { path: checkPath, unknownFields: settings.unknownFields })
  const bad = new BadLines({
    file: name,
    maxBadLines: settings.maxBadLines,
    show: settings.showBadLines,
    print: say,
  })
  const rowsOptions = {
    file: name,
    format: settings.format,
    unknownFields: settings.unknownFields,
  }
  const inputOptions = { name, gzip: settings.gzip }
  let totalBytes = before?.size ?? io.stdinSize
  let spoolDir: string | undefined
  try {
    // The check pass: every line read and checked, nothing sent. Stdin is kept in a spool file
    // on the way, for the load pass.
    let checkMs = 0
    let spool: string | undefined
    if (!settings.singlePass) {
      if (filePath === undefined && !settings.checkOnly) {
        spoolDir = await mkdtemp(join(tmpdir(), 'redstore-load-'))
        spool = join(spoolDir, 'stdin')
      }
      const opened =
        filePath === undefined
          ? openInput(io.stdin, { ...inputOptions, copyTo: spool })
          : openInputFile(filePath, inputOptions)
      const started = performance.now()
      let good = 0
      let lastLine = 0
      const checking = abortable(
        inputRows(opened.lines, model, rowsOptions),
        io.signal,
        () => new InterruptedError({ file: name, line: lastLine + 1 }),
      )
      try {
        for await (const item of checking) {
          lastLine = item.endLine
          if (item.kind === 'bad') bad.add(item.line, item.reason)
          else {
            const problem = checker.check(item.row, good)
            if (problem === undefined) good++
            else bad.add(item.line, problem)
          }
          reporter.update({
            phase: 'check',
            file: name,
            rows: good,
            badLines: bad.count,
            bytes: opened.bytesRead(),
            totalBytes,
            elapsedMs: performance.now() - started,
          })
        }
      } catch (error) {
        if (!(error instanceof InterruptedError)) throw error
        reporter.clear()
        say(
          `redstore load: ${error.file}:${error.line}: interrupted while checking; nothing was loaded.`,
        )
        return ExitCode.failed
      }
      checkMs = performance.now() - started
      reporter.clear()
      if (bad.unshown > 0) {
        say(
          `${name}: ... and ${plural(bad.unshown, 'more bad line')} (--show-bad-lines all prints every one)`,
        )
      }
      if (bad.overLimit) {
        say(
          `redstore load: ${name} has ${plural(bad.count, 'bad line')}, more than --max-bad-lines ${settings.maxBadLines} allows; nothing was loaded (${label} was not touched). Correct the lines and run again, or let up to n bad lines be skipped with --max-bad-lines n.`,
        )
        return ExitCode.failed
      }
      if (settings.checkOnly) {
        const result = {
          file: name,
          table: label,
          rowsRead: good + bad.count,
          rowsGood: good,
          badLines: bad.count,
          seconds: checkMs / 1000,
        }
        io.stdout(
          settings.json
            ? JSON.stringify({ checked: true, ...result })
            : `checked ${name} against ${label}: ${plural(good, 'good row')}, ${plural(bad.count, 'bad line')}${bad.count > 0 ? ` (within --max-bad-lines ${settings.maxBadLines})` : ''}; nothing was sent (${(checkMs / 1000).toFixed(1)} s)`,
        )
        return ExitCode.ok
      }
      if (spool !== undefined) totalBytes = (await stat(spool)).size
    }

    const sendMethod = method === 'auto' && checker.tooLongForInsert > 0 ? 'copy' : method
    if (sendMethod !== method) {
      say(
        `redstore load: ${plural(checker.tooLongForInsert, 'row')} ${checker.tooLongForInsert === 1 ? 'is' : 'are'} too long for an INSERT statement, so the load goes through S3 with COPY.`,
      )
    }
    if (filePath !== undefined && before !== undefined && !settings.singlePass) {
      const now = await fileIdentity(filePath, name)
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
        throw new InputError({
          file: name,
          problem: 'the file changed after it was checked; nothing was loaded',
          fix: 'Load a file that nothing writes to meanwhile',
        })
      }
    }

    const target = await openTarget(settings, say)
    let storage: RedshiftStorage
    try {
      storage = new RedshiftStorage({
        table: model,
        unknownFields: settings.unknownFields,
        ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
        ...(target.staging === undefined ? {} : { staging: target.staging }),
        ...(target.connection === undefined ? {} : { connection: target.connection }),
      })
    } catch (error) {
      await target.stop()
      throw connectionProblem(error) ?? error
    }

    const opened: OpenedInput =
      filePath !== undefined
        ? openInputFile(filePath, inputOptions)
        : spool !== undefined
          ? openInputFile(spool, inputOptions)
          : openInput(io.stdin, inputOptions)
    const checked = !settings.singlePass
    const rowLines = new RowLines()
    let stoppedAt: number | undefined
    let landed = 0
    let loadStarted = performance.now()
    const state = (): ProgressState => ({
      phase: 'load',
      file: name,
      rows: rowLines.size,
      rowsLanded: landed,
      badLines: bad.count,
      bytes: opened.bytesRead(),
      totalBytes,
      elapsedMs: performance.now() - loadStarted,
    })
    let lastLine = 0
    async function* rows(): AsyncGenerator<Record<string, unknown>, void, undefined> {
      const reading = abortable(inputRows(opened.lines, model, rowsOptions), io.signal, () => {
        stoppedAt = lastLine + 1
        return new InterruptedError({ file: name, line: stoppedAt })
      })
      for await (const item of reading) {
        lastLine = item.endLine
        if (checked && bad.has(item.line)) continue
        const problem =
          item.kind === 'bad'
            ? item.reason
            : checked
              ? undefined
              : checker.check(item.row, rowLines.size)
        if (item.kind === 'bad' && checked) {
          stoppedAt = item.line
          throw new InputError({
            file: name,
            line: item.line,
            problem: `the input changed after it was checked: ${item.reason}`,
            fix: 'Load an input that nothing writes to meanwhile',
          })
        }
        if (problem !== undefined || item.kind === 'bad') {
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
        `redstore: loading ${name} into ${label} (method ${sendMethod}${checked ? `, ${plural(bad.count, 'bad line')} skipped` : ', single pass'})`,
      )
    }
    try {
      loadStarted = performance.now()
      const saved = await storage.saveData(rows(), { method: sendMethod, onProgress })
      const loadMs = performance.now() - loadStarted
      reporter.clear()
      if (bad.unshown > 0 && settings.singlePass) {
        say(
          `${name}: ... and ${plural(bad.unshown, 'more bad line')} (--show-bad-lines all prints every one)`,
        )
      }
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
        checkMs,
        loadMs,
      }
      io.stdout(settings.json ? loadSummaryJson(summary) : formatLoadSummary(summary))
      return ExitCode.ok
    } catch (error) {
      reporter.clear()
      const context = { file: name, table: label, rowLines, stoppedAt }
      if (isSaveError(error)) {
        for (const line of describeSaveFailure(error, context)) say(line)
        return ExitCode.failed
      }
      if (isStorageError(error)) {
        // init() failed: nothing was sent but its own statements.
        say(`redstore load: ${error.message}`)
        say(`Nothing landed in ${label}.`)
        return ExitCode.failed
      }
      throw error
    } finally {
      await storage.close()
      await target.stop()
    }
  } finally {
    reporter.clear()
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true })
  }
}
