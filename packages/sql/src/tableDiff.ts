import {
  addColumn,
  commentOnColumn,
  commentStatements,
  createSchema,
  createTable,
  widenVarchar,
} from './ddl.js'
import type { LiveColumn, LiveTable } from './liveTable.js'
import type { ColumnModel, TableModel } from './TableModel.js'
import { formatType, type RedshiftType } from './types/RedshiftType.js'

/**
 * A VARCHAR column the model wants wider than it is.
 *
 * @example
 * ```ts
 * const widening: ColumnWidening = { column: 'note', from: 100, to: 1000 }
 * ```
 */
export interface ColumnWidening {
  readonly column: string
  readonly from: number
  readonly to: number
}

/**
 * A live column whose type cannot hold what the model writes, with what to do about it.
 *
 * @example
 * ```ts
 * const conflict: ColumnConflict = { column: 'id', modelType: 'BIGINT', liveType: 'int4', reason: '...', fix: '...' }
 * ```
 */
export interface ColumnConflict {
  readonly column: string
  readonly modelType: string
  readonly liveType: string
  readonly reason: string
  readonly fix: string
}

/**
 * What separates the live table from the model. redstore only ever adds: it creates what is
 * missing, adds columns, widens VARCHAR; it never drops or narrows anything.
 *
 * @example
 * ```ts
 * const diff = diffTable(model, live)
 * if (diff.conflicts.length > 0) throw new Error(diff.conflicts[0].fix)
 * ```
 */
export interface TableDiff {
  /** False when the table does not exist (CREATE SCHEMA / TABLE is due). */
  readonly tableExists: boolean
  /** Model columns the live table lacks, in model order. */
  readonly addColumns: ReadonlyArray<ColumnModel>
  /** VARCHAR columns to widen (outside any transaction block). */
  readonly widenColumns: ReadonlyArray<ColumnWidening>
  /** Columns whose live type or nullability cannot take the model's values. */
  readonly conflicts: ReadonlyArray<ColumnConflict>
  /** Live columns the model does not have: left alone. */
  readonly extraColumns: ReadonlyArray<LiveColumn>
}

/**
 * The statements that bring a live table to the model: `transactional` may run as one
 * TRANSACTION batch; each of `standalone` (VARCHAR widening) must run on its own, outside a
 * transaction block.
 *
 * @example
 * ```ts
 * const { transactional, standalone } = evolutionStatements(model, diffTable(model, live))
 * ```
 */
export interface EvolutionStatements {
  readonly transactional: ReadonlyArray<string>
  readonly standalone: ReadonlyArray<string>
}

const integerRank: Partial<Record<RedshiftType['kind'], number>> = {
  smallint: 1,
  integer: 2,
  bigint: 3,
}

type Fit =
  | { readonly fit: 'yes' }
  | { readonly fit: 'widen'; readonly from: number; readonly to: number }
  | { readonly fit: 'no'; readonly reason: string }

const no = (reason: string): Fit => ({ fit: 'no', reason })
const yes: Fit = { fit: 'yes' }

/** Whether a live column of type `live` holds every value the model writes for type `model`. */
const fits = (model: RedshiftType, live: RedshiftType): Fit => {
  const modelRank = integerRank[model.kind]
  const liveRank = integerRank[live.kind]
  if (modelRank !== undefined && liveRank !== undefined) {
    return liveRank >= modelRank ? yes : no('the live integer type is narrower')
  }
  if (model.kind === 'real' && live.kind === 'double') return yes
  if (model.kind !== live.kind) return no('the types differ')
  switch (model.kind) {
    case 'varchar': {
      const length = (live as { length: number }).length
      return length >= model.length ? yes : { fit: 'widen', from: length, to: model.length }
    }
    case 'char':
    case 'varbyte': {
      const length = (live as { length: number }).length
      return length >= model.length
        ? yes
        : no(`the live column holds ${length} bytes, the model ${model.length}`)
    }
    case 'decimal': {
      const l = live as { precision: number; scale: number }
      if (l.scale < model.scale)
        return no(`the live scale ${l.scale} is under the model's ${model.scale}`)
      if (l.precision - l.scale < model.precision - model.scale) {
        return no('the live type has fewer integer digits')
      }
      return yes
    }
    default:
      return yes
  }
}

