import { RedshiftType } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

const noWidth = (name: string) =>
  `Write ${name}() without arguments: Redshift integers have no display width.`

/**
 * A SMALLINT column (-32768 to 32767): `number` in rows and records.
 *
 * @example
 * ```ts
 * const columns = { age: smallint().nullable() }
 * ```
 */
export const smallint = (...args: []): ColumnBuilder<'smallint', false> =>
  typedColumn({
    kind: 'smallint',
    name: 'smallint',
    args,
    maxArgs: 0,
    build: RedshiftType.smallint,
    fix: noWidth('smallint'),
  })

/**
 * An INTEGER column (32-bit): `number` in rows and records.
 *
 * @example
 * ```ts
 * const columns = { quantity: integer() }
 * ```
 */
export const integer = (...args: []): ColumnBuilder<'integer', false> =>
  typedColumn({
    kind: 'integer',
    name: 'integer',
    args,
    maxArgs: 0,
    build: RedshiftType.integer,
    fix: noWidth('integer'),
  })

/**
 * A BIGINT column (64-bit): `number | bigint` in rows (safe integers as numbers), `bigint` in
 * records.
 *
 * @example
 * ```ts
 * const columns = { id: bigint() }
 * ```
 */
export const bigint = (...args: []): ColumnBuilder<'bigint', false> =>
  typedColumn({
    kind: 'bigint',
    name: 'bigint',
    args,
    maxArgs: 0,
    build: RedshiftType.bigint,
    fix: noWidth('bigint'),
  })
