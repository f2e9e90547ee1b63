/**
 * `@redstore/cli`: the `redstore` command. `redstore load <schema-file> <input>` checks an
 * NDJSON or CSV input (a file or stdin) against the table a schema file describes and upserts
 * its rows through `RedshiftStorage.saveData`, reporting bad lines as `file:line: reason`. The
 * steps are exported for programs and tests: readers, the row checker, the progress line and
 * the summary line are pure or stream-only.
 *
 * @example
 * ```ts
 * import { runCli } from '@redstore/cli'
 * process.exitCode = await runCli(['load', 'src/schema/orders.ts', 'orders.ndjson'], io)
 * ```
 */
export * from './CliError.js'
export * from './input/CsvRecordParser.js'
export * from './input/inputRows.js'
export * from './input/ndjson.js'
export * from './input/openInput.js'
export * from './input/readLines.js'
export { BadLines } from './load/BadLines.js'
export { type CheckResult, checkPass } from './load/checkPass.js'
export * from './load/describeFailure.js'
export type { LoadIo } from './load/LoadContext.js'
export * from './load/LoadSettings.js'
export { type LoadPassOptions, loadPass } from './load/loadPass.js'
export { loadTable } from './load/loadTable.js'
export { RowLines } from './load/RowLines.js'
export { runLoad } from './load/runLoad.js'
export { checkConnection, type LoadTarget, openStorage, openTarget } from './load/target.js'
export * from './progress/ProgressReporter.js'
export * from './progress/renderProgressLine.js'
export * from './rows/columnValues.js'
export * from './rows/csvRows.js'
export * from './rows/RowChecker.js'
export { type CliIo, runCli, usage } from './runCli.js'
export { stdinSize } from './stdinSize.js'
export * from './summary/LoadSummary.js'
