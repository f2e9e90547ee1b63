import { RedshiftType } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

/**
 * A SUPER column holding JSON: `JsonValue` in rows and records (up to 16 MB per value).
 * SUPER cannot be a unique, dist or sort key.
 *
 * @example
 * ```ts
 * const columns = { profile: json().nullable() }
 * ```
 */
export const json = (...args: []): ColumnBuilder<'super', false> =>
  typedColumn({
    kind: 'super',
    name: 'json',
    args,
    maxArgs: 0,
    build: RedshiftType.super,
    fix: 'Write json() without arguments.',
  })
