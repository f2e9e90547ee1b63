import type { DistStyle, SortKey } from '@redstore/sql'
import type { SchemaPath } from '../SchemaProblem.js'
import type { TableDefinition } from '../TableDefinition.js'
import type { DefinitionLayout } from './layout.js'
import { describeValue, foldAscii, quoted } from './names.js'
import type { ProblemList } from './ProblemList.js'
import type { ResolvedColumn } from './resolveColumn.js'

/** Keys, dist and sort keys as database column names, when all are valid. */
export interface ResolvedKeys {
  readonly keys: ReadonlyArray<string>
  readonly distStyle: DistStyle | undefined
  readonly distKey: string | undefined
  readonly sortKey: SortKey | undefined
}

/** Columns by property; `undefined` for an entry that is not a valid column builder. */
export type ColumnsByProperty = ReadonlyMap<string, ResolvedColumn | undefined>

interface KeyRole {
  /** How a message names the list: 'Unique key', 'Sort key', 'Dist key'. */
  readonly label: string
  readonly nullableAllowed: boolean
}

const suggestion = (columns: ColumnsByProperty, given: string): string => {
  const folded = foldAscii(given)
  for (const [property, column] of columns) {
    if (foldAscii(property) === folded || column?.folded === folded) {
      return ` Did you mean ${quoted(property)}?`
    }
  }
  return ''
}

/** Checks one key entry; returns the database column name when it is valid. */
const checkKeyEntry = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: ColumnsByProperty,
  role: KeyRole,
  path: SchemaPath,
  entry: unknown,
): string | undefined => {
  if (typeof entry !== 'string') {
    problems.error(
      path,
      `${role.label} ${describeValue(entry)} is not a ${layout.noun} name.`,
      `Name a ${layout.noun} of ${layout.columns} as a string.`,
    )
    return undefined
  }
  if (!columns.has(entry)) {
    problems.error(
      path,
      `${role.label} ${quoted(entry)} is not a ${layout.noun} of ${layout.columns}.${suggestion(columns, entry)}`,
      `Name a ${layout.noun} of ${layout.columns} exactly as written there (not its column name).`,
    )
    return undefined
  }
  const column = columns.get(entry)
  if (column === undefined) return undefined
  if (column.type?.kind === 'super') {
    problems.error(
      path,
      `${role.label} ${quoted(entry)} is a SUPER (json) column, which cannot be a ${role.label.toLowerCase()}.`,
      role.nullableAllowed
        ? 'Pick a scalar column.'
        : 'Pick a scalar column, or store the value to match on in its own column.',
    )
    return undefined
  }
  if (!role.nullableAllowed && column.nullable) {
    problems.error(
      path,
      `${role.label} ${quoted(entry)} is nullable: NULL keys never match in MERGE, so such rows would be inserted again on every run.`,
      `Remove .nullable() from ${layout.noun} ${quoted(entry)}, or pick another key.`,
    )
    return undefined
  }
  return column.folded
}

/** Checks a list of key entries: each one, and repeats. Returns folded names when all valid. */
const checkKeyList = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: ColumnsByProperty,
  role: KeyRole,
  path: SchemaPath,
  entries: ReadonlyArray<unknown>,
): ReadonlyArray<string> | undefined => {
  const names: Array<string> = []
  const seen = new Map<unknown, number>()
  let valid = true
  entries.forEach((entry, index) => {
    const at = [...path, index]
    const earlier = seen.get(entry)
    if (earlier !== undefined) {
      problems.error(
        at,
        `${role.label} ${typeof entry === 'string' ? quoted(entry) : String(entry)} is listed twice (also at index ${earlier}).`,
        'List each key once.',
      )
      valid = false
      return
    }
    seen.set(entry, index)
    const name = checkKeyEntry(problems, layout, columns, role, at, entry)
    if (name === undefined) valid = false
    else names.push(name)
  })
  return valid ? names : undefined
}

const uniqueKey: KeyRole = { label: 'Unique key', nullableAllowed: false }
const distKeyRole: KeyRole = { label: 'Dist key', nullableAllowed: true }
const sortKeyRole: KeyRole = { label: 'Sort key', nullableAllowed: true }

const checkUniqueKeys = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: ColumnsByProperty,
  given: unknown,
): ReadonlyArray<string> | undefined => {
  if (given !== undefined && !Array.isArray(given)) {
    problems.error(
      ['uniqueKeys'],
      `uniqueKeys is ${describeValue(given)}, not a list of ${layout.noun} names.`,
      "List the properties that identify a row, e.g. uniqueKeys: ['id'].",
    )
    return undefined
  }
  if (given === undefined || given.length === 0) {
    problems.error(
      ['uniqueKeys'],
      'The table has no unique keys: MERGE needs at least one key column to match stored rows.',
      `List the ${layout.nouns} that identify a row, e.g. uniqueKeys: ['id'].`,
    )
    return undefined
  }
  return checkKeyList(problems, layout, columns, uniqueKey, ['uniqueKeys'], given)
}

