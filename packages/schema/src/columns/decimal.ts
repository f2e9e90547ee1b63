import { RedshiftType } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

/**
 * A DECIMAL(precision, scale) column, exact: `string | number` in rows, `string` in records
 * (no precision lost). Bare `decimal()` is DECIMAL(18,0), as in Redshift; precision 1 to 38,
 * scale 0 to the precision. Bad arguments are reported by validation, never thrown.
 *
 * @example
 * ```ts
 * const columns = { total: decimal(12, 2), rate: decimal().redshiftType('DECIMAL(10,4)') }
 * ```
 */
export const decimal = (
  ...args: [precision?: number, scale?: number]
): ColumnBuilder<'decimal', false> => {
  const [precision = 18, scale = 0] = args
  return typedColumn({
    kind: 'decimal',
    name: 'decimal',
    args,
    maxArgs: 2,
    build: () => RedshiftType.decimal(precision, scale),
    fix: 'Use decimal(precision, scale) with a precision from 1 to 38 and a scale from 0 to the precision, e.g. decimal(38, 2).',
  })
}
