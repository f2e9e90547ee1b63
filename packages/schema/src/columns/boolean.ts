import { RedshiftType } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

/**
 * A BOOLEAN column: `boolean` in rows and records.
 *
 * @example
 * ```ts
 * const columns = { active: boolean() }
 * ```
 */
export const boolean = (...args: []): ColumnBuilder<'boolean', false> =>
  typedColumn({
    kind: 'boolean',
    name: 'boolean',
    args,
    maxArgs: 0,
    build: RedshiftType.boolean,
    fix: 'Write boolean() without arguments.',
  })
