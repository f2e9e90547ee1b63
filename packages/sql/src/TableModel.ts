import { findIdentCollisions, normalizeIdent } from './identifier.js'
import { foldAscii } from './internal/foldAscii.js'
import { DuplicateColumnError, InvalidTableModelError, InvalidTypeError } from './SqlError.js'
import { parseRedshiftType } from './types/parseRedshiftType.js'
import { formatType, type RedshiftType } from './types/RedshiftType.js'

/**
 * Redshift's limit on columns per table.
 *
 * @example
 * ```ts
 * if (columns.length > MAX_COLUMNS) console.warn('split the table')
 * ```
 */
export const MAX_COLUMNS = 1600

/**
 * Column compression encodings Redshift accepts in `ENCODE`.
 *
 * @example
 * ```ts
 * columnEncodings.includes('ZSTD') // true
 * ```
 */
export const columnEncodings = [
  'RAW',
  'AZ64',
  'BYTEDICT',
  'DELTA',
  'DELTA32K',
  'LZO',
  'MOSTLY8',
  'MOSTLY16',
  'MOSTLY32',
  'RUNLENGTH',
  'TEXT255',
  'TEXT32K',
  'ZSTD',
] as const

/**
 * A column compression encoding.
 *
 * @example
 * ```ts
 * const encode: ColumnEncoding = 'ZSTD'
 * ```
 */
export type ColumnEncoding = (typeof columnEncodings)[number]

/**
 * A table's schema and name.
 *
 * @example
 * ```ts
 * const ref: TableRef = { schema: 'public', name: 'events' }
 * ```
 */
export interface TableRef {
  readonly schema: string
  readonly name: string
}

/**
 * A normalized column: folded name, resolved type.
 *
 * @example
 * ```ts
 * const column: ColumnModel = { name: 'id', type: { kind: 'bigint' }, nullable: false }
 * ```
 */
export interface ColumnModel {
  readonly name: string
  readonly type: RedshiftType
  readonly nullable: boolean
  readonly comment?: string
  readonly encode?: ColumnEncoding
  /**
   * The property rows and records use for this column, present only when it differs from
   * `name` (a DSL property `customerEmail` for column `customeremail`). See `columnField`.
   */
  readonly field?: string
}

/**
 * The name rows and records use for a column: its `field` when it has one, else its name.
 *
 * @example
 * ```ts
 * columnField({ name: 'email_address', field: 'email', type: { kind: 'varchar', length: 320 }, nullable: true }) // 'email'
 * columnField({ name: 'id', type: { kind: 'bigint' }, nullable: false }) // 'id'
 * ```
 */
export const columnField = (column: ColumnModel): string => column.field ?? column.name

/**
 * A sort key: `AUTO`, or COMPOUND / INTERLEAVED over columns.
 *
 * @example
 * ```ts
 * const sortKey: SortKey = { style: 'COMPOUND', columns: ['created_at'] }
 * ```
 */
export type SortKey =
  | 'AUTO'
  | { readonly style: 'COMPOUND' | 'INTERLEAVED'; readonly columns: ReadonlyArray<string> }

/**
 * A table's distribution style.
 *
 * @example
 * ```ts
 * const distStyle: DistStyle = 'KEY'
 * ```
 */
export type DistStyle = 'AUTO' | 'EVEN' | 'KEY' | 'ALL'

/**
 * The plain, normalized table model every builder takes. Build it with `normalizeTableModel`,
 * which folds names and checks consistency; builders assume a model built that way.
 *
 * @example
 * ```ts
 * const model: TableModel = normalizeTableModel({
 *   schema: 'public', name: 'users', keys: ['id'],
 *   columns: [{ name: 'id', type: 'BIGINT' }, { name: 'email', type: 'VARCHAR(320)' }],
 * })
 * ```
 */
export interface TableModel extends TableRef {
  readonly columns: ReadonlyArray<ColumnModel>
  /** Unique key columns (PRIMARY KEY, informational in Redshift; the MERGE match columns). */
  readonly keys: ReadonlyArray<string>
  readonly comment?: string
  readonly distStyle?: DistStyle
  readonly distKey?: string
  readonly sortKey?: SortKey
}

/**
 * A column as a caller describes it: the type may be text, nullability defaults to true
 * (key columns are always NOT NULL).
 *
 * @example
 * ```ts
 * const column: ColumnInput = { name: 'price', type: 'DECIMAL(10,2)', encode: 'az64' }
 * ```
 */
