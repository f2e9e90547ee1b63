import type { EngineCell, EngineColumn, StatementResult } from './Engine.js'
import { columnOfType, redshiftTypeOfOid } from './RedshiftTypes.js'
import type { RawField, RawResult } from './SqlConnection.js'

/** Removes the whitespace jsonb's text output puts between tokens, as JSON_SERIALIZE prints SUPER. */
export const compactJson = (text: string): string => {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (inString) {
      out += c
      if (c === '\\') {
        i++
        out += text[i] ?? ''
      } else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out += c
    } else if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') out += c
  }
  return out
}

/** Decodes PostgreSQL's hex bytea output (`\x0102`). */
export const decodeBytea = (text: string): Uint8Array => {
  const hex = text.startsWith('\\x') ? text.slice(2) : text
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

const toDouble = (text: string): number => {
  if (text === 'NaN') return Number.NaN
  if (text === 'Infinity') return Number.POSITIVE_INFINITY
  if (text === '-Infinity') return Number.NEGATIVE_INFINITY
  return Number(text)
}

/** Maps one text value to the Field union member its column type uses. */
export const toCell = (dataTypeID: number, value: string | null): EngineCell => {
  if (value === null) return { kind: 'null' }
  const type = redshiftTypeOfOid(dataTypeID)
  switch (type.cell) {
    case 'long':
      return { kind: 'long', value: BigInt(value) }
    case 'double':
      return { kind: 'double', value: toDouble(value) }
    case 'boolean':
      return { kind: 'boolean', value: value === 't' || value === 'true' }
    case 'blob':
      return { kind: 'blob', value: decodeBytea(value) }
    case 'string':
      return { kind: 'string', value: dataTypeID === 3802 ? compactJson(value) : value }
  }
}

export interface ColumnSource {
  readonly schemaName: string
  readonly tableName: string
  readonly nullable: 0 | 1 | 2
  /** Declared typmod of the source column (domains resolved), -1 when unknown. */
  readonly typmod: number
}

/** Builds ColumnMetadata for one result field. */
export const toColumn = (field: RawField, source?: ColumnSource): EngineColumn =>
  columnOfType(redshiftTypeOfOid(field.dataTypeID), {
    name: field.name,
    typmod: field.typeModifier >= 0 ? field.typeModifier : (source?.typmod ?? -1),
    nullable: source?.nullable ?? 1,
    schemaName: source?.schemaName ?? '',
    tableName: source?.tableName ?? '',
  })

/** Maps a raw PostgreSQL result to the engine's result shape. */
export const toStatementResult = (
  raw: RawResult,
  sources?: ReadonlyArray<ColumnSource | undefined>,
): StatementResult => {
  const hasResultSet = raw.fields.length > 0
  if (!hasResultSet) return { hasResultSet, columns: [], rows: [], rowCount: raw.rowCount }
  const columns = raw.fields.map((field, i) => toColumn(field, sources?.[i]))
  const rows = raw.rows.map((row) =>
    row.map((value, i) => toCell(raw.fields[i]?.dataTypeID ?? 25, value)),
  )
  return { hasResultSet, columns, rows, rowCount: rows.length }
}
