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

const failFor =
  (column: ColumnModel, rowIndex: number | undefined): Fail =>
  (reason) => {
    throw new ValueEncodingError({
      column: column.name,
      type: formatType(column.type),
      reason,
      ...(rowIndex === undefined ? {} : { rowIndex }),
    })
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
  if (value === null) {
    if (column.nullable) return null
    failFor(
      column,
      rowIndex,
    )('is null, but the column is NOT NULL; give it a value or make the column nullable')
  }
  if (value === undefined) {
    failFor(
      column,
      rowIndex,
    )('is undefined; pass null to write NULL, or leave the field out to keep the stored value')
  }
  const encoder = textEncoders[column.type?.kind] as Encoder<RedshiftTypeKind> | undefined
  if (encoder === undefined) formatType(column.type) // throws InvalidTypeError
  tally.bytes = -1
  const text = (encoder as Encoder<RedshiftTypeKind>)(
    value,
    column.type as never,
    failFor(column, rowIndex),
    tally,
  )
  if (tally.bytes < 0) tally.bytes = text.length
  return text
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
  const fail: Fail = (reason) => {
    throw new ValueEncodingError({
      column: column.name,
      type: formatType(column.type),
      reason,
      ...(rowIndex === undefined ? {} : { rowIndex }),
    })
  }
  if (value === null) {
    if (column.nullable) {
      tally.bytes = 4
      return 'NULL'
    }
    fail('is null, but the column is NOT NULL; give it a value or make the column nullable')
  }
  if (value === undefined) {
    fail('is undefined; pass null to write NULL, or leave the field out to keep the stored value')
  }
  const encoder = encoders[column.type?.kind] as Encoder<RedshiftTypeKind> | undefined
  if (encoder === undefined) formatType(column.type) // throws InvalidTypeError
  tally.bytes = -1
  const sql = (encoder as Encoder<RedshiftTypeKind>)(value, column.type as never, fail, tally)
  if (tally.bytes < 0) tally.bytes = sql.length
  return sql
}
