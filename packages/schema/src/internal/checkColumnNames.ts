import type { DefinitionLayout } from './layout.js'
import { foldAscii, quoted } from './names.js'
import type { ProblemList } from './ProblemList.js'
import type { ResolvedColumn } from './resolveColumn.js'

const groupBy = <T>(items: ReadonlyArray<T>, key: (item: T) => string | undefined) => {
  const groups = new Map<string, Array<T>>()
  for (const item of items) {
    const k = key(item)
    if (k === undefined) continue
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return [...groups.values()].filter((group) => group.length > 1)
}

const list = (columns: ReadonlyArray<ResolvedColumn>): string =>
  columns.map((c) => quoted(c.property)).join(', ')

/**
 * Checks names between columns: two columns that Redshift folds to one name (each reported),
 * and property names that rows could not tell apart from another column (a property that is,
 * once folded, another column's name, as when `.columnName()` swaps two names; or two
 * renamed properties differing only in case). Returns the columns reported.
 */
export const checkColumnNames = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: ReadonlyArray<ResolvedColumn>,
): ReadonlySet<ResolvedColumn> => {
  const reported = new Set<ResolvedColumn>()
  const noun = layout.noun
  for (const group of groupBy(columns, (c) => c.folded)) {
    for (const column of group) {
      const others = group.filter((c) => c !== column)
      reported.add(column)
      problems.error(
        column.namePath,
        `Column ${quoted(column.folded ?? '')} of ${noun} ${quoted(column.property)} is also the column of ` +
          `${noun} ${list(others)}: Redshift folds names to lowercase, so they are one column.`,
        `Rename one of them, or ${layout.renameColumn(column.property, `${column.folded}_2`)}.`,
      )
    }
  }

  // Rows name columns by property (exact, then folded): a property must not be, once folded,
  // the name of any other column, and renamed properties must differ once folded.
  const byFoldedName = new Map<string, ResolvedColumn>()
  for (const column of columns) {
    if (column.folded !== undefined && !reported.has(column)) {
      byFoldedName.set(column.folded, column)
    }
  }
  const renamed = columns.filter(
    (c) => c.folded !== undefined && c.property !== c.folded && !reported.has(c),
  )
  for (const column of renamed) {
    const other = byFoldedName.get(foldAscii(column.property))
    if (other === undefined || other === column) continue
    reported.add(column)
    problems.error(
      column.path,
      `${noun === 'field' ? 'Field' : 'Property'} ${quoted(column.property)} is stored in column ` +
        `${quoted(column.folded ?? '')}, but ${quoted(foldAscii(column.property))} is the column of ` +
        `${noun} ${quoted(other.property)}: rows and SQL would mean different columns by one name.`,
      `Use ${noun} names that are not other columns' names: rename ${noun} ${quoted(column.property)}, ` +
        'or change the .columnName() of one of them.',
    )
  }
  for (const group of groupBy(
    renamed.filter((c) => !reported.has(c)),
    (c) => foldAscii(c.property),
  )) {
    for (const column of group) {
      problems.error(
        column.path,
        `${noun === 'field' ? 'Field' : 'Property'} ${quoted(column.property)} differs only in case ` +
          `from ${list(group.filter((c) => c !== column))}: rows that spell it in another case could not be matched.`,
        `Rename one of them so they differ in more than case.`,
      )
    }
  }
  return reported
}
