/**
 * Typed errors of `@redstore/sql`, made with `TaggedError` from @redstore/errors: each has a
 * literal `_tag`, the facts a caller needs as fields, and a message that says what happened,
 * where and what to do. Recognise them by tag (`XError.is(error)`, `isSqlError(error)`).
 *
 * @example
 * ```ts
 * try {
 *   quoteIdent('')
 * } catch (error) {
 *   if (InvalidIdentifierError.is(error)) console.log(error._tag, error.reason)
 * }
 * ```
 */
import { hasAnyTag, TaggedError } from '@redstore/errors'

/**
 * A name cannot be a Redshift identifier: empty, over 127 UTF-8 bytes, or containing NUL
 * or a lone surrogate.
 *
 * @example
 * ```ts
 * new InvalidIdentifierError({ name: '', reason: 'is empty' })
 * ```
 */
export class InvalidIdentifierError extends TaggedError(
  'InvalidIdentifierError',
  (f: { readonly identifier: string; readonly reason: string }) =>
    `Invalid Redshift identifier ${JSON.stringify(f.identifier.slice(0, 80))}: it ${f.reason}. ` +
    'Use a name of 1 to 127 UTF-8 bytes without NUL characters.',
) {
  /** `name` is the identifier (an error's own `name` is its tag). */
  constructor(args: { readonly name: string; readonly reason: string }) {
    super({ identifier: args.name, reason: args.reason })
  }
}

/**
 * A string cannot become a Redshift string literal (it contains NUL or a lone surrogate).
 *
 * @example
 * ```ts
 * new InvalidLiteralError({ reason: 'contains NUL (U+0000)', position: 3 })
 * ```
 */
export class InvalidLiteralError extends TaggedError(
  'InvalidLiteralError',
  (f: {
    readonly reason: string
    /** UTF-16 index of the offending character. */
    readonly position: number
  }) =>
    `Cannot write this string as a Redshift literal: it ${f.reason} at index ${f.position}. ` +
    'Redshift strings cannot hold it; remove or replace that character before saving.',
) {}

/**
 * A type is not a valid Redshift column type (bad text, out-of-range length, precision or scale).
 *
 * @example
 * ```ts
 * new InvalidTypeError({ type: 'DECIMAL(40,2)', reason: 'precision must be 1 to 38' })
 * ```
 */
export class InvalidTypeError extends TaggedError(
  'InvalidTypeError',
  (f: { readonly type: string; readonly reason: string; readonly column?: string | undefined }) =>
    `Invalid Redshift type ${JSON.stringify(f.type)}` +
    (f.column === undefined ? '' : ` for column ${JSON.stringify(f.column)}`) +
    `: ${f.reason}.`,
) {}

/**
 * A source schema names a field type that has no Redshift mapping.
 *
 * @example
 * ```ts
 * new UnknownSourceTypeError({ typeName: 'uuid', column: 'id', known: ['string'] })
 * ```
 */
export class UnknownSourceTypeError extends TaggedError(
  'UnknownSourceTypeError',
  (f: {
    readonly typeName: string
    readonly column?: string | undefined
    readonly known: ReadonlyArray<string>
  }) =>
    `Unknown field type ${JSON.stringify(f.typeName)}` +
    (f.column === undefined ? '' : ` for column ${JSON.stringify(f.column)}`) +
    `. Use one of ${f.known.join(', ')}, a Redshift type such as VARCHAR(256), ` +
    'or set RedshiftType on the field.',
) {}

/**
 * A value cannot be written to its column: wrong JS type, out of range, too long, or null
 * for a NOT NULL column.
 *
 * @example
 * ```ts
 * new ValueEncodingError({ column: 'age', type: 'SMALLINT', reason: 'is 70000, out of range' })
 * ```
 */
export class ValueEncodingError extends TaggedError(
  'ValueEncodingError',
  (f: {
    readonly column: string
    readonly type: string
    readonly reason: string
    readonly rowIndex?: number | undefined
  }) =>
    (f.rowIndex === undefined ? '' : `Row ${f.rowIndex}: `) +
    `value for column ${JSON.stringify(f.column)} (${f.type}) ${f.reason}.`,
) {}

/**
 * A row is not a plain object, or names a field twice once names are folded.
 *
 * @example
 * ```ts
 * new InvalidRowError({ rowIndex: 4, reason: 'is an array, not an object' })
 * ```
 */
export class InvalidRowError extends TaggedError(
  'InvalidRowError',
  (f: { readonly rowIndex: number; readonly reason: string }) => `Row ${f.rowIndex} ${f.reason}.`,
) {}

/**
 * A row has a field the table model does not have.
 *
 * @example
 * ```ts
 * new UnknownColumnError({ rowIndex: 0, column: 'colour', table: 'public.items' })
 * ```
 */
