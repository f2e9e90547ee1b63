import { RedshiftType } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

const noPrecision = (name: string) =>
  `Write ${name}() without arguments: Redshift keeps microseconds and takes no precision.`

/**
 * A DATE column: `Date | string` (`'YYYY-MM-DD'`) in rows, `string` in records.
 *
 * @example
 * ```ts
 * const columns = { day: date() }
 * ```
 */
export const date = (...args: []): ColumnBuilder<'date', false> =>
  typedColumn({
    kind: 'date',
    name: 'date',
    args,
    maxArgs: 0,
    build: RedshiftType.date,
    fix: 'Write date() without arguments.',
  })

/**
 * A TIME column (no time zone): `string` (`'HH:MM[:SS[.ffffff]]'`) in rows and records.
 *
 * @example
 * ```ts
 * const columns = { opensAt: time() }
 * ```
 */
export const time = (...args: []): ColumnBuilder<'time', false> =>
  typedColumn({
    kind: 'time',
    name: 'time',
    args,
    maxArgs: 0,
    build: RedshiftType.time,
    fix: noPrecision('time'),
  })

/**
 * A TIMETZ column: `string` with an optional offset in rows, `string` in records.
 *
 * @example
 * ```ts
 * const columns = { opensAt: timetz() }
 * ```
 */
export const timetz = (...args: []): ColumnBuilder<'timetz', false> =>
  typedColumn({
    kind: 'timetz',
    name: 'timetz',
    args,
    maxArgs: 0,
    build: RedshiftType.timetz,
    fix: noPrecision('timetz'),
  })

/**
 * A TIMESTAMP column (no time zone, stored as UTC): `Date | string` (ISO 8601) in rows,
 * `string` in records.
 *
 * @example
 * ```ts
 * const columns = { createdAt: timestamp() }
 * ```
 */
export const timestamp = (...args: []): ColumnBuilder<'timestamp', false> =>
  typedColumn({
    kind: 'timestamp',
    name: 'timestamp',
    args,
    maxArgs: 0,
    build: RedshiftType.timestamp,
    fix: noPrecision('timestamp'),
  })

/**
 * A TIMESTAMPTZ column: `Date | string` (ISO 8601) in rows, `string` in records.
 *
 * @example
 * ```ts
 * const columns = { seenAt: timestamptz() }
 * ```
 */
export const timestamptz = (...args: []): ColumnBuilder<'timestamptz', false> =>
  typedColumn({
    kind: 'timestamptz',
    name: 'timestamptz',
    args,
    maxArgs: 0,
    build: RedshiftType.timestamptz,
    fix: noPrecision('timestamptz'),
  })
