import { RedshiftType, TypeLimits } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

/**
 * A VARBYTE(n) column, n from 1 to 16777216 bytes: `Uint8Array` (a `Buffer` is one) in rows
 * and records. Bare `varbyte()` is VARBYTE(64000), as in Redshift.
 *
 * @example
 * ```ts
 * const columns = { digest: varbyte(32) }
 * ```
 */
export const varbyte = (...args: [length?: number]): ColumnBuilder<'varbyte', false> =>
  typedColumn({
    kind: 'varbyte',
    name: 'varbyte',
    args,
    maxArgs: 1,
    build: () => RedshiftType.varbyte(args[0] ?? 64000),
    fix: `Give varbyte() a length from 1 to ${TypeLimits.maxVarbyteBytes} bytes.`,
  })
