import type { EngineCell, EngineColumn, StatementResult } from '../engine/Engine.js'

/** A page is cut before its records grow past this many bytes, as the service cuts near 1 MB. */
export const maxPageBytes = 1024 * 1024

/** The Data API `Field` union member for one engine cell. */
export function toField(cell: EngineCell): Record<string, unknown> {
  switch (cell.kind) {
    case 'null':
      return { isNull: true }
    case 'long':
      return { longValue: cell.value }
    case 'double':
      // JSON has no NaN or Infinity: the service sends those as text.
      return Number.isFinite(cell.value)
        ? { doubleValue: cell.value }
        : { stringValue: String(cell.value) }
    case 'boolean':
      return { booleanValue: cell.value }
    case 'string':
      return { stringValue: cell.value }
    case 'blob':
      return { blobValue: Buffer.from(cell.value).toString('base64') }
  }
}

/** The `ColumnMetadata` of one engine column. */
export function toColumnMetadata(column: EngineColumn): Record<string, unknown> {
  return {
    isCaseSensitive: column.isCaseSensitive,
    isCurrency: column.isCurrency,
    isSigned: column.isSigned,
    label: column.label,
    name: column.name,
    nullable: column.nullable,
    precision: column.precision,
    scale: column.scale,
    schemaName: column.schemaName,
    tableName: column.tableName,
    typeName: column.typeName,
    length: column.length,
  }
}

/** A cell as text: what CSV carries and what ResultSize counts. */
export function cellText(cell: EngineCell): string | undefined {
  switch (cell.kind) {
    case 'null':
      return undefined
    case 'long':
    case 'double':
      return String(cell.value)
    case 'boolean':
      return cell.value ? 'true' : 'false'
    case 'string':
      return cell.value
    case 'blob':
      return Buffer.from(cell.value).toString('hex')
  }
}

/** Bytes of one row as ResultSize and page cutting count them. */
export function rowBytes(row: ReadonlyArray<EngineCell>): number {
  let bytes = 0
  for (const cell of row) {
    const text = cellText(cell)
    bytes += text === undefined ? 4 : Buffer.byteLength(text, 'utf8')
  }
  return bytes
}

/** The size in bytes of a result, as DescribeStatement reports ResultSize. */
export function resultSize(result: StatementResult): number {
  let bytes = 0
  for (const row of result.rows) bytes += rowBytes(row)
  return bytes
}

/** One CSV field (RFC 4180): NULL is empty, text with `,`, `"`, CR or LF is quoted. */
export function csvField(cell: EngineCell): string {
  const text = cellText(cell)
  if (text === undefined) return ''
  if (text === '' || /[",\r\n]/.test(text) || text.trim() !== text) {
    return `"${text.replaceAll('"', '""')}"`
  }
  return text
}

/** CSV lines for rows, each ended by a newline; the header line names the columns. */
export function toCsv(
  columns: ReadonlyArray<EngineColumn> | undefined,
  rows: ReadonlyArray<ReadonlyArray<EngineCell>>,
): string {
  const lines: string[] = []
  if (columns !== undefined) {
    lines.push(columns.map((c) => csvField({ kind: 'string', value: c.name })).join(','))
  }
  for (const row of rows) lines.push(row.map(csvField).join(','))
  return lines.map((line) => `${line}\n`).join('')
}

/**
 * The rows of one page: at most `pageRows` rows from `offset`, cut before `maxPageBytes`
 * (but never empty while rows remain).
 */
export function pageEnd(
  rows: ReadonlyArray<ReadonlyArray<EngineCell>>,
  offset: number,
  pageRows: number,
): number {
  let end = offset
  let bytes = 0
  while (end < rows.length && end - offset < pageRows) {
    const row = rows[end]
    if (row === undefined) break
    const size = rowBytes(row) + row.length * 16
    if (end > offset && bytes + size > maxPageBytes) break
    bytes += size
    end++
  }
  return end
}
