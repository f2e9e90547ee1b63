import { RedshiftSqlError } from './Engine.js'
import { type StatementPlan, sqlPlan } from './StatementPlan.js'
import type { TokenEditor } from './TokenEditor.js'
import { type TranslateContext, translateExpressions } from './translateExpressions.js'

/** Redshift's error when one target row is matched by several source rows. */
export const MULTIPLE_MATCHES = 'ERROR: Found multiple matches to update the same tuple.'

/** Index past a table name (optionally qualified) or a parenthesised subquery at `i`. */
const relationEnd = (editor: TokenEditor, i: number): number => {
  if (editor.isSymbol(i, '(')) return editor.closeOf(i)
  return editor.isSymbol(i + 1, '.') ? i + 3 : i + 1
}

/** Reads an optional `[AS] alias` at `i`, stopping at `stop`. */
const aliasAt = (editor: TokenEditor, i: number, stop: string): { alias?: number; end: number } => {
  if (editor.word(i) === 'as') return { alias: i + 1, end: i + 2 }
  const token = editor.sig[i]
  if (token && editor.word(i) !== stop && (token.kind === 'word' || token.kind === 'quoted')) {
    return { alias: i, end: i + 1 }
  }
  return { end: i }
}

/**
 * MERGE: the standard form runs as PostgreSQL's MERGE (its "cannot affect row a second
 * time" becomes Redshift's multiple-match error); `REMOVE DUPLICATES` becomes a
 * multiple-match check, a DELETE of matched target rows and an INSERT of all source rows.
 */
export const translateMerge = (editor: TokenEditor, context: TranslateContext): StatementPlan => {
  const n = editor.sig.length
  const targetAt = 2
  const targetEnd = relationEnd(editor, targetAt)
  const target = editor.slice(targetAt, targetEnd)
  const writes = [editor.slice(targetAt, targetEnd).replaceAll('"', '')]
  translateExpressions(editor, context)
  if (!(editor.word(n - 2) === 'remove' && editor.word(n - 1) === 'duplicates')) {
    return sqlPlan(editor.emit(), { writes })
  }
  const targetAlias = aliasAt(editor, targetEnd, 'using')
  const usingAt = targetAlias.end
  if (editor.word(usingAt) !== 'using') {
    throw new RedshiftSqlError(
      `ERROR: syntax error at or near "${editor.sig[usingAt]?.raw ?? ''}"`,
      '42601',
    )
  }
  const sourceEnd = relationEnd(editor, usingAt + 1)
  const sourceAlias = aliasAt(editor, sourceEnd, 'on')
  const onAt = sourceAlias.end
  if (editor.word(onAt) !== 'on') {
    throw new RedshiftSqlError(
      `ERROR: syntax error at or near "${editor.sig[onAt]?.raw ?? ''}"`,
      '42601',
    )
  }
  const source = editor.slice(usingAt + 1, sourceEnd)
  const targetName =
    targetAlias.alias !== undefined
      ? editor.slice(targetAlias.alias, targetAlias.alias + 1)
      : editor.slice(targetEnd - 1, targetEnd)
  const targetClause = targetAlias.alias !== undefined ? `${target} AS ${targetName}` : target
  const sourceClause =
    sourceAlias.alias !== undefined
      ? `${source} AS ${editor.slice(sourceAlias.alias, sourceAlias.alias + 1)}`
      : source
  const condition = editor.slice(onAt + 1, n - 2)
  return {
    kind: 'sql',
    steps: [
      {
        sql: `SELECT 1 FROM ${targetClause} JOIN ${sourceClause} ON ${condition} GROUP BY ${targetName}.ctid HAVING count(*) > 1 LIMIT 1`,
        failIfRows: MULTIPLE_MATCHES,
      },
      { sql: `DELETE FROM ${targetClause} USING ${sourceClause} WHERE ${condition}` },
      { sql: `INSERT INTO ${target} SELECT * FROM ${sourceClause}` },
    ],
    domains: [],
    writes,
    createsTemp: false,
  }
}
