import type { RedshiftType } from '@redstore/sql'

/**
 * A live table as `pull` read it: columns with their types (undefined for a type redstore does
 * not model, such as GEOMETRY), nullability and comments, the key columns, the table comment.
 *
 * @example
 * ```ts
 * const pulled: PulledTable = {
 *   schema: 'shop', name: 'orders', keys: ['id'], comment: 'One row per order',
 *   columns: [{ name: 'id', type: { kind: 'bigint' }, typeText: 'int8', nullable: false }],
 * }
 * ```
 */
export interface PulledTable {
  readonly schema: string
  readonly name: string
  readonly columns: ReadonlyArray<PulledColumn>
  /** Key columns in key order: the PRIMARY KEY's, or `--keys`. */
  readonly keys: ReadonlyArray<string>
  readonly comment?: string | undefined
}

/** One column of a pulled table. */
export interface PulledColumn {
  readonly name: string
  readonly type: RedshiftType | undefined
  /** The type as the database reported it, for messages. */
  readonly typeText: string
  readonly nullable: boolean
  readonly comment?: string | undefined
}