const distStyles: ReadonlyArray<string> = ['AUTO', 'EVEN', 'KEY', 'ALL']

const checkDistribution = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: ColumnsByProperty,
  definition: TableDefinition,
): { readonly ok: boolean; readonly distStyle?: DistStyle; readonly distKey?: string } => {
  const { distStyle, distKey } = definition
  let ok = true
  if (distStyle !== undefined && !distStyles.includes(distStyle)) {
    problems.error(
      ['distStyle'],
      `distStyle ${typeof distStyle === 'string' ? quoted(distStyle) : describeValue(distStyle)} is not a Redshift distribution style.`,
      `Use one of ${distStyles.join(', ')}.`,
    )
    ok = false
  }
  let key: string | undefined
  if (distKey !== undefined) {
    key = checkKeyEntry(problems, layout, columns, distKeyRole, ['distKey'], distKey)
    if (key === undefined) ok = false
    else if (distStyle !== undefined && distStyle !== 'KEY') {
      problems.error(
        ['distStyle'],
        `distStyle ${quoted(String(distStyle))} cannot have a distKey: a dist key needs DISTSTYLE KEY.`,
        "Remove distStyle (a distKey implies 'KEY'), or remove the distKey.",
      )
      ok = false
    }
  } else if (distStyle === 'KEY') {
    problems.error(
      ['distStyle'],
      "distStyle 'KEY' needs a distKey: the column rows are distributed by.",
      `Add distKey: '<${layout.noun}>', or use another distStyle.`,
    )
    ok = false
  }
  if (!ok) return { ok }
  return {
    ok,
    ...(distStyle === undefined ? {} : { distStyle }),
    ...(key === undefined ? {} : { distKey: key }),
  }
}

const sortLimits = { COMPOUND: 400, INTERLEAVED: 8 } as const

const checkSortKey = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: ColumnsByProperty,
  given: unknown,
): { readonly ok: boolean; readonly sortKey?: SortKey } => {
  if (given === undefined) return { ok: true }
  if (given === 'AUTO') return { ok: true, sortKey: 'AUTO' }
  let style: unknown = 'COMPOUND'
  let entries: unknown = given
  let listPath: SchemaPath = ['sortKey']
  if (typeof given === 'object' && given !== null && !Array.isArray(given)) {
    style = (given as { style?: unknown }).style
    entries = (given as { columns?: unknown }).columns
    listPath = ['sortKey', 'columns']
  }
  if (!Array.isArray(entries)) {
    const what =
      listPath.length > 1
        ? `sortKey.columns is ${describeValue(entries)}`
        : `sortKey is ${typeof given === 'string' ? quoted(given) : describeValue(given)}`
    problems.error(
      listPath,
      `${what}, not a list of ${layout.nouns}.`,
      "Use a list of properties (COMPOUND), { style: 'INTERLEAVED', columns: [...] }, or 'AUTO'.",
    )
    return { ok: false }
  }
  if (style !== 'COMPOUND' && style !== 'INTERLEAVED') {
    problems.error(
      ['sortKey', 'style'],
      `Sort key style ${typeof style === 'string' ? quoted(style) : describeValue(style)} is not COMPOUND or INTERLEAVED.`,
      "Use style: 'COMPOUND' or 'INTERLEAVED'.",
    )
    return { ok: false }
  }
  const max = sortLimits[style]
  if (entries.length === 0 || entries.length > max) {
    problems.error(
      listPath,
      `${style} sort keys take 1 to ${max} columns; this one has ${entries.length}.`,
      entries.length === 0 ? "List at least one column, or use 'AUTO'." : `Keep the first ${max}.`,
    )
  }
  const names = checkKeyList(problems, layout, columns, sortKeyRole, listPath, entries)
  if (names === undefined || entries.length === 0 || entries.length > max) return { ok: false }
  return { ok: true, sortKey: { style, columns: names } }
}

/** Checks unique, dist and sort keys against the columns; every problem is reported. */
export const checkKeys = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: ColumnsByProperty,
  definition: TableDefinition,
): ResolvedKeys | undefined => {
  const keys = checkUniqueKeys(problems, layout, columns, definition.uniqueKeys)
  const distribution = checkDistribution(problems, layout, columns, definition)
  const sort = checkSortKey(problems, layout, columns, definition.sortKey)
  if (keys === undefined || !distribution.ok || !sort.ok) return undefined
  return {
    keys,
    distStyle: distribution.distStyle,
    distKey: distribution.distKey,
    sortKey: sort.sortKey,
  }
}
