import { RedshiftType } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

/**
 * A REAL column (single precision): `number` in rows and records.
 *
 * @example
 * ```ts
 * const columns = { ratio: real() }
 * ```
 */
export const real = (...args: []): ColumnBuilder<'real', false> =>
  typedColumn({
    kind: 'real',
    name: 'real',
    args,
    maxArgs: 0,
    build: RedshiftType.real,
    fix: 'Write real() without arguments; use decimal(p, s) for a fixed precision.',
  })

/**
 * A DOUBLE PRECISION column: `number` in rows and records.
 *
 * @example
 * ```ts
 * const columns = { score: double() }
 * ```
 */
export const double = (...args: []): ColumnBuilder<'double', false> =>
  typedColumn({
    kind: 'double',
    name: 'double',
    args,
    maxArgs: 0,
    build: RedshiftType.double,
    fix: 'Write double() without arguments; use decimal(p, s) for a fixed precision.',
  })
