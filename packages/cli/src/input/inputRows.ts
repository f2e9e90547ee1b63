import type { TableModel } from '@redstore/sql'
import { InputError } from '../CliError.js'
import { columnLookup, ndjsonRow } from '../rows/columnValues.js'
import { csvHeader, csvRow } from '../rows/csvRows.js'
import { CsvRecordParser } from './CsvRecordParser.js'
import { parseNdjsonLine } from './ndjson.js'
import type { InputLine } from './readLines.js'

/**
 * The formats `redstore load` reads: NDJSON (one JSON object per line) and CSV with a header.
 *
 * @example
 * ```ts
 * const format: InputFormat = 'csv'
 * ```
 */
export type InputFormat = 'ndjson' | 'csv'

/**
 * One row of the input, or one bad line: `line` is where it starts in the input (what messages
 * name), `endLine` where it ends (a CSV record may span lines).
 *
 * @example
 * ```ts
 * const bad: InputRow = { kind: 'bad', line: 7, endLine: 7, reason: 'invalid JSON at column 12: ...' }
 * ```
 */
export type InputRow =
  | {
      readonly kind: 'row'
      readonly line: number
      readonly endLine: number
      readonly row: Record<string, unknown>
    }
  | {
      readonly kind: 'bad'
      readonly line: number
      readonly endLine: number
      readonly reason: string
    }

/**
 * Options of `inputRows`.
 *
 * @example
 * ```ts
 * const options: InputRowsOptions = { file: 'data.csv', format: 'csv', unknownFields: 'error' }
 * ```
 */
export interface InputRowsOptions {
  /** The input's name in messages. */
  readonly file: string
  readonly format: InputFormat
  /** For a CSV header: `error` refuses names the table lacks, `ignore` skips their fields. */
  readonly unknownFields: 'error' | 'ignore'
}

/**
 * The rows of an input read line by line, typed for the table: NDJSON lines parsed (blank lines
 * skipped) with exact numbers for DECIMAL and big integer columns, or CSV records read after
 * their header and converted per column type. A line that cannot become a row is a `bad` item
 * with its reason; reading goes on. Whether a row's values fit the table is `RowChecker`'s call.
 *
 * @throws InputError for a CSV input without a header, or a header that names unknown,
 *   repeated or too few columns.
 * @example
 * ```ts
 * for await (const item of inputRows(readLines(stream, { name: 'data.csv' }), model, { file: 'data.csv', format: 'csv', unknownFields: 'error' })) {
 *   if (item.kind === 'bad') console.error(`data.csv:${item.line}: ${item.reason}`)
 * }
 * ```
 */
export async function* inputRows(
  lines: AsyncIterable<InputLine>,
  model: TableModel,
  options: InputRowsOptions,
): AsyncGenerator<InputRow, void, undefined> {
  if (options.format === 'ndjson') {
    const columnOf = columnLookup(model)
    for await (const input of lines) {
      const parsed = parseNdjsonLine(input)
      if (parsed.kind === 'blank') continue
      const at = { line: input.line, endLine: input.line }
      if (parsed.kind === 'error') {
        yield { kind: 'bad', ...at, reason: parsed.reason }
        continue
      }
      const converted = ndjsonRow(columnOf, parsed.value, input.text)
      yield converted.ok
        ? { kind: 'row', ...at, row: converted.value as Record<string, unknown> }
        : { kind: 'bad', ...at, reason: converted.problem }
    }
    return
  }
  const parser = new CsvRecordParser()
  let header: ReturnType<typeof csvHeader> | undefined
  const rowOf = (record: ReturnType<CsvRecordParser['push']>): InputRow | undefined => {
    if (record === undefined) return undefined
    const at = { line: record.line, endLine: record.endLine }
    if (header === undefined) {
      if (record.kind === 'error') {
        throw new InputError({
          file: options.file,
          line: record.line,
          problem: `the header cannot be read: ${record.reason}`,
          fix: 'The first record of a CSV input names the columns: id,name,...',
        })
      }
      header = csvHeader(model, record.fields, {
        file: options.file,
        line: record.line,
        unknownFields: options.unknownFields,
      })
      return undefined
    }
    if (record.kind === 'error') return { kind: 'bad', ...at, reason: record.reason }
    const converted = csvRow(header, record.fields, record.quoted)
    return converted.ok
      ? { kind: 'row', ...at, row: converted.value as Record<string, unknown> }
      : { kind: 'bad', ...at, reason: converted.problem }
  }
  for await (const input of lines) {
    const item = rowOf(parser.push(input))
    if (item !== undefined) yield item
  }
  const last = rowOf(parser.end())
  if (last !== undefined) yield last
  if (header === undefined) {
    throw new InputError({
      file: options.file,
      line: 1,
      problem: 'the CSV input is empty: it has no header',
      fix: 'Start a CSV input with a header naming the columns (id,name,...), or pass --format ndjson',
    })
  }
}
