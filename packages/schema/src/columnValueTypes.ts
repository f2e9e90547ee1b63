import type { JsonValue, RedshiftType, RedshiftTypeKind } from '@redstore/sql'

/** The TypeScript types a column value may have, by the name used in type text. */
interface TypeScriptTypes {
  number: number
  bigint: bigint
  string: string
  boolean: boolean
  Date: Date
  Uint8Array: Uint8Array
  JsonValue: JsonValue
}

type TypeName = keyof TypeScriptTypes

/**
 * TypeScript type text for column values: one type name or a union of two. `JsonValue` is the
 * type of that name exported by `@redstore/sql` (and re-exported here).
 *
 * @example
 * ```ts
 * const text: ValueTypeText = 'number | bigint'
 * ```
 */
export type ValueTypeText = TypeName | `${TypeName} | ${TypeName}`

/**
 * The one table of value types per Redshift type kind: what a row may carry when written
 * (`row`) and what a record holds when read back (`record`), as TypeScript type text. Both the
 * inferred types (`InferRow`, `InferRecord`) and `rowTypeText` / `recordTypeText`, which a code
 * generator emits, are read from it, so they cannot disagree.
 *
 * @example
 * ```ts
 * columnValueTypes.bigint // { row: 'number | bigint', record: 'bigint' }
 * ```
 */
export const columnValueTypes = {
  smallint: { row: 'number', record: 'number' },
  integer: { row: 'number', record: 'number' },
  bigint: { row: 'number | bigint', record: 'bigint' },
  decimal: { row: 'string | number', record: 'string' },
  real: { row: 'number', record: 'number' },
  double: { row: 'number', record: 'number' },
  boolean: { row: 'boolean', record: 'boolean' },
  char: { row: 'string', record: 'string' },
  varchar: { row: 'string', record: 'string' },
  date: { row: 'Date | string', record: 'string' },
  time: { row: 'string', record: 'string' },
  timetz: { row: 'string', record: 'string' },
  timestamp: { row: 'Date | string', record: 'string' },
  timestamptz: { row: 'Date | string', record: 'string' },
  super: { row: 'JsonValue', record: 'JsonValue' },
  varbyte: { row: 'Uint8Array', record: 'Uint8Array' },
} as const satisfies {
  readonly [K in RedshiftTypeKind]: { readonly row: ValueTypeText; readonly record: ValueTypeText }
}

/** The type a `ValueTypeText` names (at most two names, so no deep recursion). */
type TypeOfText<Text extends string> = Text extends `${infer First} | ${infer Rest}`
  ? TypeScriptTypes[First & TypeName] | TypeOfText<Rest>
  : TypeScriptTypes[Text & TypeName]

/**
 * The type a row may carry for a column of this kind, before nullability.
 *
 * @example
 * ```ts
 * const id: RowValueOf<'bigint'> = 42n
 * ```
 */
export type RowValueOf<Kind extends RedshiftTypeKind> = TypeOfText<
  (typeof columnValueTypes)[Kind]['row']
>

/**
 * The type a record holds for a column of this kind, before nullability.
 *
 * @example
 * ```ts
 * const total: RecordValueOf<'decimal'> = '19.90'
 * ```
 */
export type RecordValueOf<Kind extends RedshiftTypeKind> = TypeOfText<
  (typeof columnValueTypes)[Kind]['record']
>

const withNull = (text: string, nullable: boolean): string => (nullable ? `${text} | null` : text)

/**
 * The TypeScript type text of a row value for a column: what `InferRow` gives its property
 * (a nullable column's property is also optional).
 *
 * @example
 * ```ts
 * rowTypeText({ kind: 'bigint' }, false)    // 'number | bigint'
 * rowTypeText({ kind: 'timestamp' }, true)  // 'Date | string | null'
 * ```
 */
export const rowTypeText = (type: RedshiftType, nullable: boolean): string =>
  withNull(columnValueTypes[type.kind].row, nullable)

/**
 * The TypeScript type text of a record value for a column: what `InferRecord` gives its
 * property.
 *
 * @example
 * ```ts
 * recordTypeText({ kind: 'bigint' }, false)                          // 'bigint'
 * recordTypeText({ kind: 'decimal', precision: 10, scale: 2 }, true) // 'string | null'
 * ```
 */
export const recordTypeText = (type: RedshiftType, nullable: boolean): string =>
  withNull(columnValueTypes[type.kind].record, nullable)

/**
 * True when a column of kind `b` takes and returns values of the same TypeScript types as a
 * column of kind `a`, so a builder of kind `a` may carry an override of kind `b`.
 *
 * @example
 * ```ts
 * sameValueTypes('varchar', 'char')   // true
 * sameValueTypes('bigint', 'varchar') // false
 * ```
 */
export const sameValueTypes = (a: RedshiftTypeKind, b: RedshiftTypeKind): boolean =>
  columnValueTypes[a].row === columnValueTypes[b].row &&
  columnValueTypes[a].record === columnValueTypes[b].record
