import {
  findTopLevel,
  isName,
  splitTopLevel,
  syntaxErrorAt,
  type TokenRange,
  tableNameEnd,
} from './statementScan.js'
import { identifierName, type TokenEditor } from './TokenEditor.js'

/** `col = expr` of a `WHEN MATCHED THEN UPDATE SET`. */
export interface MergeAssignment {
  /** The column name as it denotes the column (folded unless case sensitive). */
  readonly column: string
  readonly value: TokenRange
}

/** What a MERGE does with source rows, once its grammar is checked. */
export type MergeAction =
  | { readonly kind: 'removeDuplicates' }
  | {
      readonly kind: 'upsert'
      /** The matched action: DELETE, or the columns it updates. */
      readonly matched:
        | { readonly kind: 'delete' }
        | { readonly kind: 'update'; readonly assignments: ReadonlyArray<MergeAssignment> }
      /** The INSERT column list, undefined when it lists all columns in table order. */
      readonly insertColumns: ReadonlyArray<string> | undefined
      readonly insertValues: ReadonlyArray<TokenRange>
    }

/** A MERGE statement read with Redshift's grammar. */
export interface MergeShape {
  readonly target: TokenRange
  readonly source: TokenRange
  /** Index of the source alias token, when there is one. */
  readonly sourceAlias: number | undefined
  readonly condition: TokenRange
  readonly action: MergeAction
}

/** Words that end the source clause instead of naming its alias. */
const notAliases = new Set(['on', 'when', 'where', 'set', 'remove'])

const expectWord = (editor: TokenEditor, i: number, word: string): number => {
  if (editor.word(i) !== word) throw syntaxErrorAt(editor, i)
  return i + 1
}

/** A plain column name at `i` (no table prefix), as Redshift requires in SET and INSERT lists. */
const columnAt = (editor: TokenEditor, i: number, caseSensitive: boolean): string => {
  const token = editor.sig[i]
  if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) throw syntaxErrorAt(editor, i)
  if (editor.isSymbol(i + 1, '.')) throw syntaxErrorAt(editor, i + 1)
  return identifierName(token, caseSensitive)
}

const readAssignments = (
  editor: TokenEditor,
  from: number,
  caseSensitive: boolean,
): { assignments: MergeAssignment[]; end: number } => {
  const n = editor.sig.length
  const assignments: MergeAssignment[] = []
  let i = from
  for (;;) {
    const column = columnAt(editor, i, caseSensitive)
    if (!editor.isSymbol(i + 1, '=')) throw syntaxErrorAt(editor, i + 1)
    const valueFrom = i + 2
    const end = findTopLevel(
      editor,
      valueFrom,
      n,
      (k) => editor.isSymbol(k, ',') || editor.word(k) === 'when',
    )
    if (end === valueFrom) throw syntaxErrorAt(editor, end)
    if (editor.isSymbol(end, ')')) throw syntaxErrorAt(editor, end)
    assignments.push({ column, value: { from: valueFrom, to: end } })
    if (!editor.isSymbol(end, ',')) return { assignments, end }
    i = end + 1
  }
}

const readInsert = (
  editor: TokenEditor,
  from: number,
  caseSensitive: boolean,
): { columns: string[] | undefined; values: TokenRange[] } => {
  const n = editor.sig.length
  let i = from
  let columns: string[] | undefined
  if (editor.isSymbol(i, '(')) {
    columns = []
    i++
    for (;;) {
      columns.push(columnAt(editor, i, caseSensitive))
      i++
      if (editor.isSymbol(i, ')')) break
      if (!editor.isSymbol(i, ',')) throw syntaxErrorAt(editor, i)
      i++
    }
    i++
  }
  i = expectWord(editor, i, 'values')
  if (!editor.isSymbol(i, '(')) throw syntaxErrorAt(editor, i)
  const close = editor.closeOf(i)
  if (close === i + 2) throw syntaxErrorAt(editor, i + 1)
  const values = splitTopLevel(editor, i + 1, close - 1)
  for (const value of values) if (value.from === value.to) throw syntaxErrorAt(editor, value.to)
  if (close < n) throw syntaxErrorAt(editor, close)
  return { columns, values }
}

