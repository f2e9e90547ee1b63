import { ExitCode, InterruptedError } from '../CliError.js'
import { inputRows } from '../input/inputRows.js'
import { openInput, openInputFile } from '../input/openInput.js'
import { abortable } from './abortable.js'
import { type LoadContext, plural, unshownNotice } from './LoadContext.js'

/**
 * What the check pass found: the rows that passed, and how long it took; or the exit code when
 * the load ends here (too many bad lines, `--check`, an interrupt).
 *
 * @example
 * ```ts
 * const checked: CheckResult = { kind: 'passed', goodRows: 9_998, checkMs: 310 }
 * ```
 */
export type CheckResult =
  | { readonly kind: 'passed'; readonly goodRows: number; readonly checkMs: number }
  | { readonly kind: 'done'; readonly exitCode: number }

/**
 * The first pass: every line read and checked (`inputRows`, then `RowChecker`), every bad line
 * counted and printed, nothing sent. Stdin is copied to `spool` on the way, for the load pass.
 * More bad lines than `--max-bad-lines` end the load here, with nothing sent; so does `--check`,
 * after printing the result.
 *
 * @example
 * ```ts
 * const checked = await checkPass(context, undefined)
 * if (checked.kind === 'done') return checked.exitCode
 * ```
 */
export const checkPass = async (
  context: LoadContext,
  spool: string | undefined,
): Promise<CheckResult> => {
  const { settings, io, reporter, say, name, bad, checker } = context
  const opened =
    context.filePath === undefined
      ? openInput(io.stdin, { ...context.inputOptions, copyTo: spool })
      : openInputFile(context.filePath, context.inputOptions)
  const started = performance.now()
  let good = 0
  let lastLine = 0
  const checking = abortable(
    inputRows(opened.lines, context.model, context.rowsOptions),
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
        totalBytes: context.totalBytes,
        elapsedMs: performance.now() - started,
      })
    }
  } catch (error) {
    if (!InterruptedError.is(error)) throw error
    reporter.clear()
    say(
      `redstore load: ${error.file}:${error.line}: interrupted while checking; nothing was loaded.`,
    )
    return { kind: 'done', exitCode: ExitCode.failed }
  }
  const checkMs = performance.now() - started
  reporter.clear()
  const unshown = unshownNotice(context)
  if (unshown !== undefined) say(unshown)
  if (bad.overLimit) {
    say(
      `redstore load: ${name} has ${plural(bad.count, 'bad line')}, more than --max-bad-lines ${settings.maxBadLines} allows; nothing was loaded (${context.label} was not touched). Correct the lines and run again, or let up to n bad lines be skipped with --max-bad-lines n.`,
    )
    return { kind: 'done', exitCode: ExitCode.failed }
  }
  if (settings.checkOnly) {
    io.stdout(
      settings.json
        ? JSON.stringify({
            checked: true,
            file: name,
            table: context.label,
            rowsRead: good + bad.count,
            rowsGood: good,
            badLines: bad.count,
            seconds: checkMs / 1000,
          })
        : `checked ${name} against ${context.label}: ${plural(good, 'good row')}, ${plural(bad.count, 'bad line')}${bad.count > 0 ? ` (within --max-bad-lines ${settings.maxBadLines})` : ''}; nothing was sent (${(checkMs / 1000).toFixed(1)} s)`,
    )
    return { kind: 'done', exitCode: ExitCode.ok }
  }
  return { kind: 'passed', goodRows: good, checkMs }
}