export class UnknownColumnError extends TaggedError(
  'UnknownColumnError',
  (f: { readonly rowIndex: number; readonly column: string; readonly table: string }) =>
    `Row ${f.rowIndex} has field ${JSON.stringify(f.column)}, which table ${f.table} ` +
    'does not have. Add the column to the table model, or remove the field from the row.',
) {}

/**
 * A key column is null or absent in a row: NULL keys never match in MERGE, so the row would
 * be inserted again on every run.
 *
 * @example
 * ```ts
 * new NullKeyError({ rowIndex: 2, column: 'id' })
 * ```
 */
export class NullKeyError extends TaggedError(
  'NullKeyError',
  (f: { readonly rowIndex: number; readonly column: string }) =>
    `Row ${f.rowIndex} has no value for key column ${JSON.stringify(f.column)}. ` +
    'NULL keys never match in MERGE and would insert the row again on every run: ' +
    'give every row a value for each key column.',
) {}

/**
 * Two names fold to the same Redshift identifier (Redshift folds names to lowercase).
 *
 * @example
 * ```ts
 * new DuplicateColumnError({ normalized: 'userid', names: ['userId', 'userid'], where: 'table public.t' })
 * ```
 */
export class DuplicateColumnError extends TaggedError(
  'DuplicateColumnError',
  (f: {
    readonly normalized: string
    readonly names: ReadonlyArray<string>
    readonly where: string
  }) =>
    `In ${f.where}, ${f.names.map((n) => JSON.stringify(n)).join(' and ')} are the same ` +
    `column ${JSON.stringify(f.normalized)}, since Redshift folds names to lowercase. ` +
    'Rename one of them.',
) {}

/**
 * A table model is inconsistent: no columns, a key or dist/sort key naming no column, ...
 *
 * @example
 * ```ts
 * new InvalidTableModelError({ table: 'public.t', reason: 'key column "id" is not a column' })
 * ```
 */
export class InvalidTableModelError extends TaggedError(
  'InvalidTableModelError',
  (f: { readonly table: string; readonly reason: string }) =>
    `Invalid table model for ${f.table}: ${f.reason}.`,
) {}

/**
 * One row is too large to fit, with its INSERT header, into a single statement.
 *
 * @example
 * ```ts
 * new RowTooLargeError({ rowIndex: 7, bytes: 120000, limit: 98304 })
 * ```
 */
export class RowTooLargeError extends TaggedError(
  'RowTooLargeError',
  (f: { readonly rowIndex: number; readonly bytes: number; readonly limit: number }) =>
    `Row ${f.rowIndex} needs an INSERT of ${f.bytes} bytes, over the statement limit of ` +
    `${f.limit} bytes. Shorten its largest values, or load such rows with COPY from S3.`,
) {}

/**
 * A statement that does not depend on the rows (CREATE TEMP TABLE, MERGE) exceeds the byte
 * limit, or planner options are out of range.
 *
 * @example
 * ```ts
 * new PlanLimitError({ reason: 'maxStatementsPerBatch must be 3 to 40' })
 * ```
 */
export class PlanLimitError extends TaggedError(
  'PlanLimitError',
  (f: { readonly reason: string }) => `Cannot plan the upsert: ${f.reason}.`,
) {}

/**
 * Every error `@redstore/sql` throws.
 *
 * @example
 * ```ts
 * const describe = (e: SqlError) => `${e._tag}: ${e.message}`
 * ```
 */
export type SqlError =
  | InvalidIdentifierError
  | InvalidLiteralError
  | InvalidTypeError
  | UnknownSourceTypeError
  | ValueEncodingError
  | InvalidRowError
  | UnknownColumnError
  | NullKeyError
  | DuplicateColumnError
  | InvalidTableModelError
  | RowTooLargeError
  | PlanLimitError

const sqlErrorTags: ReadonlySet<string> = new Set<SqlError['_tag']>([
  'InvalidIdentifierError',
  'InvalidLiteralError',
  'InvalidTypeError',
  'UnknownSourceTypeError',
  'ValueEncodingError',
  'InvalidRowError',
  'UnknownColumnError',
  'NullKeyError',
  'DuplicateColumnError',
  'InvalidTableModelError',
  'RowTooLargeError',
  'PlanLimitError',
])

/**
 * True when `error` is one of the errors of this package (checked by tag, so it works across
 * two loaded copies of the package).
 *
 * @example
 * ```ts
 * if (isSqlError(error)) console.error(error._tag, error.message)
 * ```
 */
export const isSqlError = (error: unknown): error is SqlError => hasAnyTag(error, sqlErrorTags)
