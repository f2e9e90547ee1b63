import type { StagedValues } from '../../../src/internal/encodeSizedRow.js'
import { utf8ByteLength } from '../../../src/internal/utf8.js'

/** ", " between the values of a tuple, and between the tuples of an INSERT. */
export const SEPARATOR = ', '
export const SEPARATOR_BYTES = 2
const BETWEEN_TUPLES = `)${SEPARATOR}(`

/**
 * A row as a batch keeps it until the batch is built. Its SQL is one string rather than one per
 * value (nor with a list of where values end), because a batch holds thousands of rows through
 * several young-generation collections, and each object it holds is moved by each of them.
 */
export interface StagedRow {
  /** The columns the row carries (indices into `model.columns`, ascending). */
  readonly columns: ReadonlyArray<number>
  /** The values' SQL joined by ", ": the row's tuple without its parentheses. */
  readonly text: string
  /** UTF-8 bytes of the tuple, parentheses included. */
  readonly bytes: number
}

/** UTF-8 bytes of a tuple of `count` values of `valueBytes` bytes together. */
const tupleBytes = (count: number, valueBytes: number): number =>
  2 + SEPARATOR_BYTES * Math.max(0, count - 1) + valueBytes

/**
 * Stages an encoded row.
 *
 * @example
 * ```ts
 * stageRow({ rowIndex: 0, columns: [0, 1], values: ['1', "'a'"], valueBytes: 4 })
 * // { columns: [0, 1], text: "1, 'a'", bytes: 8 }
 * ```
 */
export const stageRow = (row: StagedValues): StagedRow => ({
  columns: row.columns,
  text: row.values.join(SEPARATOR),
  bytes: tupleBytes(row.values.length, row.valueBytes),
})

const QUOTE = 0x27
const COMMA = 0x2c
const SPACE = 0x20

/**
 * The values of a tuple's text, split at each ", " outside quotes. Encoded values hold ", " only
 * inside string literals (`'...'`, also within `JSON_PARSE(...)` and `FROM_HEX(...)`), and a
 * quote inside a literal is always doubled, so each quote character flips inside and outside.
 *
 * @example
 * ```ts
 * splitTuple("1, 'a, ''b''', NULL") // ['1', "'a, ''b'''", 'NULL']
 * ```
 */
export const splitTuple = (text: string): Array<string> => {
  const values: Array<string> = []
  let start = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === QUOTE) quoted = !quoted
    else if (!quoted && code === COMMA && text.charCodeAt(i + 1) === SPACE) {
      values.push(text.slice(start, i))
      start = i + SEPARATOR.length
    }
  }
  values.push(text.slice(start))
  return values
}

/**
 * A row and a later row with the same key merged as if applied in order: the later row's
 * present values win, the earlier row's other values stay. Duplicates are rare, so the merged
 * values are counted again rather than every value's bytes being kept for them.
 */
export const overlayRows = (older: StagedRow, newer: StagedValues): StagedRow => {
  const values = new Map<number, string>()
  const olderValues = splitTuple(older.text)
  older.columns.forEach((c, i) => {
    values.set(c, olderValues[i] ?? 'NULL')
  })
  newer.columns.forEach((c, i) => {
    values.set(c, newer.values[i] ?? 'NULL')
  })
  const columns = [...values.keys()].sort((a, b) => a - b)
  const merged = columns.map((c) => values.get(c) ?? 'NULL')
  let valueBytes = 0
  for (const value of merged) valueBytes += utf8ByteLength(value)
  return stageRow({ rowIndex: newer.rowIndex, columns, values: merged, valueBytes })
}

/**
 * A multi-row INSERT: `header`, then each staged row's tuple, as one flat string (built by one
 * join, so that neither this nor the reader of the statement copies it twice).
 */
export const insertStatement = (header: string, rows: ReadonlyArray<StagedRow>): string => {
  const pieces = [header, '(']
  rows.forEach((row, i) => {
    if (i > 0) pieces.push(BETWEEN_TUPLES)
    pieces.push(row.text)
  })
  pieces.push(')')
  return pieces.join('')
}
