import { encodeDecimal } from '../internal/values/encodeDecimal.js'
import { encodeBoolean, encodeFloat, encodeInteger } from '../internal/values/encodeNumber.js'
import { encodeSuper } from '../internal/values/encodeSuper.js'
import { encodeTemporal } from '../internal/values/encodeTemporal.js'
import { encodeText } from '../internal/values/encodeText.js'
import { encodeVarbyte } from '../internal/values/encodeVarbyte.js'
import type { Fail } from '../internal/values/Fail.js'
import { ValueEncodingError } from '../SqlError.js'
import type { ColumnModel } from '../TableModel.js'
import { formatType, type RedshiftType, type RedshiftTypeKind } from '../types/RedshiftType.js'

type Encoder<K extends RedshiftTypeKind> = (
  value: unknown,
  type: Extract<RedshiftType, { kind: K }>,
  fail: Fail,
) => string

// One entry per type kind: a new kind fails to compile until it has an encoder.
const encoders: { readonly [K in RedshiftTypeKind]: Encoder<K> } = {
  smallint: (v, t, fail) => encodeInteger(v, t.kind, fail),
  integer: (v, t, fail) => encodeInteger(v, t.kind, fail),
  bigint: (v, t, fail) => encodeInteger(v, t.kind, fail),
  decimal: (v, t, fail) => encodeDecimal(v, t.precision, t.scale, fail),
  real: (v, t, fail) => encodeFloat(v, t.kind, fail),
  double: (v, t, fail) => encodeFloat(v, t.kind, fail),
  boolean: (v, _t, fail) => encodeBoolean(v, fail),
  char: (v, t, fail) => encodeText(v, t.kind, t.length, fail),
  varchar: (v, t, fail) => encodeText(v, t.kind, t.length, fail),
  date: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  time: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  timetz: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  timestamp: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  timestamptz: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  super: (v, _t, fail) => encodeSuper(v, fail),
  varbyte: (v, t, fail) => encodeVarbyte(v, t.length, fail),
}

/**
 * Encodes one JS value as SQL text for a column: a numeric literal, a quoted literal,
 * `TRUE`/`FALSE`, `JSON_PARSE('...')`, `FROM_HEX('...')` or `NULL`. See the package README
 * for the values each type accepts.
 *
 * @throws ValueEncodingError naming the column, its type, the reason and (if given) the row.
 * @example
 * ```ts
 * const column = { name: 'price', type: RedshiftType.decimal(10, 2), nullable: true }
 * encodeValue('19.90', column)   // '19.9'
 * encodeValue(null, column)      // 'NULL'
 * encodeValue('1.999', column)   // throws ValueEncodingError (3 fractional digits)
 * ```
 */
export const encodeValue = (value: unknown, column: ColumnModel, rowIndex?: number): string => {
  const fail: Fail = (reason) => {
    throw new ValueEncodingError({
      column: column.name,
      type: formatType(column.type),
      reason,
      ...(rowIndex === undefined ? {} : { rowIndex }),
    })
  }
  if (value === null) {
    if (column.nullable) return 'NULL'
    fail('is null, but the column is NOT NULL; give it a value or make the column nullable')
  }
  if (value === undefined) {
    fail('is undefined; pass null to write NULL, or leave the field out to keep the stored value')
  }
  const encoder = encoders[column.type?.kind] as Encoder<RedshiftTypeKind> | undefined
  if (encoder === undefined) formatType(column.type) // throws InvalidTypeError
  return (encoder as Encoder<RedshiftTypeKind>)(value, column.type as never, fail)
}
