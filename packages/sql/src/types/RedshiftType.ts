import { InvalidTypeError } from '../SqlError.js'

/**
 * A Redshift column type. Lengths of CHAR, VARCHAR and VARBYTE are in bytes; `VARCHAR(MAX)`
 * is VARCHAR of 65535 bytes.
 *
 * @example
 * ```ts
 * const price: RedshiftType = { kind: 'decimal', precision: 10, scale: 2 }
 * ```
 */
export type RedshiftType =
  | { readonly kind: 'smallint' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'real' }
  | { readonly kind: 'double' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'char'; readonly length: number }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'time' }
  | { readonly kind: 'timetz' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'timestamptz' }
  | { readonly kind: 'super' }
  | { readonly kind: 'varbyte'; readonly length: number }

/**
 * The kind of a Redshift type.
 *
 * @example
 * ```ts
 * const kind: RedshiftTypeKind = 'varchar'
 * ```
 */
export type RedshiftTypeKind = RedshiftType['kind']

/**
 * Type limits, from the Redshift Database Developer Guide.
 *
 * @example
 * ```ts
 * TypeLimits.maxVarcharBytes // 65535
 * ```
 */
export const TypeLimits = {
  maxDecimalPrecision: 38,
  maxDecimalScale: 37,
  maxVarcharBytes: 65535,
  maxCharBytes: 4096,
  maxVarbyteBytes: 16777216,
  /** Per SUPER value. */
  maxSuperBytes: 16 * 1024 * 1024,
  /** Per string inside a SUPER value. */
  maxSuperStringBytes: 65535,
} as const

const checkLength = (type: string, length: number, max: number): void => {
  if (!Number.isSafeInteger(length) || length < 1 || length > max) {
    throw new InvalidTypeError({ type, reason: `length must be an integer from 1 to ${max}` })
  }
}

/**
 * Builds a type after checking its parameters; throws `InvalidTypeError` when they are out of
 * Redshift's ranges.
 *
 * @example
 * ```ts
 * RedshiftType.decimal(12, 2) // { kind: 'decimal', precision: 12, scale: 2 }
 * RedshiftType.varchar(70000) // throws InvalidTypeError
 * ```
 */
export const RedshiftType = {
  smallint: (): RedshiftType => ({ kind: 'smallint' }),
  integer: (): RedshiftType => ({ kind: 'integer' }),
  bigint: (): RedshiftType => ({ kind: 'bigint' }),
  decimal: (precision = 18, scale = 0): RedshiftType => {
    const text = `DECIMAL(${precision},${scale})`
    if (!Number.isSafeInteger(precision) || precision < 1 || precision > 38) {
      throw new InvalidTypeError({
        type: text,
        reason: 'precision must be an integer from 1 to 38',
      })
    }
    if (!Number.isSafeInteger(scale) || scale < 0 || scale > 37) {
      throw new InvalidTypeError({ type: text, reason: 'scale must be an integer from 0 to 37' })
    }
    if (scale > precision) {
      throw new InvalidTypeError({ type: text, reason: 'scale must not exceed precision' })
    }
    return { kind: 'decimal', precision, scale }
  },
  real: (): RedshiftType => ({ kind: 'real' }),
  double: (): RedshiftType => ({ kind: 'double' }),
  boolean: (): RedshiftType => ({ kind: 'boolean' }),
  char: (length = 1): RedshiftType => {
    checkLength(`CHAR(${length})`, length, TypeLimits.maxCharBytes)
    return { kind: 'char', length }
  },
  varchar: (length = 256): RedshiftType => {
    checkLength(`VARCHAR(${length})`, length, TypeLimits.maxVarcharBytes)
    return { kind: 'varchar', length }
  },
  date: (): RedshiftType => ({ kind: 'date' }),
  time: (): RedshiftType => ({ kind: 'time' }),
  timetz: (): RedshiftType => ({ kind: 'timetz' }),
  timestamp: (): RedshiftType => ({ kind: 'timestamp' }),
  timestamptz: (): RedshiftType => ({ kind: 'timestamptz' }),
  super: (): RedshiftType => ({ kind: 'super' }),
  varbyte: (length = 64000): RedshiftType => {
    checkLength(`VARBYTE(${length})`, length, TypeLimits.maxVarbyteBytes)
    return { kind: 'varbyte', length }
  },
} as const

const formatters: {
  readonly [K in RedshiftTypeKind]: (t: Extract<RedshiftType, { kind: K }>) => string
} = {
  smallint: () => 'SMALLINT',
  integer: () => 'INTEGER',
  bigint: () => 'BIGINT',
  decimal: (t) => `DECIMAL(${t.precision},${t.scale})`,
  real: () => 'REAL',
  double: () => 'DOUBLE PRECISION',
  boolean: () => 'BOOLEAN',
  char: (t) => `CHAR(${t.length})`,
  varchar: (t) => `VARCHAR(${t.length})`,
  date: () => 'DATE',
  time: () => 'TIME',
  timetz: () => 'TIMETZ',
  timestamp: () => 'TIMESTAMP',
  timestamptz: () => 'TIMESTAMPTZ',
  super: () => 'SUPER',
  varbyte: (t) => `VARBYTE(${t.length})`,
}

/**
 * Writes a type as Redshift DDL text.
 *
 * @throws InvalidTypeError for an object that is not a `RedshiftType`.
 * @example
 * ```ts
 * formatType({ kind: 'decimal', precision: 10, scale: 2 }) // 'DECIMAL(10,2)'
 * formatType({ kind: 'double' })                         // 'DOUBLE PRECISION'
 * ```
 */
export const formatType = (type: RedshiftType): string => {
  const format = formatters[type?.kind] as ((t: RedshiftType) => string) | undefined
  if (format === undefined) {
    throw new InvalidTypeError({
      type: JSON.stringify(type) ?? String(type),
      reason: 'is not a RedshiftType (unknown kind)',
    })
  }
  return format(type)
}

/**
 * True when two types are the same Redshift type.
 *
 * @example
 * ```ts
 * sameType(RedshiftType.varchar(10), { kind: 'varchar', length: 10 }) // true
 * ```
 */
export const sameType = (a: RedshiftType, b: RedshiftType): boolean =>
  formatType(a) === formatType(b)
