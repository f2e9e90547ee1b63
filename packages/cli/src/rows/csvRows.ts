import { type ColumnModel, columnField, type TableModel, tableLabel } from '@redstore/sql'
import { InputError } from '../CliError.js'
import { type Converted, columnLookup, csvValue } from './columnValues.js'

/**
 * A CSV header read against the table: each field's name and its column (`undefined` for a
 * name the table lacks, skipped with `--unknown-fields ignore`).
 *
 * @example
 * ```ts
 * const header: CsvHeader = { names: ['id', 'name'], columns: [idColumn, nameColumn] }
 * ```
 */
export interface CsvHeader {
  readonly names: ReadonlyArray<string>
  readonly columns: ReadonlyArray<ColumnModel | undefined>
}

/** The text of an unquoted field that stands for SQL NULL (as in COPY and PostgreSQL). */
export const CSV_NULL = '\\N'

const list = (names: ReadonlyArray<string>): string =>
  names.map((n) => JSON.stringify(n)).join(', ')

/**
 * Reads the header record (the first of a CSV input) against the table: every name must be a
 * column (unless `unknownFields` is `ignore`), no column may be named twice, and every key
 * column and NOT NULL column must be there, since no row could be written otherwise. Problems
 * are one `InputError` at the header's line naming them all.
 *
 * @throws InputError
 * @example
 * ```ts
 * const header = csvHeader(model, ['id', 'name'], { file: 'data.csv', line: 1, unknownFields: 'error' })
 * ```
 */
export const csvHeader = (
  model: TableModel,
  names: ReadonlyArray<string>,
  at: { readonly file: string; readonly line: number; readonly unknownFields: 'error' | 'ignore' },
): CsvHeader => {
  const columnOf = columnLookup(model)
  const problems: Array<string> = []
  const columns = names.map((name) => (name === '' ? undefined : columnOf(name)))
  const empty = names.flatMap((name, i) => (name === '' ? [String(i + 1)] : []))
  if (empty.length > 0) problems.push(`field ${empty.join(', ')} of the header has no name`)
  const unknown = names.filter((name, i) => name !== '' && columns[i] === undefined)
  if (unknown.length > 0 && at.unknownFields === 'error') {
    problems.push(
      `the header names ${list(unknown)}, which table ${tableLabel(model)} does not have (its columns: ${list(model.columns.map(columnField))})`,
    )
  }
  const seen = new Map<ColumnModel, string>()
  names.forEach((name, i) => {
    const column = columns[i]
    if (column === undefined) return
    const earlier = seen.get(column)
    if (earlier !== undefined) {
      problems.push(
        `the header names column ${JSON.stringify(columnField(column))} twice (${list([earlier, name])})`,
      )
    } else seen.set(column, name)
  })
  const keys = new Set(model.keys)
  const missing = model.columns.filter((c) => !seen.has(c) && (keys.has(c.name) || !c.nullable))
  if (missing.length > 0) {
    problems.push(
      `the header lacks ${list(missing.map(columnField))}, which every row needs (key or NOT NULL columns)`,
    )
  }
  if (problems.length > 0) {
    throw new InputError({
      file: at.file,
      line: at.line,
      problem: problems.join('; '),
      fix:
        unknown.length > 0 && at.unknownFields === 'error'
          ? 'The first record names the columns, as the schema file names them; correct the header, or pass --unknown-fields ignore to skip fields the table lacks'
          : 'The first record names the columns, as the schema file names them; correct the header',
    })
  }
  return { names, columns }
}

/**
 * One CSV record as a row: an unquoted empty field is absent (the stored value stays; a new row
 * gets NULL), an unquoted `\N` is NULL, anything else (quoted or not) is text for its column,
 * read by `csvValue`. A record whose field count differs from the header's is a problem.
 *
 * @example
 * ```ts
 * csvRow(header, ['1', '', '\\N', ''], [false, false, false, true]) // { ok: true, value: { id: '1', note: null, name: '' } }
 * ```
 */
export const csvRow = (
  header: CsvHeader,
  fields: ReadonlyArray<string>,
  quoted: ReadonlyArray<boolean>,
): Converted => {
  if (fields.length !== header.names.length) {
    return {
      ok: false,
      problem: `has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${header.names.length}`,
    }
  }
  const row: Record<string, unknown> = {}
  for (let i = 0; i < fields.length; i++) {
    const column = header.columns[i]
    if (column === undefined) continue
    const text = fields[i] as string
    let value: unknown
    if (quoted[i] !== true && text === '') continue
    if (quoted[i] !== true && text === CSV_NULL) value = null
    else {
      const converted = csvValue(text, column)
      if (!converted.ok) return converted
      value = converted.value
    }
    Object.defineProperty(row, header.names[i] as string, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return { ok: true, value: row }
}
