import { ValueEncodingError } from '../../SqlError.js'
import type { ColumnModel } from '../../TableModel.js'
import { formatType, type RedshiftType, type RedshiftTypeKind } from '../../types/RedshiftType.js'
import type { ByteTally } from './ByteTally.js'
import { encodeDecimal } from './encodeDecimal.js'
import { checkedBoolean, encodeBoolean, encodeFloat, encodeInteger } from './encodeNumber.js'
import { encodeSuper, superJson } from './encodeSuper.js'
import { encodeTemporal, temporalText } from './encodeTemporal.js'
import { checkedText, encodeText } from './encodeText.js'
import { encodeVarbyte, varbyteHex } from './encodeVarbyte.js'
import type { Fail } from './Fail.js'

type Encoder<K extends RedshiftTypeKind> = (
  value: unknown,
  type: Extract<RedshiftType, { kind: K }>,
  fail: Fail,
  tally: ByteTally,
) => string

// One entry per type kind: a new kind fails to compile until it has an encoder. Encoders that
// take no tally write ASCII only (digits, signs, keywords, hex, ISO dates).
const encoders: { readonly [K in RedshiftTypeKind]: Encoder<K> } = {
  smallint: (v, t, fail) => encodeInteger(v, t.kind, fail),
  integer: (v, t, fail) => encodeInteger(v, t.kind, fail),
  bigint: (v, t, fail) => encodeInteger(v, t.kind, fail),
  decimal: (v, t, fail) => encodeDecimal(v, t.precision, t.scale, fail),
  real: (v, t, fail) => encodeFloat(v, t.kind, fail),
  double: (v, t, fail) => encodeFloat(v, t.kind, fail),
  boolean: (v, _t, fail) => encodeBoolean(v, fail),
  char: (v, t, fail, tally) => encodeText(v, t.kind, t.length, fail, tally),
  varchar: (v, t, fail, tally) => encodeText(v, t.kind, t.length, fail, tally),
  date: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  time: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  timetz: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  timestamp: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  timestamptz: (v, t, fail) => encodeTemporal(v, t.kind, fail),
  super: (v, _t, fail, tally) => encodeSuper(v, fail, tally),
  varbyte: (v, t, fail) => encodeVarbyte(v, t.length, fail),
}

// The same checks, giving the value's plain text as COPY reads it (no SQL quoting): numbers
// and decimals as for SQL, booleans `true`/`false`, dates and times unquoted, SUPER as JSON
// text, VARBYTE as hexadecimal. Text encoders set `tally.bytes` when the text may be multi-byte.
const textEncoders: { readonly [K in RedshiftTypeKind]: Encoder<K> } = {
  smallint: encoders.smallint,
  integer: encoders.integer,
  bigint: encoders.bigint,
  decimal: encoders.decimal,
  real: encoders.real,
  double: encoders.double,
  boolean: (v, _t, fail) => (checkedBoolean(v, fail) ? 'true' : 'false'),
  char: (v, t, fail, tally) => checkedText(v, t.kind, t.length, fail, tally),
  varchar: (v, t, fail, tally) => checkedText(v, t.kind, t.length, fail, tally),
  date: (v, t, fail) => temporalText(v, t.kind, fail),
  time: (v, t, fail) => temporalText(v, t.kind, fail),
  timetz: (v, t, fail) => temporalText(v, t.kind, fail),
  timestamp: (v, t, fail) => temporalText(v, t.kind, fail),
  timestamptz: (v, t, fail) => temporalText(v, t.kind, fail),
  super: (v, _t, fail, tally) => superJson(v, fail, tally),
  varbyte: (v, t, fail) => varbyteHex(v, t.length, fail),
}

/** What `failValue` throws inside an encoder; `encodeWith` turns it into the column's error. */
class ValueFailure extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

// One function for every value: a closure per value (naming its column and row) cost an
// allocation for each value encoded, and values fail rarely.
const failValue: Fail = (reason) => {
  throw new ValueFailure(reason)
}

const valueError = (
  column: ColumnModel,
  rowIndex: number | undefined,
  reason: string,
): ValueEncodingError =>
  new ValueEncodingError({
    column: column.name,
    type: formatType(column.type),
    reason,
    ...(rowIndex === undefined ? {} : { rowIndex }),
  })

/** The checks every value gets before its type's encoder: NULL in a NOT NULL column, undefined. */
const checkDefined = (value: unknown, column: ColumnModel, rowIndex: number | undefined): void => {
  if (value === null && !column.nullable) {
    throw valueError(
      column,
      rowIndex,
      'is null, but the column is NOT NULL; give it a value or make the column nullable',
    )
  }
  if (value === undefined) {
    throw valueError(
      column,
      rowIndex,
      'is undefined; pass null to write NULL, or leave the field out to keep the stored value',
    )
  }
}

/** Runs a type's encoder; `tally.bytes` is the text's length unless the encoder sets it. */
const encodeWith = (
  encoders: { readonly [K in RedshiftTypeKind]: Encoder<K> },
  value: unknown,
  column: ColumnModel,
  rowIndex: number | undefined,
  tally: ByteTally,
): string => {
  const encoder = encoders[column.type?.kind] as Encoder<RedshiftTypeKind> | undefined
  if (encoder === undefined) formatType(column.type) // throws InvalidTypeError
  tally.bytes = -1
  let text: string
  try {
    text = (encoder as Encoder<RedshiftTypeKind>)(value, column.type as never, failValue, tally)
  } catch (error) {
    if (error instanceof ValueFailure) throw valueError(column, rowIndex, error.reason)
    throw error
  }
  if (tally.bytes < 0) tally.bytes = text.length
  return text
}

/**
 * Checks one value for a column exactly as `encodeColumnValue` does and returns its plain text
 * as COPY reads it, or null for NULL; `tally.bytes` is set to the text's UTF-8 bytes.
 */
export const encodeColumnText = (
  value: unknown,
  column: ColumnModel,
  rowIndex: number | undefined,
  tally: ByteTally,
): string | null => {
  checkDefined(value, column, rowIndex)
  if (value === null) return null
  return encodeWith(textEncoders, value, column, rowIndex, tally)
}

/**
 * Encodes one value for a column (see `encodeValue`) and sets `tally.bytes` to the UTF-8 bytes
 * of the returned SQL text.
 */
export const encodeColumnValue = (
  value: unknown,
  column: ColumnModel,
  rowIndex: number | undefined,
  tally: ByteTally,
): string => {
  checkDefined(value, column, rowIndex)
  if (value === null) {
    tally.bytes = 4
    return 'NULL'
  }
  return encodeWith(encoders, value, column, rowIndex, tally)
}
