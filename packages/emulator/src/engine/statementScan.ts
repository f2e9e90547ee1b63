import { RedshiftSqlError } from './Engine.js'
import type { TokenEditor } from './TokenEditor.js'

/** Significant tokens `from`..`to` (exclusive) of a statement. */
export interface TokenRange {
  readonly from: number
  readonly to: number
}

/**
 * Redshift's syntax error naming the token at `i` as written, or the end of the statement.
 *
 * @example
 * ```ts
 * throw syntaxErrorAt(editor, 5) // ERROR: syntax error at or near "AND"
 * ```
 */
export const syntaxErrorAt = (editor: TokenEditor, i: number): RedshiftSqlError => {
  const token = editor.sig[i]
  return new RedshiftSqlError(
    token ? `ERROR: syntax error at or near "${token.raw}"` : 'ERROR: syntax error at end of input',
    '42601',
  )
}

/**
 * The first index in `from`..`to` outside parentheses and `CASE ... END` where `stop` holds,
 * or `to` when there is none. Unbalanced parentheses end the scan where they close.
 */
export const findTopLevel = (
  editor: TokenEditor,
  from: number,
  to: number,
  stop: (i: number) => boolean,
): number => {
  let depth = 0
  let cases = 0
  for (let i = from; i < to; i++) {
    if (depth === 0 && cases === 0 && stop(i)) return i
    if (editor.isSymbol(i, '(')) depth++
    else if (editor.isSymbol(i, ')')) {
      depth--
      if (depth < 0) return i
    } else if (!editor.isSymbol(i - 1, '.')) {
      const word = editor.word(i)
      if (word === 'case') cases++
      else if (word === 'end' && cases > 0) cases--
    }
  }
  return to
}

/** Splits `from`..`to` at its top-level commas. */
export const splitTopLevel = (editor: TokenEditor, from: number, to: number): TokenRange[] => {
  const parts: TokenRange[] = []
  let start = from
  for (;;) {
    const comma = findTopLevel(editor, start, to, (i) => editor.isSymbol(i, ','))
    parts.push({ from: start, to: comma })
    if (comma >= to) return parts
    start = comma + 1
  }
}

/** True when the token at `i` can name a table or column (a word, `"quoted"` or `#temp`). */
export const isName = (editor: TokenEditor, i: number): boolean => {
  const kind = editor.sig[i]?.kind
  return kind === 'word' || kind === 'quoted' || kind === 'temp'
}

/** The end of a table name at `i` (`name`, `schema.name` or `db.schema.name`), or undefined. */
export const tableNameEnd = (editor: TokenEditor, i: number): number | undefined => {
  if (!isName(editor, i)) return undefined
  let end = i + 1
  for (let parts = 1; parts < 3 && editor.isSymbol(end, '.') && isName(editor, end + 1); parts++) {
    end += 2
  }
  return end
}
