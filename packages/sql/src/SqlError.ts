/**
 * Typed errors of `@redstore/sql`. Every error is a class with a literal `_tag`, the facts
 * a caller needs as fields, and a message that says what happened, where and what to do.
 *
 * @example
 * ```ts
 * try {
 *   quoteIdent('')
 * } catch (error) {
 *   if (error instanceof InvalidIdentifierError) console.log(error._tag, error.reason)
 * }
 * ```
 */
abstract class TaggedSqlError<Tag extends string> extends Error {
  abstract readonly _tag: Tag
}

/**
 * A name cannot be a Redshift identifier: empty, over 127 UTF-8 bytes, or containing NUL
 * or a lone surrogate.
 *
 * @example
 * ```ts
 * new InvalidIdentifierError({ name: '', reason: 'is empty' })
 * ```
 */
export class InvalidIdentifierError extends TaggedSqlError<'InvalidIdentifierError'> {
  readonly _tag = 'InvalidIdentifierError'
  override readonly name = 'InvalidIdentifierError'
  readonly identifier: string
  readonly reason: string
  constructor(args: { readonly name: string; readonly reason: string }) {
    super(
      `Invalid Redshift identifier ${JSON.stringify(args.name.slice(0, 80))}: it ${args.reason}. ` +
        'Use a name of 1 to 127 UTF-8 bytes without NUL characters.',
    )
    this.identifier = args.name
    this.reason = args.reason
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
export class InvalidLiteralError extends TaggedSqlError<'InvalidLiteralError'> {
  readonly _tag = 'InvalidLiteralError'
  override readonly name = 'InvalidLiteralError'
  readonly reason: string
  /** UTF-16 index of the offending character. */
  readonly position: number
  constructor(args: { readonly reason: string; readonly position: number }) {
    super(
      `Cannot write this string as a Redshift literal: it ${args.reason} at index ${args.position}. ` +
        'Redshift strings cannot hold it; remove or replace that character before saving.',
    )
    this.reason = args.reason
    this.position = args.position
  }
}

/**
 * A type is not a valid Redshift column type (bad text, out-of-range length, precision or scale).
 *
 * @example
 * ```ts
 * new InvalidTypeError({ type: 'DECIMAL(40,2)', reason: 'precision must be 1 to 38' })
 * ```
 */
export class InvalidTypeError extends TaggedSqlError<'InvalidTypeError'> {
  readonly _tag = 'InvalidTypeError'
  override readonly name = 'InvalidTypeError'
  readonly type: string
  readonly reason: string
  readonly column: string | undefined
  constructor(args: { readonly type: string; readonly reason: string; readonly column?: string }) {
    super(
      `Invalid Redshift type ${JSON.stringify(args.type)}` +
        (args.column === undefined ? '' : ` for column ${JSON.stringify(args.column)}`) +
        `: ${args.reason}.`,
    )
    this.type = args.type
    this.reason = args.reason
    this.column = args.column
  }
}

/**
 * A source schema names a field type that has no Redshift mapping.
 *
 * @example
 * ```ts
 * new UnknownSourceTypeError({ typeName: 'uuid', column: 'id', known: ['string'] })
 * ```
 */
export class UnknownSourceTypeError extends TaggedSqlError<'UnknownSourceTypeError'> {
  readonly _tag = 'UnknownSourceTypeError'
  override readonly name = 'UnknownSourceTypeError'
  readonly typeName: string
  readonly column: string | undefined
  constructor(args: {
    readonly typeName: string
    readonly column?: string
    readonly known: ReadonlyArray<string>
  }) {
    super(
      `Unknown field type ${JSON.stringify(args.typeName)}` +
        (args.column === undefined ? '' : ` for column ${JSON.stringify(args.column)}`) +
        `. Use one of ${args.known.join(', ')}, a Redshift type such as VARCHAR(256), ` +
        'or set RedshiftType on the field.',
    )
    this.typeName = args.typeName
    this.column = args.column
  }
}

/**
 * A value cannot be written to its column: wrong JS type, out of range, too long, or null
 * for a NOT NULL column.
 *
 * @example
 * ```ts
 * new ValueEncodingError({ column: 'age', type: 'SMALLINT', reason: 'is 70000, out of range' })
 * ```
 */
export class ValueEncodingError extends TaggedSqlError<'ValueEncodingError'> {
  readonly _tag = 'ValueEncodingError'
  override readonly name = 'ValueEncodingError'
  readonly column: string
  readonly type: string
  readonly reason: string
  readonly rowIndex: number | undefined
  constructor(args: {
    readonly column: string
    readonly type: string
    readonly reason: string
    readonly rowIndex?: number
  }) {
    super(
      (args.rowIndex === undefined ? '' : `Row ${args.rowIndex}: `) +
        `value for column ${JSON.stringify(args.column)} (${args.type}) ${args.reason}.`,
    )
    this.column = args.column
    this.type = args.type
    this.reason = args.reason
    this.rowIndex = args.rowIndex
  }
}

/**
 * A row is not a plain object, or names a field twice once names are folded.
 *
 * @example
 * ```ts
 * new InvalidRowError({ rowIndex: 4, reason: 'is an array, not an object' })
 * ```
 */
export class InvalidRowError extends TaggedSqlError<'InvalidRowError'> {
  readonly _tag = 'InvalidRowError'
  override readonly name = 'InvalidRowError'
  readonly rowIndex: number
  readonly reason: string
  constructor(args: { readonly rowIndex: number; readonly reason: string }) {
    super(`Row ${args.rowIndex} ${args.reason}.`)
    this.rowIndex = args.rowIndex
    this.reason = args.reason
  }
}

/**
 * A row has a field the table model does not have.
 *
 * @example
 * ```ts
 * new UnknownColumnError({ rowIndex: 0, column: 'colour', table: 'public.items' })
 * ```
 */
export class UnknownColumnError extends TaggedSqlError<'UnknownColumnError'> {
  readonly _tag = 'UnknownColumnError'
  override readonly name = 'UnknownColumnError'
  readonly rowIndex: number
  readonly column: string
  readonly table: string
  constructor(args: {
    readonly rowIndex: number
    readonly column: string
    readonly table: string
  }) {
    super(
      `Row ${args.rowIndex} has field ${JSON.stringify(args.column)}, which table ${args.table} ` +
        'does not have. Add the column to the table model, or remove the field from the row.',
    )
    this.rowIndex = args.rowIndex
    this.column = args.column
    this.table = args.table
  }
}

/**
 * A key column is null or absent in a row: NULL keys never match in MERGE, so the row would
 * be inserted again on every run.
 *
 * @example
 * ```ts
 * new NullKeyError({ rowIndex: 2, column: 'id' })
 * ```
 */
export class NullKeyError extends TaggedSqlError<'NullKeyError'> {
  readonly _tag = 'NullKeyError'
  override readonly name = 'NullKeyError'
  readonly rowIndex: number
  readonly column: string
  constructor(args: { readonly rowIndex: number; readonly column: string }) {
    super(
      `Row ${args.rowIndex} has no value for key column ${JSON.stringify(args.column)}. ` +
        'NULL keys never match in MERGE and would insert the row again on every run: ' +
        'give every row a value for each key column.',
    )
    this.rowIndex = args.rowIndex
    this.column = args.column
  }
}

/**
 * Two names fold to the same Redshift identifier (Redshift folds names to lowercase).
 *
 * @example
 * ```ts
 * new DuplicateColumnError({ normalized: 'userid', names: ['userId', 'userid'], where: 'table public.t' })
 * ```
 */
export class DuplicateColumnError extends TaggedSqlError<'DuplicateColumnError'> {
  readonly _tag = 'DuplicateColumnError'
  override readonly name = 'DuplicateColumnError'
  readonly normalized: string
  readonly names: ReadonlyArray<string>
  constructor(args: {
    readonly normalized: string
    readonly names: ReadonlyArray<string>
    readonly where: string
  }) {
    super(
      `In ${args.where}, ${args.names.map((n) => JSON.stringify(n)).join(' and ')} are the same ` +
        `column ${JSON.stringify(args.normalized)}, since Redshift folds names to lowercase. ` +
        'Rename one of them.',
    )
    this.normalized = args.normalized
    this.names = args.names
  }
}

/**
 * A table model is inconsistent: no columns, a key or dist/sort key naming no column, ...
 *
 * @example
 * ```ts
 * new InvalidTableModelError({ table: 'public.t', reason: 'key column "id" is not a column' })
 * ```
 */
export class InvalidTableModelError extends TaggedSqlError<'InvalidTableModelError'> {
  readonly _tag = 'InvalidTableModelError'
  override readonly name = 'InvalidTableModelError'
  readonly table: string
  readonly reason: string
  constructor(args: { readonly table: string; readonly reason: string }) {
    super(`Invalid table model for ${args.table}: ${args.reason}.`)
    this.table = args.table
    this.reason = args.reason
  }
}

/**
 * One row is too large to fit, with its INSERT header, into a single statement.
 *
 * @example
 * ```ts
 * new RowTooLargeError({ rowIndex: 7, bytes: 120000, limit: 98304 })
 * ```
 */
export class RowTooLargeError extends TaggedSqlError<'RowTooLargeError'> {
  readonly _tag = 'RowTooLargeError'
  override readonly name = 'RowTooLargeError'
  readonly rowIndex: number
  readonly bytes: number
  readonly limit: number
  constructor(args: { readonly rowIndex: number; readonly bytes: number; readonly limit: number }) {
    super(
      `Row ${args.rowIndex} needs an INSERT of ${args.bytes} bytes, over the statement limit of ` +
        `${args.limit} bytes. Shorten its largest values, or load such rows with COPY from S3.`,
    )
    this.rowIndex = args.rowIndex
    this.bytes = args.bytes
    this.limit = args.limit
  }
}

/**
 * A statement that does not depend on the rows (CREATE TEMP TABLE, MERGE) exceeds the byte
 * limit, or planner options are out of range.
 *
 * @example
 * ```ts
 * new PlanLimitError({ reason: 'maxStatementsPerBatch must be 3 to 40' })
 * ```
 */
export class PlanLimitError extends TaggedSqlError<'PlanLimitError'> {
  readonly _tag = 'PlanLimitError'
  override readonly name = 'PlanLimitError'
  readonly reason: string
  constructor(args: { readonly reason: string }) {
    super(`Cannot plan the upsert: ${args.reason}.`)
    this.reason = args.reason
  }
}

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
export const isSqlError = (error: unknown): error is SqlError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { _tag?: unknown })._tag === 'string' &&
  sqlErrorTags.has((error as { _tag: string })._tag)
