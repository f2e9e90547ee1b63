import { RedshiftType, TypeLimits } from '@redstore/sql'
import type { ColumnBuilder } from '../ColumnBuilder.js'
import { typedColumn } from '../internal/typedColumn.js'

const bytes = (length: number | 'max' | undefined, bare: number): number | undefined =>
  length === undefined
    ? bare
    : typeof length === 'string' && length.toLowerCase() === 'max'
      ? TypeLimits.maxVarcharBytes
      : (length as number)

const varcharFix = (name: string) =>
  `Give ${name}() a length from 1 to ${TypeLimits.maxVarcharBytes} bytes, or 'max'; store larger documents with json().`

/**
 * A VARCHAR(n) column, n in UTF-8 bytes (1 to 65535, or `'max'`): `string` in rows and
 * records. Bare `varchar()` is VARCHAR(256), as in Redshift.
 *
 * @example
 * ```ts
 * const columns = { email: varchar(320), note: varchar('max').nullable() }
 * ```
 */
export const varchar = (...args: [length?: number | 'max']): ColumnBuilder<'varchar', false> =>
  typedColumn({
    kind: 'varchar',
    name: 'varchar',
    args,
    maxArgs: 1,
    build: () => RedshiftType.varchar(bytes(args[0], 256)),
    fix: varcharFix('varchar'),
  })

/**
 * A text column as OWOX schemas' `string` maps it: bare `string()` is VARCHAR(65535), the
 * longest Redshift allows; `string(n)` is VARCHAR(n). `string` in rows and records.
 *
 * @example
 * ```ts
 * const columns = { name: string(), code: string(16) }
 * ```
 */
export const string = (...args: [length?: number | 'max']): ColumnBuilder<'varchar', false> =>
  typedColumn({
    kind: 'varchar',
    name: 'string',
    args,
    maxArgs: 1,
    build: () => RedshiftType.varchar(bytes(args[0], TypeLimits.maxVarcharBytes)),
    fix: varcharFix('string'),
  })

/**
 * A CHAR(n) column, n from 1 to 4096 bytes, single-byte characters only (as Redshift
 * requires): `string` in rows and records. Bare `char()` is CHAR(1), as in Redshift.
 *
 * @example
 * ```ts
 * const columns = { country: char(2) }
 * ```
 */
export const char = (...args: [length?: number]): ColumnBuilder<'char', false> =>
  typedColumn({
    kind: 'char',
    name: 'char',
    args,
    maxArgs: 1,
    build: () => RedshiftType.char(args[0] ?? 1),
    fix: `Give char() a length from 1 to ${TypeLimits.maxCharBytes} bytes, or use varchar(n) for longer or multi-byte text.`,
  })
