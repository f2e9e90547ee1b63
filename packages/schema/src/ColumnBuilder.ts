import type { ColumnEncoding, RedshiftType, RedshiftTypeKind } from '@redstore/sql'

/**
 * The brand of column builders: a registered symbol, so a builder made by another loaded copy
 * of this package is still recognised (never `instanceof`).
 *
 * @example
 * ```ts
 * columnBuilderBrand === Symbol.for('@redstore/schema/ColumnBuilder') // true
 * ```
 */
export const columnBuilderBrand: unique symbol = Symbol.for('@redstore/schema/ColumnBuilder')

/**
 * A problem a builder found in its own arguments, kept until validation reports it.
 * `part` says where: the builder's arguments (`type`), its `.redshiftType()`, or the column
 * as a whole (`column`, e.g. an OWOX field that is not an object).
 *
 * @example
 * ```ts
 * const problem: ColumnTypeProblem = {
 *   part: 'type',
 *   message: 'decimal(39, 2) is not a Redshift type: precision must be an integer from 1 to 38.',
 *   fix: 'Use a precision from 1 to 38 and a scale from 0 to the precision, e.g. decimal(38, 2).',
 * }
 * ```
 */
export interface ColumnTypeProblem {
  readonly part: 'column' | 'type' | 'redshiftType'
  readonly message: string
  readonly fix: string
}

/**
 * Everything a column builder was told, as given: builders never throw, so values may be
 * invalid here; `validateTableDefinition` reports them.
 *
 * @example
 * ```ts
 * decimal(12, 2).nullable().spec
 * // { kind: 'decimal', call: 'decimal(12, 2)', type: { kind: 'decimal', precision: 12, scale: 2 },
 * //   typeProblem: undefined, redshiftType: undefined, nullable: true, ... }
 * ```
 */
export interface ColumnSpec {
  /** The kind whose value types the column has (`InferRow`); an override keeps them. */
  readonly kind: RedshiftTypeKind
  /** The builder call as written, for messages: `decimal(39, 2)`. */
  readonly call: string
  /** The builder's type, when its arguments are valid. */
  readonly type: RedshiftType | undefined
  readonly typeProblem: ColumnTypeProblem | undefined
  /** Type text from `.redshiftType()`, which replaces `type` in DDL. */
  readonly redshiftType: string | undefined
  readonly nullable: boolean
  /** From `.describe()`: the column comment. */
  readonly description: string | undefined
  /** From `.columnName()`: the column's name in the database. */
  readonly columnName: string | undefined
  readonly encode: string | undefined
}

/**
 * A column of a table definition. Immutable: every modifier returns a new builder. The type
 * parameters carry what `InferRow` and `InferRecord` read: the value kind and nullability.
 *
 * @example
 * ```ts
 * const email = varchar(320).nullable().describe('Lowercased e-mail').columnName('email_address')
 * ```
 */
export interface ColumnBuilder<
  Kind extends RedshiftTypeKind = RedshiftTypeKind,
  Nullable extends boolean = boolean,
> {
  readonly [columnBuilderBrand]: true
  /** The value kind: decides the column's TypeScript types. */
  readonly kind: Kind
  /** True after `.nullable()`. */
  readonly isNullable: Nullable
  readonly spec: ColumnSpec
  /** The column may hold NULL: optional in rows, `T | null` in records. */
  nullable(): ColumnBuilder<Kind, true>
  /** The column comment (`COMMENT ON COLUMN`). */
  describe(text: string): ColumnBuilder<Kind, Nullable>
  /**
   * Redshift type text to use in DDL instead of the builder's type, e.g.
   * `decimal().redshiftType('DECIMAL(10,2)')`. It must be a type taking and returning the same
   * TypeScript values as the builder's (validation reports a mismatch).
   */
  redshiftType(text: string): ColumnBuilder<Kind, Nullable>
  /** The column's name in the database, when it is not the property name folded to lowercase. */
  columnName(name: string): ColumnBuilder<Kind, Nullable>
  /** The column's compression encoding (`ENCODE`). */
  encode(encoding: ColumnEncoding | Lowercase<ColumnEncoding>): ColumnBuilder<Kind, Nullable>
}

/**
 * True when `u` is a column builder from any loaded copy of this package.
 *
 * @example
 * ```ts
 * isColumnBuilder(varchar()) // true
 * isColumnBuilder({})        // false
 * ```
 */
export const isColumnBuilder = (u: unknown): u is ColumnBuilder =>
  typeof u === 'object' &&
  u !== null &&
  (u as { [columnBuilderBrand]?: unknown })[columnBuilderBrand] === true &&
  typeof (u as { spec?: unknown }).spec === 'object' &&
  (u as { spec?: unknown }).spec !== null