/**
 * Reads MERGE as Redshift's grammar has it: `MERGE INTO target USING source [[AS] alias] ON
 * cond` then either `REMOVE DUPLICATES` or exactly one `WHEN MATCHED THEN {UPDATE SET col =
 * expr [, ...] | DELETE}` followed by exactly one `WHEN NOT MATCHED THEN INSERT [(cols)]
 * VALUES (exprs)`. Anything else (a target alias, a subquery source, a lone or repeated
 * WHEN clause, `AND` conditions, DO NOTHING, DEFAULT VALUES, `t.col` targets) fails with
 * Redshift's syntax error naming the offending token.
 */
export const parseMerge = (editor: TokenEditor, caseSensitive: boolean): MergeShape => {
  const n = editor.sig.length
  const targetAt = expectWord(editor, 1, 'into')
  const targetEnd = tableNameEnd(editor, targetAt)
  if (targetEnd === undefined) throw syntaxErrorAt(editor, targetAt)
  const sourceAt = expectWord(editor, targetEnd, 'using')
  const sourceEnd = tableNameEnd(editor, sourceAt)
  if (sourceEnd === undefined) throw syntaxErrorAt(editor, sourceAt)
  let onAt = sourceEnd
  let sourceAlias: number | undefined
  if (editor.word(onAt) === 'as') {
    if (!isName(editor, onAt + 1) || editor.sig[onAt + 1]?.kind === 'temp') {
      throw syntaxErrorAt(editor, onAt + 1)
    }
    sourceAlias = onAt + 1
    onAt += 2
  } else if (
    !notAliases.has(editor.word(onAt)) &&
    editor.sig[onAt]?.kind !== 'temp' &&
    isName(editor, onAt)
  ) {
    sourceAlias = onAt
    onAt++
  }
  const conditionFrom = expectWord(editor, onAt, 'on')
  const conditionEnd = findTopLevel(
    editor,
    conditionFrom,
    n,
    (i) =>
      editor.word(i) === 'when' ||
      (editor.word(i) === 'remove' && editor.word(i + 1) === 'duplicates'),
  )
  if (conditionEnd === conditionFrom || conditionEnd === n || editor.isSymbol(conditionEnd, ')')) {
    throw syntaxErrorAt(editor, conditionEnd)
  }
  const base = {
    target: { from: targetAt, to: targetEnd },
    source: { from: sourceAt, to: sourceEnd },
    sourceAlias,
    condition: { from: conditionFrom, to: conditionEnd },
  }
  if (editor.word(conditionEnd) === 'remove') {
    if (conditionEnd + 2 < n) throw syntaxErrorAt(editor, conditionEnd + 2)
    return { ...base, action: { kind: 'removeDuplicates' } }
  }
  let i = expectWord(editor, conditionEnd + 1, 'matched')
  i = expectWord(editor, i, 'then')
  let matched: Extract<MergeAction, { kind: 'upsert' }>['matched']
  if (editor.word(i) === 'update') {
    const read = readAssignments(editor, expectWord(editor, i + 1, 'set'), caseSensitive)
    matched = { kind: 'update', assignments: read.assignments }
    i = read.end
  } else if (editor.word(i) === 'delete') {
    matched = { kind: 'delete' }
    i++
  } else throw syntaxErrorAt(editor, i)
  i = expectWord(editor, i, 'when')
  i = expectWord(editor, i, 'not')
  i = expectWord(editor, i, 'matched')
  i = expectWord(editor, i, 'then')
  i = expectWord(editor, i, 'insert')
  const insert = readInsert(editor, i, caseSensitive)
  return {
    ...base,
    action: {
      kind: 'upsert',
      matched,
      insertColumns: insert.columns,
      insertValues: insert.values,
    },
  }
}