export interface ColumnInput {
  readonly name: string
  readonly type: RedshiftType | string
  readonly nullable?: boolean | undefined
  readonly comment?: string | undefined
  readonly encode?: ColumnEncoding | Lowercase<ColumnEncoding> | undefined
  /** The property rows use for the column when it is not the column's name. */
  readonly field?: string | undefined
}

/**
 * A table as a caller describes it, before normalization.
 *
 * @example
 * ```ts
 * const input: TableModelInput = { schema: 's', name: 't', columns: [{ name: 'id', type: 'INT' }] }
 * ```
 */
export interface TableModelInput {
  readonly schema: string
  readonly name: string
  readonly columns: ReadonlyArray<ColumnInput>
  readonly keys?: ReadonlyArray<string> | undefined
  readonly comment?: string | undefined
  readonly distStyle?: DistStyle | undefined
  readonly distKey?: string | undefined
  readonly sortKey?: SortKey | undefined
}

/**
 * `schema.name` of a table, for messages.
 *
 * @example
 * ```ts
 * tableLabel({ schema: 'public', name: 'events' }) // 'public.events'
 * ```
 */
export const tableLabel = (table: TableRef): string => `${table.schema}.${table.name}`

const noUnsortableKey = (label: string, column: ColumnModel, role: string): void => {
  if (column.type.kind === 'super') {
    throw new InvalidTableModelError({
      table: label,
      reason: `SUPER column "${column.name}" cannot be a ${role}; pick a scalar column`,
    })
  }
}

const resolveColumnList = (
  label: string,
  byName: ReadonlyMap<string, ColumnModel>,
  names: ReadonlyArray<string>,
  role: string,
): ReadonlyArray<string> => {
  const folded = names.map((name) => {
    const normalized = normalizeIdent(name)
    const column = byName.get(normalized)
    if (column === undefined) {
      throw new InvalidTableModelError({
        table: label,
        reason: `${role} "${name}" is not a column of the table`,
      })
    }
    noUnsortableKey(label, column, role)
    return normalized
  })
  const repeated = findIdentCollisions(folded)[0]
  if (repeated !== undefined) {
    throw new InvalidTableModelError({
      table: label,
      reason: `${role} "${repeated.normalized}" is listed more than once`,
    })
  }
  return folded
}

const normalizeColumn = (label: string, input: ColumnInput, isKey: boolean): ColumnModel => {
  const name = normalizeIdent(input.name)
  let type: RedshiftType
  try {
    type = typeof input.type === 'string' ? parseRedshiftType(input.type) : input.type
    parseRedshiftType(formatType(type))
  } catch (error) {
    if (InvalidTypeError.is(error)) {
      throw new InvalidTypeError({ type: error.type, reason: error.reason, column: name })
    }
    throw error
  }
  if (isKey && input.nullable === true) {
    throw new InvalidTableModelError({
      table: label,
      reason: `key column "${name}" is marked nullable; key columns are always NOT NULL`,
    })
  }
  const encode = input.encode?.toUpperCase()
  if (encode !== undefined && !(columnEncodings as ReadonlyArray<string>).includes(encode)) {
    throw new InvalidTableModelError({
      table: label,
      reason: `column "${name}" has unknown ENCODE ${JSON.stringify(input.encode)}; use one of ${columnEncodings.join(', ')}`,
    })
  }
  const field = input.field
  if (field !== undefined && (typeof field !== 'string' || field === '')) {
    throw new InvalidTableModelError({
      table: label,
      reason: `column "${name}" has field ${JSON.stringify(field) ?? String(field)}; a field is a non-empty property name`,
    })
  }
  return {
    name,
    type,
    nullable: isKey ? false : (input.nullable ?? true),
    ...(input.comment === undefined ? {} : { comment: input.comment }),
    ...(encode === undefined ? {} : { encode: encode as ColumnEncoding }),
    ...(field === undefined || field === name ? {} : { field }),
  }
}