const conflictOf = (
  column: ColumnModel,
  live: LiveColumn,
  reason: string,
  fix: string,
): ColumnConflict => ({
  column: column.name,
  modelType: formatType(column.type),
  liveType: live.typeText,
  reason,
  fix,
})

/**
 * Compares the model with the live table (undefined: the table does not exist). Pure: the
 * caller reads the live table (one DescribeTable call) and applies `evolutionStatements`.
 *
 * @example
 * ```ts
 * const diff = diffTable(model, liveTableOf(model, columnList))
 * diff.addColumns.map((c) => c.name) // ['email']
 * ```
 */
export const diffTable = (model: TableModel, live: LiveTable | undefined): TableDiff => {
  if (live === undefined) {
    return {
      tableExists: false,
      addColumns: model.columns,
      widenColumns: [],
      conflicts: [],
      extraColumns: [],
    }
  }
  const liveByName = new Map(live.columns.map((c) => [c.name, c] as const))
  const modelNames = new Set(model.columns.map((c) => c.name))
  const addColumns: Array<ColumnModel> = []
  const widenColumns: Array<ColumnWidening> = []
  const conflicts: Array<ColumnConflict> = []
  for (const column of model.columns) {
    const liveColumn = liveByName.get(column.name)
    if (liveColumn === undefined) {
      addColumns.push(column)
      continue
    }
    const modelType = formatType(column.type)
    if (liveColumn.type === undefined) {
      conflicts.push(
        conflictOf(
          column,
          liveColumn,
          'the live type is not one redstore writes',
          `change the model's type of "${column.name}" to match, or migrate the column to ${modelType}`,
        ),
      )
      continue
    }
    const fit = fits(column.type, liveColumn.type)
    if (fit.fit === 'no') {
      conflicts.push(
        conflictOf(
          column,
          liveColumn,
          fit.reason,
          `change the model's type of "${column.name}" to ${formatType(liveColumn.type)} (what the table has), or migrate the column to ${modelType} yourself; redstore never narrows or retypes a column`,
        ),
      )
    } else if (fit.fit === 'widen') {
      widenColumns.push({ column: column.name, from: fit.from, to: fit.to })
    }
    if (column.nullable && !liveColumn.nullable && !model.keys.includes(column.name)) {
      conflicts.push(
        conflictOf(
          column,
          liveColumn,
          'the live column is NOT NULL but the model lets it be null (a null or a new row without it would fail)',
          `mark "${column.name}" NOT NULL in the model (nullable: false)`,
        ),
      )
    }
  }
  const extraColumns = live.columns.filter((c) => !modelNames.has(c.name))
  return { tableExists: true, addColumns, widenColumns, conflicts, extraColumns }
}

/**
 * True when the live table needs nothing.
 *
 * @example
 * ```ts
 * if (!tableNeedsChanges(diff)) console.log('up to date')
 * ```
 */
export const tableNeedsChanges = (diff: TableDiff): boolean =>
  !diff.tableExists || diff.addColumns.length > 0 || diff.widenColumns.length > 0

/**
 * The statements that apply a diff (see `EvolutionStatements`); conflicts are not resolved here.
 *
 * @example
 * ```ts
 * evolutionStatements(model, diffTable(model, undefined)).transactional
 * // ['CREATE SCHEMA IF NOT EXISTS "public"', 'CREATE TABLE IF NOT EXISTS "public"."users" (...)']
 * ```
 */
export const evolutionStatements = (model: TableModel, diff: TableDiff): EvolutionStatements => {
  if (!diff.tableExists) {
    return {
      transactional: [createSchema(model.schema), createTable(model), ...commentStatements(model)],
      standalone: [],
    }
  }
  return {
    transactional: diff.addColumns.flatMap((c) => [
      addColumn(model, c.name),
      ...(c.comment === undefined ? [] : [commentOnColumn(model, c.name, c.comment)]),
    ]),
    standalone: diff.widenColumns.map((w) => widenVarchar(model, w.column, w.to)),
  }
}
