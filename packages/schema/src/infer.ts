import type { RedshiftTypeKind } from '@redstore/sql'
import type { RecordValueOf, RowValueOf } from './columnValueTypes.js'

/** What inference reads from a column builder: its value kind and nullability. */
interface InferableColumn {
  readonly kind: RedshiftTypeKind
  readonly isNullable: boolean
}

/** What inference reads from a table definition: its columns. */
interface InferableTable {
  readonly columns: { readonly [property: string]: InferableColumn }
}

/** Shows an intersection of mapped types as one plain object type in hovers. */
type Flatten<T> = { [K in keyof T]: T[K] } & {}

/**
 * The type of a column's value in a row (what you write): its kind's row type, `| null` when
 * nullable.
 *
 * @example
 * ```ts
 * type Total = ColumnRowType<typeof orders.columns.total> // string | number
 * ```
 */
export type ColumnRowType<C extends InferableColumn> = C['isNullable'] extends true
  ? RowValueOf<C['kind']> | null
  : RowValueOf<C['kind']>

/**
 * The type of a column's value in a record (what you read back): its kind's record type,
 * `| null` when nullable.
 *
 * @example
 * ```ts
 * type Total = ColumnRecordType<typeof orders.columns.total> // string
 * ```
 */
export type ColumnRecordType<C extends InferableColumn> = C['isNullable'] extends true
  ? RecordValueOf<C['kind']> | null
  : RecordValueOf<C['kind']>

type Columns<T extends InferableTable> = T['columns']

/**
 * The row you write to a table, keyed by property: NOT NULL columns required, nullable ones
 * optional (`?: T | null`; an absent property keeps the stored value).
 *
 * @example
 * ```ts
 * type OrderRow = InferRow<typeof orders>
 * // { orderId: number | bigint; total: string | number; note?: string | null; ... }
 * ```
 */
export type InferRow<T extends InferableTable> = Flatten<
  {
    -readonly [K in keyof Columns<T> as Columns<T>[K]['isNullable'] extends true
      ? never
      : K]: ColumnRowType<Columns<T>[K]>
  } & {
    -readonly [K in keyof Columns<T> as Columns<T>[K]['isNullable'] extends true
      ? K
      : never]?: ColumnRowType<Columns<T>[K]>
  }
>

/**
 * The record you read back from a table, keyed by property: every column present, nullable
 * ones `T | null`.
 *
 * @example
 * ```ts
 * type OrderRecord = InferRecord<typeof orders>
 * // { orderId: bigint; total: string; note: string | null; ... }
 * ```
 */
export type InferRecord<T extends InferableTable> = Flatten<{
  -readonly [K in keyof Columns<T>]: ColumnRecordType<Columns<T>[K]>
}>
