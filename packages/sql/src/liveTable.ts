import { InvalidTypeError } from './SqlError.js'
import type { TableRef } from './TableModel.js'
import { parseRedshiftType } from './types/parseRedshiftType.js'
import { type RedshiftType, TypeLimits } from './types/RedshiftType.js'

/**
 * A column as the database reports it: the Data API's `ColumnMetadata` (DescribeTable) or a
 * row of `information_schema.columns` mapped to these names.
 *
 * @example
 * ```ts
 * const column: LiveColumnMetadata = { name: 'note', typeName: 'varchar', length: 100, nullable: 1 }
 * ```
 */
export interface LiveColumnMetadata {
  readonly name?: string | undefined
  /** `int8`, `varchar`, `numeric`, `timestamp with time zone`, ... */
  readonly typeName?: string | undefined
  /** Character or byte length, where the service reports one. */
  readonly length?: number | undefined
  /** Precision of DECIMAL; some services report a VARCHAR's length here. */
  readonly precision?: number | undefined
  readonly scale?: number | undefined
  /** 0: NOT NULL, 1: nullable, 2: unknown (read as nullable). */
  readonly nullable?: number | undefined
}

/**
 * A column of the live table.
 *
 * @example
 * ```ts
 * const column: LiveColumn = { name: 'id', type: { kind: 'bigint' }, typeText: 'int8', nullable: false }
 * ```
 */
export interface LiveColumn {
  readonly name: string
  /** The type, or undefined for a type this package does not model (GEOMETRY, HLLSKETCH, ...). */
  readonly type: RedshiftType | undefined
  /** The type as reported, for messages. */
  readonly typeText: string
  readonly nullable: boolean
}

/**
 * A table as it exists in the database.
 *
 * @example
 * ```ts
 * const live: LiveTable = { schema: 'public', name: 'users', columns: [] }
 * ```
 */
export interface LiveTable extends TableRef {
  readonly columns: ReadonlyArray<LiveColumn>
}

const lengthKinds = new Set([
  'varchar',
  'character varying',
  'nvarchar',
  'bpchar',
  'char',
  'character',
  'nchar',
])
const byteKinds = new Set(['varbyte', 'varbinary', 'binary varying'])
const decimalKinds = new Set(['numeric', 'decimal'])

const positive = (n: number | undefined): number | undefined =>
  n !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined

/** Type text with its parameters, from a bare type name and the reported sizes. */
const typeTextOf = (column: LiveColumnMetadata): string => {
  const name = (column.typeName ?? '').trim().toLowerCase()
  if (/\(.*\)$/.test(name)) return name
  const length = positive(column.length) ?? positive(column.precision)
  if (lengthKinds.has(name) && length !== undefined) return `${name}(${length})`
  if (byteKinds.has(name)) {
    // A service that does not report VARBYTE's length leaves it unknown: read it as the maximum.
    return `${name}(${positive(column.length) ?? TypeLimits.maxVarbyteBytes})`
  }
  const precision = positive(column.precision)
  if (decimalKinds.has(name) && precision !== undefined) {
    return `${name}(${precision},${column.scale ?? 0})`
  }
  return name
}

/**
 * One live column from its reported metadata.
 *
 * @example
 * ```ts
 * liveColumnOf({ name: 'price', typeName: 'numeric', precision: 12, scale: 2, nullable: 1 })
 * // { name: 'price', type: { kind: 'decimal', precision: 12, scale: 2 }, typeText: 'numeric(12,2)', nullable: true }
 * ```
 */
export const liveColumnOf = (column: LiveColumnMetadata): LiveColumn => {
  const typeText = typeTextOf(column)
  let type: RedshiftType | undefined
  try {
    type = parseRedshiftType(typeText)
  } catch (error) {
    if (!InvalidTypeError.is(error)) throw error
    type = undefined
  }
  return { name: column.name ?? '', type, typeText, nullable: column.nullable !== 0 }
}

/**
 * The live table from the columns the database reports for it; undefined when it reports none
 * (the table does not exist).
 *
 * @example
 * ```ts
 * const live = liveTableOf({ schema: 'public', name: 'users' }, describeTableOutput.ColumnList ?? [])
 * ```
 */
export const liveTableOf = (
  table: TableRef,
  columns: ReadonlyArray<LiveColumnMetadata>,
): LiveTable | undefined =>
  columns.length === 0
    ? undefined
    : { schema: table.schema, name: table.name, columns: columns.map(liveColumnOf) }
