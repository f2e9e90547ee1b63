import { LOAD_ERROR_VIEWS, type LoadErrorView, type LoadLog } from './copy/LoadLog.js'
import { SHADOWED_INFORMATION_SCHEMA } from './internalSchema.js'
import type { Token } from './RedshiftLexer.js'
import { type EmitContext, identifierName, type TokenEditor } from './TokenEditor.js'
import { INTERNAL_SCHEMA, translateType } from './translateType.js'

export interface TranslateContext extends EmitContext {
  /**
   * Where `CREATE TEMP TABLE` puts its table when temp tables are emulated (PGlite);
   * undefined on a PostgreSQL server, where they are native.
   */
  readonly tempSchema: string | undefined
  /** The Redshift database name `current_database()` reports. */
  readonly database: string
  /** The pid `pg_backend_pid()` reports where the backend's own would differ (PGlite). */
  readonly pid?: number
  /** The database's COPY load errors, answering STL_LOAD_ERRORS and SYS_LOAD_ERROR_DETAIL. */
  readonly loadLog?: LoadLog
  /** What PG_LAST_COPY_ID() and PG_LAST_COPY_COUNT() report in this session. */
  readonly lastCopy?: { readonly id: number; readonly count: number }
}

/** Words after a table name that are not its alias. */
const NOT_ALIAS = new Set([
  'where',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'on',
  'using',
  'order',
  'group',
  'having',
  'limit',
  'offset',
  'union',
  'intersect',
  'except',
  'window',
  'for',
  'fetch',
  'lateral',
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
    if (
      (token.kind === 'word' || token.kind === 'quoted') &&
      !qualified &&
      identifierName(token, false) === 'information_schema' &&
      editor.isSymbol(i + 1, '.')
    ) {
      const view = editor.sig[i + 2]
      if (view && SHADOWED_INFORMATION_SCHEMA.has(identifierName(view, false))) {
        editor.replace(i, INTERNAL_SCHEMA)
      }
      continue
    }
    if (
      token.kind === 'word' &&
      !qualified &&
      token.value === 'pg_catalog' &&
      editor.isSymbol(i + 1, '.') &&
      editor.word(i + 2) === 'pg_constraint'
    ) {
      // Declared primary keys show as contype 'p' (see internalSchema).
      editor.replace(i, INTERNAL_SCHEMA)
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
    } else if (
      call &&
      token.value === 'pg_backend_pid' &&
      context.pid !== undefined &&
      editor.isSymbol(i + 2, ')')
    ) {
      editor.replace(i, `(${context.pid})::int4`)
      editor.remove(i + 1, i + 3)
      i += 2
    } else if (call && token.value === 'current_database' && editor.isSymbol(i + 2, ')')) {
      editor.replace(i, `(${pgLiteralOf(context.database)}::name)`)
      editor.remove(i + 1, i + 3)
      i += 2
    } else if (
      call &&
      (token.value === 'pg_last_copy_id' || token.value === 'pg_last_copy_count') &&
      editor.isSymbol(i + 2, ')')
    ) {
      const last = context.lastCopy ?? { id: -1, count: 0 }
      editor.replace(
        i,
        token.value === 'pg_last_copy_id' ? `(${last.id})::int4` : `(${last.count})::int8`,
      )
      editor.remove(i + 1, i + 3)
      i += 2
    } else if (
      !call &&
      context.loadLog !== undefined &&
      (LOAD_ERROR_VIEWS as ReadonlyArray<string>).includes(token.value)
    ) {
      const next = editor.sig[i + 1]
      const aliased =
        next !== undefined &&
        (next.kind === 'quoted' || (next.kind === 'word' && !NOT_ALIAS.has(next.value)))
      const relation = context.loadLog.relationSql(token.value as LoadErrorView)
      editor.replace(i, aliased ? relation : `${relation} AS ${token.value}`)
    } else if (!call && token.value === 'pg_constraint') {
      editor.replace(i, `${INTERNAL_SCHEMA}.pg_constraint`)
    } else if (!call && token.value === 'pg_table_def') {
      editor.replace(i, `${INTERNAL_SCHEMA}.pg_table_def`)
    } else if (!call && token.value === 'sysdate') {
      editor.replace(i, `${INTERNAL_SCHEMA}.sysdate()`)
    }
  }
}

const pgLiteralOf = (text: string): string => `'${text.replaceAll("'", "''")}'`