// Rows match a column by its field exactly, then folded: each folded field must name one column.
const checkFields = (label: string, columns: ReadonlyArray<ColumnModel>): void => {
  const byName = new Map(columns.map((c) => [c.name, c] as const))
  const byFoldedField = new Map<string, ColumnModel>()
  for (const column of columns) {
    if (column.field === undefined) continue
    const folded = foldAscii(column.field)
    const named = byName.get(folded)
    if (named !== undefined && named !== column) {
      throw new InvalidTableModelError({
        table: label,
        reason:
          `column "${column.name}" takes row field ${JSON.stringify(column.field)}, which is the ` +
          `name of column "${named.name}"; rows could not tell them apart, so rename one of them`,
      })
    }
    const earlier = byFoldedField.get(folded)
    if (earlier !== undefined) {
      throw new InvalidTableModelError({
        table: label,
        reason:
          `columns "${earlier.name}" and "${column.name}" take row fields ` +
          `${JSON.stringify(earlier.field)} and ${JSON.stringify(column.field)}, which are one ` +
          'field once folded to lowercase; rename one of them',
      })
    }
    byFoldedField.set(folded, column)
  }
}

/**
 * Normalizes and validates a table description: folds schema, table and column names as
 * Redshift does, parses types, rejects folded-name collisions, unknown keys, dist or sort key
 * columns, and more than 1600 columns. A column's `field` is kept when it differs from the
 * folded name; two fields that fold alike, or a field naming another column, are rejected.
 * Normalizing a normalized model gives an equal model.
 *
 * @throws InvalidIdentifierError, InvalidTypeError, DuplicateColumnError, InvalidTableModelError
 * @example
 * ```ts
 * const model = normalizeTableModel({
 *   schema: 'Analytics', name: 'Events', keys: ['eventId'],
 *   columns: [{ name: 'eventId', type: 'BIGINT' }, { name: 'payload', type: 'SUPER' }],
 * })
 * model.name          // 'events'
 * model.columns[0]    // { name: 'eventid', type: { kind: 'bigint' }, nullable: false }
 * ```
 */
export const normalizeTableModel = (input: TableModelInput): TableModel => {
  const schema = normalizeIdent(input.schema)
  const name = normalizeIdent(input.name)
  const label = `${schema}.${name}`
  if (input.columns.length === 0) {
    throw new InvalidTableModelError({ table: label, reason: 'it has no columns' })
  }
  if (input.columns.length > MAX_COLUMNS) {
    throw new InvalidTableModelError({
      table: label,
      reason: `it has ${input.columns.length} columns, over Redshift's ${MAX_COLUMNS}`,
    })
  }
  const collision = findIdentCollisions(input.columns.map((c) => c.name))[0]
  if (collision !== undefined) {
    throw new DuplicateColumnError({ ...collision, where: `table ${label}` })
  }
  const keyNames = new Set((input.keys ?? []).map(normalizeIdent))
  const columns = input.columns.map((c) =>
    normalizeColumn(label, c, keyNames.has(normalizeIdent(c.name))),
  )
  checkFields(label, columns)
  const byName = new Map(columns.map((c) => [c.name, c] as const))
  const keys = resolveColumnList(label, byName, input.keys ?? [], 'key column')

  let distKey: string | undefined
  if (input.distKey !== undefined) {
    ;[distKey] = resolveColumnList(label, byName, [input.distKey], 'DISTKEY column')
  }
  const distStyle = input.distStyle ?? (distKey === undefined ? undefined : 'KEY')
  if (distStyle === 'KEY' && distKey === undefined) {
    throw new InvalidTableModelError({ table: label, reason: 'DISTSTYLE KEY needs a distKey' })
  }
  if (distStyle !== 'KEY' && distKey !== undefined) {
    throw new InvalidTableModelError({
      table: label,
      reason: `a distKey needs DISTSTYLE KEY, not ${distStyle}`,
    })
  }

  let sortKey: SortKey | undefined
  if (input.sortKey === 'AUTO') sortKey = 'AUTO'
  else if (input.sortKey !== undefined) {
    const sortColumns = resolveColumnList(label, byName, input.sortKey.columns, 'SORTKEY column')
    const max = input.sortKey.style === 'INTERLEAVED' ? 8 : 400
    if (sortColumns.length === 0 || sortColumns.length > max) {
      throw new InvalidTableModelError({
        table: label,
        reason: `a ${input.sortKey.style} SORTKEY takes 1 to ${max} columns`,
      })
    }
    sortKey = { style: input.sortKey.style, columns: sortColumns }
  }

  return {
    schema,
    name,
    columns,
    keys,
    ...(input.comment === undefined ? {} : { comment: input.comment }),
    ...(distStyle === undefined ? {} : { distStyle }),
    ...(distKey === undefined ? {} : { distKey }),
    ...(sortKey === undefined ? {} : { sortKey }),
  }
}
