import { parseCopy } from './copy/CopyCommand.js'
import { RedshiftSqlError } from './Engine.js'
import type { Token } from './RedshiftLexer.js'
import { emptyPlan, type StatementPlan, sqlPlan } from './StatementPlan.js'
import { syntaxErrorAt } from './statementScan.js'
import { insertSlots, superAssignment, updateSlots } from './superAssignment.js'
import { pgIdentifier, TokenEditor } from './TokenEditor.js'
import { translateAlterTable } from './translateAlterTable.js'
import { translateCreate } from './translateCreate.js'
import { type TranslateContext, translateExpressions } from './translateExpressions.js'
import { translateMerge } from './translateMerge.js'

/** Settings PostgreSQL does not have, kept by the engine per session. */
export const EMULATED_SETTINGS: ReadonlyMap<string, string> = new Map([
  ['enable_case_sensitive_identifier', 'off'],
  ['query_group', 'default'],
  ['wlm_query_slot_count', '1'],
  ['enable_result_cache_for_session', 'on'],
  ['analyze_threshold_percent', '10'],
  ['json_serialization_enable', 'false'],
  ['describe_field_name_in_uppercase', 'off'],
  ['downcase_delimited_identifier', 'on'],
])

/** The table a DML statement writes, as written, for error messages. */
const writtenTable = (editor: TokenEditor): string | undefined => {
  const verb = editor.word(0)
  const at =
    verb === 'insert' || verb === 'merge'
      ? 2
      : verb === 'update'
        ? 1
        : verb === 'delete'
          ? editor.word(1) === 'from'
            ? 2
            : 1
          : -1
  if (at < 0) return undefined
  const first = editor.sig[at]
  if (!first) return undefined
  const qualified = editor.isSymbol(at + 1, '.') && editor.sig[at + 2]
  const part = (token: Token): string => (token.kind === 'quoted' ? token.value : token.value)
  return qualified ? `${part(first)}.${part(editor.sig[at + 2] as Token)}` : part(first)
}

const settingValue = (editor: TokenEditor, from: number): string =>
  editor.sig
    .slice(from)
    .map((token) => token.value)
    .join('')

const translateSet = (editor: TokenEditor, context: TranslateContext): StatementPlan => {
  let i = 1
  const scope = editor.word(1)
  if (scope === 'session' || scope === 'local') i = 2
  const name = editor.word(i)
  if (EMULATED_SETTINGS.has(name) && scope !== 'local') {
    const valueAt = editor.word(i + 1) === 'to' || editor.isSymbol(i + 1, '=') ? i + 2 : i + 1
    const value = settingValue(editor, valueAt).toLowerCase()
    return { kind: 'setting', name, value: value === 'default' ? undefined : value }
  }
  if (name === 'search_path' && context.tempSchema && scope !== 'local') {
    const valueAt = editor.word(i + 1) === 'to' || editor.isSymbol(i + 1, '=') ? i + 2 : i + 1
    const rest = editor.slice(valueAt, editor.sig.length)
    const sql = `SET search_path TO ${pgIdentifier(context.tempSchema)}, ${rest}`
    return sqlPlan(sql, { setting: { name, sql } })
  }
  translateExpressions(editor, context)
  const sql = editor.emit()
  return sqlPlan(sql, scope === 'local' || !name ? {} : { setting: { name, sql } })
}

const translateReset = (editor: TokenEditor): StatementPlan => {
  const name = editor.word(1)
  if (EMULATED_SETTINGS.has(name)) return { kind: 'setting', name, value: undefined }
  if (name === 'all') return { kind: 'resetAll' }
  return sqlPlan(editor.emit(), { setting: { name, sql: undefined } })
}

/** Index of the statement a `WITH name AS (...) [, ...]` list leads to (best effort). */
const withBodyAt = (editor: TokenEditor): number => {
  let i = editor.word(1) === 'recursive' ? 2 : 1
  for (;;) {
    i++
    if (editor.isSymbol(i, '(')) i = editor.closeOf(i)
    if (editor.word(i) !== 'as') return i
    i++
    if (editor.word(i) === 'not') i++
    if (editor.word(i) === 'materialized') i++
    if (!editor.isSymbol(i, '(')) return i
    i = editor.closeOf(i)
    if (!editor.isSymbol(i, ',')) return i
    i++
  }
}

/** Translates one Redshift statement (its tokens, no trailing `;`) into a PostgreSQL plan. */
export const translateStatement = (
  tokens: ReadonlyArray<Token>,
  context: TranslateContext,
): StatementPlan => {
  const editor = new TokenEditor(tokens, context)
  const verb = editor.word(0)
  switch (verb) {
    case 'begin':
      return { kind: 'begin' }
    case 'start':
      if (editor.word(1) === 'transaction') return { kind: 'begin' }
      break
    case 'commit':
    case 'end':
      return { kind: 'commit' }
    case 'abort':
      return { kind: 'rollback' }
    case 'rollback':
      if (editor.word(1) !== 'to') return { kind: 'rollback' }
      break
    case 'set':
      return translateSet(editor, context)
    case 'reset':
      return translateReset(editor)
    case 'show':
      if (EMULATED_SETTINGS.has(editor.word(1))) return { kind: 'show', name: editor.word(1) }
      break
    case 'vacuum':
    case 'analyze':
      return emptyPlan()
    case 'create':
      return translateCreate(editor, context)
    case 'alter':
      if (editor.word(1) === 'table') return translateAlterTable(editor, context)
      break
    case 'merge':
      return translateMerge(editor, context)
    case 'with': {
      // Redshift's MERGE takes no WITH clause (its source is a table).
      const body = withBodyAt(editor)
      if (editor.word(body) === 'merge') throw syntaxErrorAt(editor, body)
      break
    }
    case 'truncate': {
      translateExpressions(editor, context)
      const table = editor.slice(editor.word(1) === 'table' ? 2 : 1, editor.sig.length)
      return sqlPlan(editor.emit(), { writes: [table], commitsTransaction: true })
    }
    case 'copy':
      return { kind: 'copy', command: parseCopy(editor, context.caseSensitive) }
    case 'unload':
      throw new RedshiftSqlError(
        'ERROR: UNLOAD to external storage is not supported by the emulator; use SELECT',
        '0A000',
      )
  }
  translateExpressions(editor, context)
  const table = writtenTable(editor)
  const assigned =
    verb === 'insert'
      ? insertSlots(editor, context.caseSensitive)
      : verb === 'update'
        ? updateSlots(editor, context.caseSensitive)
        : undefined
  const assigns = assigned && superAssignment(editor, assigned.table, assigned.slots)
  return sqlPlan(editor.emit(), table ? { writes: [table] } : {}, assigns)
}
