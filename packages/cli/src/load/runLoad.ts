import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { tableLabel } from '@redstore/sql'
import { InputError } from '../CliError.js'
import { fileIdentity } from '../input/openInput.js'
import { ProgressReporter } from '../progress/ProgressReporter.js'
import { type LoadPath, RowChecker } from '../rows/RowChecker.js'
import { BadLines } from './BadLines.js'
import { checkPass } from './checkPass.js'
import type { LoadContext, LoadIo } from './LoadContext.js'
import { parseLoadArgs } from './LoadSettings.js'
import { loadPass } from './loadPass.js'
import { loadTable } from './loadTable.js'
import { checkConnection } from './target.js'

export type { LoadIo } from './LoadContext.js'

/**
 * `redstore load <schema-file> <input> [options]`: checks every line of the input against the
 * table (the check pass: bad lines printed as `file:line: reason`, nothing sent), then, unless
 * `--check` or more than `--max-bad-lines` lines were bad, loads the other rows as a stream
 * through `RedshiftStorage.saveData` (the load pass). `--single-pass` checks rows as the load
 * reads them instead. Returns the exit code.
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
  const reporter = new ProgressReporter(io.stderr, { bar: settings.progress && io.stderr.isTTY })
  const say = (line: string) => reporter.message(line)
  // Messages name the input as given, and stdin as `stdin` (`stdin:12: ...`).
  const name = settings.input === '-' ? 'stdin' : settings.input
  const filePath = settings.input === '-' ? undefined : resolve(io.cwd, settings.input)
  const before = filePath === undefined ? undefined : await fileIdentity(filePath, name)
  const table = await loadTable(settings.schemaFile, settings.table, io.cwd, say)
  await checkConnection(settings, table.model)
  const method = settings.method ?? (settings.staging === undefined ? 'insert' : 'auto')
  // A single pass cannot tell yet whether `auto` will take COPY: rows must fit an INSERT.
  const path: LoadPath =
    method === 'copy'
      ? 'copy'
      : method === 'auto' && settings.staging !== undefined && !settings.singlePass
        ? 'either'
        : 'insert'
  const context: LoadContext = {
    settings,
    io,
    reporter,
    say,
    name,
    filePath,
    model: table.model,
    label: tableLabel(table.model),
    method,
    checker: new RowChecker(table.model, { path, unknownFields: settings.unknownFields }),
    bad: new BadLines({
      file: name,
      maxBadLines: settings.maxBadLines,
      show: settings.showBadLines,
      print: say,
    }),
    rowsOptions: { file: name, format: settings.format, unknownFields: settings.unknownFields },
    inputOptions: { name, gzip: settings.gzip },
    totalBytes: before?.size ?? io.stdinSize,
  }
  if (settings.singlePass) return loadPass(context, { checkMs: undefined, source: filePath })

  // Stdin cannot be read twice: the check pass keeps a copy for the load pass.
  const spoolDir =
    filePath === undefined && !settings.checkOnly
      ? await mkdtemp(join(tmpdir(), 'redstore-load-'))
      : undefined
  const spool = spoolDir === undefined ? undefined : join(spoolDir, 'stdin')
  try {
    const checked = await checkPass(context, spool)
    if (checked.kind === 'done') return checked.exitCode
    if (filePath !== undefined && before !== undefined) {
      const now = await fileIdentity(filePath, name)
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
        throw new InputError({
          file: name,
          problem: 'the file changed after it was checked; nothing was loaded',
          fix: 'Load a file that nothing writes to meanwhile',
        })
      }
    }
    const totalBytes = spool === undefined ? context.totalBytes : (await stat(spool)).size
    return await loadPass(
      { ...context, totalBytes },
      { checkMs: checked.checkMs, source: spool ?? filePath },
    )
  } finally {
    reporter.clear()
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true })
  }
}
