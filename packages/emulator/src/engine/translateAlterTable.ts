import { translateColumnDefinition } from './columnDefinition.js'
import { RedshiftSqlError } from './Engine.js'
import { emptyPlan, type StatementPlan, sqlPlan } from './StatementPlan.js'
import { identifierName, type TokenEditor } from './TokenEditor.js'
import { type TranslateContext, translateExpressions } from './translateExpressions.js'
import { translateType } from './translateType.js'

const noOp = emptyPlan

const syntaxError = (near: string): RedshiftSqlError =>
  new RedshiftSqlError(`ERROR: syntax error at or near "${near}"`, '42601')

/**
 * ALTER TABLE with Redshift's rules: one action per statement (so one ADD COLUMN), no
 * IF NOT EXISTS on columns, ALTER COLUMN TYPE only widening a VARCHAR, key and
 * distribution changes accepted and ignored.
 */
export const translateAlterTable = (
  editor: TokenEditor,
  context: TranslateContext,
): StatementPlan => {
  let nameAt = 2
  if (editor.word(2) === 'if' && editor.word(3) === 'exists') nameAt = 4
  const qualified = editor.isSymbol(nameAt + 1, '.')
  const nameEnd = qualified ? nameAt + 3 : nameAt + 1
  let depth = 0
  for (let i = nameEnd; i < editor.sig.length; i++) {
    if (editor.isSymbol(i, '(')) depth++
    else if (editor.isSymbol(i, ')')) depth--
    else if (depth === 0 && editor.isSymbol(i, ',')) throw syntaxError(',')
  }
  const action = editor.word(nameEnd)
  const table = editor.slice(nameAt, nameEnd)
  if (action === 'add') {
    let k = nameEnd + 1
    const target = editor.word(k)
    if (['constraint', 'primary', 'unique', 'foreign'].includes(target)) return noOp()
    if (target === 'column') k++
    if (editor.word(k) === 'if') throw syntaxError(editor.sig[k + 1]?.raw ?? 'if')
    const { domains } = translateColumnDefinition(editor, k, editor.sig.length)
    translateExpressions(editor, context, k)
    return sqlPlan(editor.emit(), { domains })
  }
  if (action === 'alter') {
    let k = nameEnd + 1
    const w = editor.word(k)
    if (['diststyle', 'distkey', 'sortkey', 'compound', 'interleaved', 'encode'].includes(w)) {
      return noOp()
    }
    if (w === 'column') k++
    const columnToken = editor.sig[k]
    if (columnToken && editor.word(k + 1) === 'encode') return noOp()
    if (columnToken && editor.word(k + 1) === 'type') {
      const type = translateType(editor, k + 2, 'column')
      const length = type?.domain?.startsWith('varchar_') ? Number(type.domain.slice(8)) : undefined
      if (length === undefined || type?.end !== editor.sig.length) {
        throw new RedshiftSqlError(
          `ERROR: ALTER COLUMN TYPE is supported only for VARCHAR columns; target type "${editor.slice(k + 2, editor.sig.length)}" is not supported`,
          '0A000',
        )
      }
      const nameToken = editor.sig[nameAt]
      const schemaToken = qualified ? editor.sig[nameAt] : undefined
      const tableToken = qualified ? editor.sig[nameAt + 2] : nameToken
      return {
        kind: 'alterColumnType',
        table,
        schemaName: schemaToken ? identifierName(schemaToken, context.caseSensitive) : undefined,
        tableName: tableToken ? identifierName(tableToken, context.caseSensitive) : '',
        column: identifierName(columnToken, context.caseSensitive),
        length,
      }
    }
  }
  translateExpressions(editor, context)
  return sqlPlan(editor.emit())
}
