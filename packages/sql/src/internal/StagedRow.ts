import type { StagedValues } from './encodeSizedRow.js'
import type { TextArena } from './TextArena.js'
import { utf8ByteLength } from './utf8.js'

/** ", " between the values of a tuple, and between the tuples of an INSERT. */
export const SEPARATOR = ', '
export const SEPARATOR_BYTES = 2
const AFTER_TUPLE = `)${SEPARATOR}`

/**
 * A row as a batch keeps it until the batch is built: its tuple in the batch's arena, `(values)`
 * at code units `[start, end)`, always followed there by ", ", so that rows staged one after
 * another form a run of tuples an INSERT copies at once.
 */
export interface StagedRow {
  /** The columns the row carries (indices into `model.columns`, ascending). */
  readonly columns: ReadonlyArray<number>
  readonly start: number
  readonly end: number
  /** UTF-8 bytes of the tuple, parentheses included, as its values' encoders counted them. */
  readonly bytes: number
}

/** UTF-8 bytes of a tuple of `count` values of `valueBytes` bytes together. */
const tupleBytes = (count: number, valueBytes: number): number =>
  2 + SEPARATOR_BYTES * Math.max(0, count - 1) + valueBytes

/**
 * Stages an encoded row at the end of `arena`.
 *
 * @example
 * ```ts
 * stageRow(arena, { rowIndex: 0, columns: [0, 1], values: ['1', "'a'"], valueBytes: 4 })
 * // { columns: [0, 1], start, end: start + 8, bytes: 8 }; the arena holds "(1, 'a'), "
 * ```
 */
export const stageRow = (arena: TextArena, row: StagedValues): StagedRow => {
  const start = arena.length
  // One joined string is one write to the arena; the string itself dies young.
  arena.appendBetween('(', row.values.join(SEPARATOR), AFTER_TUPLE)
  return {
    columns: row.columns,
    start,
    end: arena.length - SEPARATOR.length,
    bytes: tupleBytes(row.values.length, row.valueBytes),
  }
}

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
export const overlayRows = (arena: TextArena, older: StagedRow, newer: StagedValues): StagedRow => {
  const values = new Map<number, string>()
  const olderValues = splitTuple(arena.text(older.start + 1, older.end - 1))
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
  return stageRow(arena, { rowIndex: newer.rowIndex, columns, values: merged, valueBytes })
}

/**
 * A multi-row INSERT: `header`, then each staged row's tuple, written in `statement` (emptied
 * first) and read out once as one flat string. Rows that lie one after another in `rows` are
 * copied as one run, separators included.
 */
export const insertStatement = (
  rows: TextArena,
  statement: TextArena,
  header: string,
  staged: ReadonlyArray<StagedRow>,
): string => {
  statement.truncate(0)
  statement.append(header)
  let runStart = -1
  let runEnd = -1
  for (const row of staged) {
    if (runStart >= 0 && row.start === runEnd + SEPARATOR.length) {
      runEnd = row.end
      continue
    }
    if (runStart >= 0) {
      statement.appendFrom(rows, runStart, runEnd)
      statement.appendShort(SEPARATOR)
    }
    runStart = row.start
    runEnd = row.end
  }
  if (runStart >= 0) statement.appendFrom(rows, runStart, runEnd)
  return statement.text(0, statement.length)
}
