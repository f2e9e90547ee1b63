import type { SqlConnection } from './SqlConnection.js'
import {
  findTopLevel,
  isName,
  splitTopLevel,
  type TokenRange,
  tableNameEnd,
} from './statementScan.js'
import { identifierName, pgLiteral, type TokenEditor } from './TokenEditor.js'
import { INTERNAL_SCHEMA } from './translateType.js'

/** A value a statement assigns to a target column, named or by position (0-based). */
export interface AssignmentSlot {
  readonly column: string | number
  readonly value: TokenRange
}

/** One column of the written table, in table order. */
export interface TargetColumn {
  readonly name: string
  /** SUPER (jsonb) column. */
  readonly isSuper: boolean
}

/**
 * A statement that assigns values to a table's columns (INSERT VALUES, UPDATE SET, MERGE).
 * Redshift stores a character value assigned to SUPER as a SUPER string, where PostgreSQL
 * would parse it as JSON: the values bound for SUPER columns are wrapped in
 * `redstore_internal.super_of(...)` (text -> JSON string, SUPER kept, numbers and booleans
 * as JSON scalars) once the table's columns are known.
 */
export interface SuperAssignment {
  /** The written table as PostgreSQL text, resolved with the session's search_path. */
  readonly table: string
  /** The statement with the values bound for SUPER columns converted. */
  readonly sqlFor: (columns: ReadonlyArray<TargetColumn>) => string
}

const SUPER_OF = `${INTERNAL_SCHEMA}.super_of(`

const isDefault = (editor: TokenEditor, value: TokenRange): boolean =>
  value.to === value.from + 1 && editor.word(value.from) === 'default'

/** The SUPER conversion of a statement writing `table`, or undefined when nothing is assigned. */
export const superAssignment = (
  editor: TokenEditor,
  table: TokenRange,
  slots: ReadonlyArray<AssignmentSlot>,
): SuperAssignment | undefined => {
  const candidates = slots.filter((slot) => !isDefault(editor, slot.value))
  // A database-qualified name is left to PostgreSQL, which refuses it.
  if (candidates.length === 0 || table.to - table.from > 3) return undefined
  return {
    table: editor.slice(table.from, table.to),
    sqlFor: (columns) => {
      const isSuper = (column: string | number): boolean =>
        (typeof column === 'number'
          ? columns[column]
          : columns.find((target) => target.name === column)
        )?.isSuper === true
      const wraps = candidates
        .filter((slot) => isSuper(slot.column))
        .map((slot) => ({ ...slot.value, open: SUPER_OF, close: ')' }))
      return editor.emit(wraps)
    },
  }
}

/** A single column name token, folded as the session folds names; undefined otherwise. */
const columnName = (
  editor: TokenEditor,
  range: TokenRange,
  caseSensitive: boolean,
): string | undefined => {
  const token = editor.sig[range.from]
  if (range.to !== range.from + 1 || !token) return undefined
  if (token.kind !== 'word' && token.kind !== 'quoted') return undefined
  return identifierName(token, caseSensitive)
}

/** `INSERT INTO t [(cols)] VALUES (...), ...`: the table and every tuple's values. */
export const insertSlots = (
  editor: TokenEditor,
  caseSensitive: boolean,
): { table: TokenRange; slots: AssignmentSlot[] } | undefined => {
  if (editor.word(1) !== 'into') return undefined
  const tableEnd = tableNameEnd(editor, 2)
  if (tableEnd === undefined) return undefined
  let i = tableEnd
  let columns: string[] | undefined
  if (editor.isSymbol(i, '(')) {
    const close = editor.closeOf(i)
    columns = []
    for (const part of splitTopLevel(editor, i + 1, close - 1)) {
      const name = columnName(editor, part, caseSensitive)
      if (name === undefined) return undefined
      columns.push(name)
    }
    i = close
  }
  if (editor.word(i) !== 'values') return undefined
  i++
  const slots: AssignmentSlot[] = []
  while (editor.isSymbol(i, '(')) {
    const close = editor.closeOf(i)
    splitTopLevel(editor, i + 1, close - 1).forEach((value, k) => {
      slots.push({ column: columns ? (columns[k] ?? '') : k, value })
    })
    i = close
    if (!editor.isSymbol(i, ',')) break
    i++
  }
  return { table: { from: 2, to: tableEnd }, slots }
}

const updateClauseEnds = new Set(['from', 'where', 'returning'])

/** `UPDATE t [[AS] alias] SET col = expr, ...`: the table and the assigned values. */
export const updateSlots = (
  editor: TokenEditor,
  caseSensitive: boolean,
): { table: TokenRange; slots: AssignmentSlot[] } | undefined => {
  const n = editor.sig.length
  const tableEnd = tableNameEnd(editor, 1)
  if (tableEnd === undefined) return undefined
  let i = tableEnd
  if (editor.word(i) === 'as') i += 2
  else if (editor.word(i) !== 'set' && isName(editor, i)) i++
  if (editor.word(i) !== 'set') return undefined
  i++
  const slots: AssignmentSlot[] = []
  for (;;) {
    const column = columnName(editor, { from: i, to: i + 1 }, caseSensitive)
    if (column === undefined || !editor.isSymbol(i + 1, '=')) return undefined
    const end = findTopLevel(
      editor,
      i + 2,
      n,
      (k) => editor.isSymbol(k, ',') || updateClauseEnds.has(editor.word(k)),
    )
    slots.push({ column, value: { from: i + 2, to: end } })
    if (!editor.isSymbol(end, ',')) break
    i = end + 1
  }
  return { table: { from: 1, to: tableEnd }, slots }
}

/** The written table's columns in table order; none when the table does not exist. */
export const targetColumnsSql = (table: string): string =>
  `SELECT a.attname, coalesce(nullif(t.typbasetype, 0), a.atttypid) = 'pg_catalog.jsonb'::pg_catalog.regtype FROM pg_catalog.pg_attribute AS a JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid WHERE a.attrelid = pg_catalog.to_regclass(${pgLiteral(table)}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`

/** Looks the written table up and returns the statement to run. */
export const resolveSuperAssignment = async (
  connection: SqlConnection,
  assigns: SuperAssignment,
): Promise<string> => {
  const raw = await connection.query(targetColumnsSql(assigns.table))
  const columns = raw.rows.map((row) => ({
    name: row[0] ?? '',
    isSuper: row[1] === 't' || row[1] === 'true',
  }))
  return assigns.sqlFor(columns)
}
