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

/** Translates the element list of CREATE TABLE; returns the domains its columns need. */
const translateElements = (editor: TokenEditor, open: number, caseSensitive: boolean) => {
  const { items, close } = listItems(editor, open)
  const domains: string[] = []
  const columnEnds = new Map<string, number>()
  const notNull: string[] = []
  const dropped: number[] = []
  items.forEach((item, index) => {
    const first = editor.word(item.from)
    const head = editor.sig[item.from]
    if (first === 'like') return
    if (TABLE_CONSTRAINTS.has(first) && head?.kind === 'word') {
      const kind = first === 'constraint' ? editor.word(item.from + 2) : first
      if (kind === 'check') return
      if (kind === 'primary') {
        const keyOpen = editor.sig.findIndex((t, i) => i > item.from && t.value === '(')
        for (const key of listItems(editor, keyOpen).items) {
          const token = editor.sig[key.from]
          if (token) notNull.push(identifierName(token, caseSensitive))
        }
      }
      dropped.push(index)
      return
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
    const elements = translateElements(editor, nameEnd, context.caseSensitive)
    domains = elements.domains
    removeTableAttributes(editor, elements.close)
  } else removeTableAttributes(editor, nameEnd)
  translateExpressions(editor, context, nameEnd)
  return sqlPlan(editor.emit(), { domains, createsTemp })
}
