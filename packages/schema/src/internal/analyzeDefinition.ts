import {
  type ColumnInput,
  isReservedWord,
  isSqlError,
  MAX_COLUMNS,
  normalizeTableModel,
  type TableModel,
} from '@redstore/sql'
import type { SchemaPath, SchemaProblem } from '../SchemaProblem.js'
import { isTableDefinition, type TableDefinition } from '../TableDefinition.js'
import { checkColumnNames } from './checkColumnNames.js'
import { checkKeys, type ResolvedKeys } from './checkKeys.js'
import { commentText } from './commentText.js'
import { type DefinitionLayout, layouts } from './layout.js'
import { describeValue, identifierIssue, quoted, unreservedExample } from './names.js'
import { ProblemList } from './ProblemList.js'
import { type ResolvedColumn, resolveColumn } from './resolveColumn.js'

/** Every problem of a definition, and its model when it has no errors. */
export interface DefinitionAnalysis {
  readonly problems: ReadonlyArray<SchemaProblem>
  readonly model: TableModel | undefined
}

const checkTableName = (
  problems: ProblemList,
  path: SchemaPath,
  what: 'Schema' | 'Table',
  value: unknown,
): void => {
  if (value === undefined) {
    problems.error(path, `${what} name is missing.`, `Give the ${what.toLowerCase()} a name.`)
    return
  }
  const issue = identifierIssue(value)
  if (issue !== undefined) {
    const subject = typeof value === 'string' ? `${what} name ${quoted(value)}` : `${what} name`
    problems.error(
      path,
      `${subject} ${issue}.`,
      `Use a ${what.toLowerCase()} name of 1 to 127 UTF-8 bytes without NUL characters.`,
    )
    return
  }
  if (isReservedWord(value as string)) {
    const folded = (value as string).toLowerCase()
    problems.warning(
      path,
      `${what} name ${quoted(value as string)} is a Redshift reserved word: every query must quote it, as "${folded}".`,
      `Choose another name, e.g. ${quoted(unreservedExample(folded))}, or quote it in every query you write (the SQL redstore writes always quotes names).`,
    )
  }
}

const resolveColumns = (
  problems: ProblemList,
  layout: DefinitionLayout,
  columns: unknown,
): ReadonlyArray<readonly [string, ResolvedColumn | undefined]> => {
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    problems.error(
      [layout.columns],
      `${layout.columns} is ${describeValue(columns)}, not an object of columns.`,
      layout.noun === 'field'
        ? "Describe the fields as an object, e.g. fields: { id: { type: 'integer' } }."
        : 'Describe the columns as an object, e.g. columns: { id: bigint(), name: string() }.',
    )
    return []
  }
  const entries = Object.entries(columns)
  if (entries.length === 0) {
    problems.error(
      [layout.columns],
      'The table has no columns.',
      `Add at least one ${layout.noun} to ${layout.columns}.`,
    )
  }
  if (entries.length > MAX_COLUMNS) {
    problems.error(
      [layout.columns],
      `The table has ${entries.length} columns, over Redshift's limit of ${MAX_COLUMNS}.`,
      'Split it into tables that share the unique keys, or move rarely used values into a json() column.',
    )
  }
  return entries.map(
    ([property, value]) => [property, resolveColumn(problems, layout, property, value)] as const,
  )
}

const buildModel = (
  definition: TableDefinition,
  comment: string | undefined,
  columns: ReadonlyArray<ResolvedColumn>,
  keys: ResolvedKeys,
): TableModel =>
  normalizeTableModel({
    schema: definition.schema,
    name: definition.name,
    keys: keys.keys,
    columns: columns.map(
      (c): ColumnInput => ({
        name: c.name ?? '',
        type: c.type ?? '',
        nullable: c.nullable,
        comment: c.comment,
        encode: c.encode,
        field: c.property,
      }),
    ),
    comment,
    distStyle: keys.distStyle,
    distKey: keys.distKey,
    sortKey: keys.sortKey,
  })

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member)
    Object.freeze(value)
  }
  return value
}

const analyze = (definition: TableDefinition): DefinitionAnalysis => {
  const problems = new ProblemList()
  const layout = layouts[definition.origin] ?? layouts.table
  for (const option of definition.unknownOptions) {
    problems.error(
      [option],
      `${quoted(option)} is not an option of ${definition.origin === 'owoxSchema' ? 'an OWOX schema' : 'table()'}.`,
      definition.origin === 'owoxSchema'
        ? 'Use table, schema, uniqueKeys, fields and description.'
        : 'Use schema, uniqueKeys, columns, distStyle, distKey, sortKey and description.',
    )
  }
  checkTableName(problems, ['schema'], 'Schema', definition.schema)
  checkTableName(problems, layout.namePath, 'Table', definition.name)
  const comment = commentText(
    problems,
    ['description'],
    'The table description',
    definition.description,
  )
  const entries = resolveColumns(problems, layout, definition.columns)
  const resolved = entries.flatMap(([, c]) => (c === undefined ? [] : [c]))
  checkColumnNames(problems, layout, resolved)
  const keys = checkKeys(problems, layout, new Map(entries), definition)
  if (problems.hasErrors || keys === undefined) {
    return { problems: problems.items, model: undefined }
  }
  try {
    return {
      problems: problems.items,
      model: deepFreeze(buildModel(definition, comment, resolved, keys)),
    }
  } catch (error) {
    if (!isSqlError(error)) throw error
    // What validation does not know, normalizeTableModel still refuses.
    problems.error([], error.message, 'Correct the definition as the message says.')
    return { problems: problems.items, model: undefined }
  }
}

const analyses = new WeakMap<object, DefinitionAnalysis>()

/**
 * Validates a definition in one pass and builds its model when it has no errors; memoized per
 * definition (definitions are frozen), so the model is one object for every caller. Never
 * throws: an unexpected failure is reported as a problem too.
 */
export const analyzeDefinition = (definition: unknown): DefinitionAnalysis => {
  if (!isTableDefinition(definition)) {
    return {
      problems: [
        {
          severity: 'error',
          path: [],
          message: `This is ${describeValue(definition)}, not a table definition.`,
          fix: 'Create it with table() or fromOwoxSchema().',
        },
      ],
      model: undefined,
    }
  }
  const known = analyses.get(definition)
  if (known !== undefined) return known
  let analysis: DefinitionAnalysis
  try {
    analysis = analyze(definition)
  } catch (error) {
    analysis = {
      problems: [
        {
          severity: 'error',
          path: [],
          message: `The definition could not be read: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'Build it from plain values: table(name, { uniqueKeys, columns: { ... } }).',
        },
      ],
      model: undefined,
    }
  }
  analyses.set(definition, analysis)
  return analysis
}
