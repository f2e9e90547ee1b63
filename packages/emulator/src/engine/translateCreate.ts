import { listItems, translateColumnDefinition } from './columnDefinition.js'
import { RedshiftSqlError } from './Engine.js'
import { DEFAULT_SCHEMA_SLOT, type StatementPlan, sqlPlan } from './StatementPlan.js'
import { identifierName, pgIdentifier, type TokenEditor } from './TokenEditor.js'
import { type TranslateContext, translateExpressions } from './translateExpressions.js'

const TABLE_CONSTRAINTS = new Set(['constraint', 'primary', 'unique', 'foreign', 'check'])

/** Removes Redshift table attributes (DISTSTYLE, DISTKEY, SORTKEY, ENCODE, BACKUP) from `from` up to AS. */
const removeTableAttributes = (editor: TokenEditor, from: number): void => {
  let j = from
  while (j < editor.sig.length) {
    const w = editor.word(j)
    if (w === 'as') return
    if (w === 'compound' || w === 'interleaved') {
      editor.remove(j, j + 1)
      j += 1
    } else if ((w === 'distkey' || w === 'sortkey') && editor.isSymbol(j + 1, '(')) {
      const close = editor.closeOf(j + 1)
      editor.remove(j, close)
      j = close
    } else if (['diststyle', 'sortkey', 'encode', 'backup'].includes(w)) {
      editor.remove(j, j + 2)
      j += 2
    } else j += 1
  }
}

/**
 * A declared PRIMARY KEY as PostgreSQL keeps it without enforcing it: an exclusion constraint
 * over the key columns (in key order) whose index is partial on `false`, so it holds no entry
 * and refuses nothing. PostgreSQL drops it with the table or a key column, and `LIKE` does not
 * copy it, as Redshift's LIKE copies no keys. Redshift has no exclusion constraints, so every
 * one in a user schema is a primary key: the shadowed catalog views report them as such.
 */
const primaryKeyConstraint = (name: string, columns: ReadonlyArray<string>): string =>
  `CONSTRAINT ${pgIdentifier(name)} EXCLUDE USING btree (${columns
    .map((c) => `${pgIdentifier(c)} WITH =`)
    .join(', ')}) WHERE (false)`

/** Translates the element list of CREATE TABLE; returns the domains its columns need. */
const translateElements = (
  editor: TokenEditor,
  open: number,
  caseSensitive: boolean,
  table: string,
) => {
  const { items, close } = listItems(editor, open)
  const domains: string[] = []
  const columnEnds = new Map<string, number>()
  const notNull: string[] = []
  const dropped: number[] = []
  let primaryKey: { name: string; columns: ReadonlyArray<string> } | undefined
  items.forEach((item, index) => {
    const first = editor.word(item.from)
    const head = editor.sig[item.from]
    if (first === 'like') return
    if (TABLE_CONSTRAINTS.has(first) && head?.kind === 'word') {
      const kind = first === 'constraint' ? editor.word(item.from + 2) : first
      if (kind === 'check') return
      if (kind === 'primary') {
        const keyOpen = editor.sig.findIndex((t, i) => i > item.from && t.value === '(')
        const keys: string[] = []
        for (const key of listItems(editor, keyOpen).items) {
          const token = editor.sig[key.from]
          if (token) keys.push(identifierName(token, caseSensitive))
        }
        notNull.push(...keys)
        const named = first === 'constraint' ? editor.sig[item.from + 1] : undefined
        primaryKey ??= {
          name: named ? identifierName(named, caseSensitive) : `${table}_pkey`,
          columns: keys,
        }
      }
      dropped.push(index)
      return
    }
    for (let j = item.from + 1; j < item.to - 1; j++) {
      if (head && editor.word(j) === 'primary' && editor.word(j + 1) === 'key') {
        primaryKey ??= {
          name: `${table}_pkey`,
          columns: [identifierName(head, caseSensitive)],
        }
      }
    }
    const column = translateColumnDefinition(editor, item.from, item.to)
    if (head && !column.notNull) columnEnds.set(identifierName(head, caseSensitive), item.to - 1)
    domains.push(...column.domains)
  })
  for (const index of dropped) {
    const item = items[index] as { from: number; to: number }
    // Take the comma before the item, or after it when it is the first one.
    if (index > 0) editor.remove(item.from - 1, item.to)
    else editor.remove(item.from, Math.min(item.to + 1, close - 1))
  }
  for (const column of notNull) {
    const end = columnEnds.get(column)
    if (end !== undefined) editor.insertAfter(end, 'NOT NULL')
  }
  if (primaryKey !== undefined) {
    editor.insertBefore(close - 1, `, ${primaryKeyConstraint(primaryKey.name, primaryKey.columns)}`)
  }
  return { domains, close }
}

/** CREATE [TEMP] TABLE, CREATE TABLE #name, CTAS and views, as PostgreSQL runs them. */
export const translateCreate = (editor: TokenEditor, context: TranslateContext): StatementPlan => {
  let i = 1
  if (editor.word(1) === 'or' && editor.word(2) === 'replace') i = 3
  const modifiers: number[] = []
  let temp = false
  while (['local', 'temp', 'temporary', 'global'].includes(editor.word(i))) {
    if (editor.word(i) !== 'local' && editor.word(i) !== 'global') temp = true
    modifiers.push(i)
    i++
  }
  const object = editor.word(i)
  const isView = object === 'view' || (object === 'materialized' && editor.word(i + 1) === 'view')
  if (object !== 'table' && !isView) {
    translateExpressions(editor, context)
    return sqlPlan(editor.emit())
  }
  let nameAt = object === 'materialized' ? i + 2 : i + 1
  if (editor.word(nameAt) === 'if' && editor.word(nameAt + 1) === 'not') nameAt += 3
  const name = editor.sig[nameAt]
  if (!name) throw new RedshiftSqlError('ERROR: syntax error at end of input', '42601')
  if (name.kind === 'temp') temp = true
  const qualified = editor.isSymbol(nameAt + 1, '.')
  const nameEnd = qualified ? nameAt + 3 : nameAt + 1
  let createsTemp = false
  if (temp && context.tempSchema) {
    if (qualified) {
      throw new RedshiftSqlError(
        'ERROR: cannot create temporary relation in non-temporary schema',
        '42P16',
      )
    }
    for (const m of modifiers) editor.remove(m, m + 1)
    editor.replace(nameAt, `${pgIdentifier(context.tempSchema)}.${editor.emitToken(name)}`)
    createsTemp = true
  } else if (temp && name.kind === 'temp') {
    editor.insertBefore(i, 'TEMP')
  } else if (!qualified && context.tempSchema) {
    editor.replace(nameAt, `${DEFAULT_SCHEMA_SLOT}.${editor.emitToken(name)}`)
  }
  let domains: ReadonlyArray<string> = []
  if (isView) {
    const n = editor.sig.length
    if (editor.word(n - 3) === 'no' && editor.word(n - 2) === 'schema') editor.remove(n - 5, n)
  } else if (editor.isSymbol(nameEnd, '(')) {
    const elements = translateElements(
      editor,
      nameEnd,
      context.caseSensitive,
      identifierName((qualified ? editor.sig[nameAt + 2] : name) ?? name, context.caseSensitive),
    )
    domains = elements.domains
    removeTableAttributes(editor, elements.close)
  } else removeTableAttributes(editor, nameEnd)
  translateExpressions(editor, context, nameEnd)
  return sqlPlan(editor.emit(), { domains, createsTemp })
}
