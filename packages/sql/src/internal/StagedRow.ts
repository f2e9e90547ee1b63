import type { StagedValues } from './encodeSizedRow.js'
import { utf8ByteLength } from './utf8.js'

/** ", " between the values of a tuple, and between the tuples of an INSERT. */
export const SEPARATOR = ', '
export const SEPARATOR_BYTES = 2

/**
 * A row as a batch keeps it until the batch is built. Its SQL is one string rather than one per
 * value, because a batch holds thousands of rows through several young-generation collections,
 * and each object it holds is moved by each of them.
 */
export interface StagedRow {
  readonly rowIndex: number
  /** The columns the row carries (indices into `model.columns`, ascending). */
  readonly columns: ReadonlyArray<number>
  /** The values' SQL joined by ", ": the row's tuple without its parentheses. */
  readonly text: string
  /** Where each value ends in `text`; the next starts after the ", ". */
  readonly ends: ReadonlyArray<number>
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
 * // { rowIndex: 0, columns: [0, 1], text: "1, 'a'", ends: [1, 6], bytes: 8 }
 * ```
 */
export const stageRow = (row: StagedValues): StagedRow => {
  const ends: Array<number> = []
  let end = -SEPARATOR.length
  for (const value of row.values) {
    end += SEPARATOR.length + value.length
    ends.push(end)
  }
  return {
    rowIndex: row.rowIndex,
    columns: row.columns,
    text: row.values.join(SEPARATOR),
    ends,
    bytes: tupleBytes(row.values.length, row.valueBytes),
  }
}

/** The SQL of each value of a staged row, in column order. */
const valuesOf = (row: StagedRow): Array<string> =>
  row.ends.map((end, i) =>
    row.text.slice(i === 0 ? 0 : (row.ends[i - 1] ?? 0) + SEPARATOR.length, end),
  )

/**
 * A row and a later row with the same key merged as if applied in order: the later row's
 * present values win, the earlier row's other values stay. Duplicates are rare, so the merged
 * values are counted again rather than every value's bytes being kept for them.
 */
export const overlayRows = (older: StagedRow, newer: StagedValues): StagedRow => {
  const values = new Map<number, string>()
  const olderValues = valuesOf(older)
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
    if (i > 0) pieces.push(`)${SEPARATOR}(`)
    pieces.push(row.text)
  })
  pieces.push(')')
  return pieces.join('')
}
