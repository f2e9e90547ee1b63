import type { StatementPlan } from './StatementPlan.js'
import type { TokenEditor } from './TokenEditor.js'
import { sqlPlan, type TranslateContext, translateExpressions } from './translateStatement.js'

export const translateMerge = (editor: TokenEditor, context: TranslateContext): StatementPlan => {
  translateExpressions(editor, context)
  return sqlPlan(editor.emit())
}
