import type { Token } from './RedshiftLexer.js'
import type { StatementPlan } from './StatementPlan.js'
import { type EmitContext, pgIdentifier, TokenEditor } from './TokenEditor.js'
import { translateAlterTable } from './translateAlterTable.js'
import { translateCreate } from './translateCreate.js'
import { translateMerge } from './translateMerge.js'
import { INTERNAL_SCHEMA, translateType } from './translateType.js'

export interface TranslateContext extends EmitContext {
  /**
   * Where `CREATE TEMP TABLE` puts its table when temp tables are emulated (PGlite);
   * undefined on a PostgreSQL server, where they are native.
   */
  readonly tempSchema: string | undefined
  /** The Redshift database name `current_database()` reports. */
  readonly database: string
}

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

/** Redshift functions that PostgreSQL lacks or names differently, by the name written. */
const FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['json_parse', `${INTERNAL_SCHEMA}.json_parse`],
  ['json_serialize', `${INTERNAL_SCHEMA}.json_serialize`],
  ['is_valid_json', `${INTERNAL_SCHEMA}.is_valid_json`],
  ['is_valid_json_array', `${INTERNAL_SCHEMA}.is_valid_json_array`],
  ['json_extract_path_text', `${INTERNAL_SCHEMA}.json_extract_path_text`],
  ['json_array_length', `${INTERNAL_SCHEMA}.json_array_length`],
  ['from_hex', `${INTERNAL_SCHEMA}.from_hex`],
  ['to_hex', `${INTERNAL_SCHEMA}.to_hex`],
  ['getdate', `${INTERNAL_SCHEMA}.getdate`],
  ['len', 'length'],
  ['nvl', 'coalesce'],
])

/** Rewrites the parts every statement shares: functions, SYSDATE, casts to Redshift types. */
export const translateExpressions = (
  editor: TokenEditor,
  context: TranslateContext,
  from = 0,
  to = editor.sig.length,
): void => {
  const castDepths: number[] = []
  let depth = 0
  for (let i = from; i < to; i++) {
    const token = editor.sig[i] as Token
    const qualified = editor.isSymbol(i - 1, '.')
    if (token.kind === 'symbol') {
      if (token.value === '(') depth++
      else if (token.value === ')') {
        if (castDepths.at(-1) === depth) castDepths.pop()
        depth--
      } else if (token.value === '::') {
        const type = translateType(editor, i + 1, 'cast')
        if (type) {
          editor.replace(i + 1, type.sql)
          editor.remove(i + 2, type.end)
          i = type.end - 1
        }
      }
      continue
    }
    if (token.kind !== 'word' || qualified) continue
    const call = editor.isSymbol(i + 1, '(')
    if (call && token.value === 'cast') castDepths.push(depth + 1)
    else if (token.value === 'as' && castDepths.at(-1) === depth) {
      const type = translateType(editor, i + 1, 'cast')
      if (type) {
        editor.replace(i + 1, type.sql)
        editor.remove(i + 2, type.end)
        i = type.end - 1
      }
    } else if (call && FUNCTIONS.has(token.value)) {
      editor.replace(i, FUNCTIONS.get(token.value) as string)
    } else if (call && token.value === 'current_database' && editor.isSymbol(i + 2, ')')) {
      editor.replace(i, `(${pgLiteralOf(context.database)}::name)`)
      editor.remove(i + 1, i + 3)
      i += 2
    } else if (!call && token.value === 'sysdate') {
      editor.replace(i, `${INTERNAL_SCHEMA}.sysdate()`)
    }
  }
}

const pgLiteralOf = (text: string): string => `'${text.replaceAll("'", "''")}'`

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

/** A plan that runs one translated statement. */
export const sqlPlan = (
  sql: string,
  extra: Partial<Extract<StatementPlan, { kind: 'sql' }>> = {},
): StatementPlan => ({
  kind: 'sql',
  steps: [{ sql }],
  domains: [],
  writes: [],
  createsTemp: false,
  outsideTransaction: false,
  ...extra,
})

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
  return sqlPlan(editor.emit(), { setting: { name, sql: undefined } })
}

const emptyPlan = (): StatementPlan => ({
  kind: 'sql',
  steps: [],
  domains: [],
  writes: [],
  createsTemp: false,
  outsideTransaction: false,
})

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
  }
  translateExpressions(editor, context)
  const table = writtenTable(editor)
  return sqlPlan(editor.emit(), table ? { writes: [table] } : {})
}
