import { dateText, offsetText, parseDateTime, parseEpoch, parseTime, timeText } from './datetime.js'
import { checkJsonText, JsonSyntaxError, type JsonValue } from './jsonValue.js'
import { byteLength, truncateToBytes } from './utf8.js'

/** The column types COPY loads. */
export type ColumnKind =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'numeric'
  | 'float4'
  | 'float8'
  | 'bool'
  | 'char'
  | 'varchar'
  | 'date'
  | 'time'
  | 'timetz'
  | 'timestamp'
  | 'timestamptz'
  | 'super'
  | 'varbyte'

/** One column of the COPY's target table. */
export interface CopyColumn {
  readonly name: string
  readonly kind: ColumnKind
  /** Bytes for CHAR/VARCHAR/VARBYTE; precision for DECIMAL. */
  readonly length: number
  /** Scale for DECIMAL. */
  readonly scale: number
  readonly notNull: boolean
}

/** How values are converted (the COPY's data conversion parameters). */
export interface ConversionOptions {
  readonly emptyAsNull: boolean
  readonly blanksAsNull: boolean
  readonly trimBlanks: boolean
  readonly truncateColumns: boolean
  readonly roundDecimals: boolean
  readonly dateFormat: string | undefined
  readonly timeFormat: string | undefined
}

/** A value COPY cannot load into its column: one row of STL_LOAD_ERRORS. */
export class FieldError {
  constructor(
    /** Redshift's load error code (see "Load error reference"). */
    readonly code: number,
    readonly reason: string,
    /** 0-based position in the field where the problem is. */
    readonly position = 0,
  ) {}
}

/** A field of CSV/text (after NULL AS was checked) or a member of a JSON object. */
export type FieldInput =
  | { readonly kind: 'text'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'json'; readonly value: JsonValue }

const BLANK = /^\s+$/

const isCharacter = (kind: ColumnKind): boolean => kind === 'char' || kind === 'varchar'

const typeWord: Record<ColumnKind, string> = {
  int2: 'Short',
  int4: 'Integer',
  int8: 'Long',
  numeric: 'Decimal',
  float4: 'Float',
  float8: 'Double',
  bool: 'Boolean',
  char: 'Char',
  varchar: 'Varchar',
  date: 'Date',
  time: 'Time',
  timetz: 'Timetz',
  timestamp: 'Timestamp',
  timestamptz: 'Timestamptz',
  super: 'Super',
  varbyte: 'Varbyte',
}

const INTEGER_RANGES: Record<string, readonly [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
}

const INTEGER_RANGES_NUMBER: Record<string, readonly [number, number]> = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  int8: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
}

const invalidDigit = (text: string, at: number, kind: ColumnKind, code = 1207): FieldError =>
  new FieldError(
    code,
    `Invalid digit, Value '${text[at] ?? ''}', Pos ${at}, Type: ${typeWord[kind]}`,
    at,
  )

/** The first position in `text` that `allowed` rejects. */
const firstBad = (text: string, allowed: RegExp): number => {
  for (let i = 0; i < text.length; i++) if (!allowed.test(text[i] as string)) return i
  return text.length
}

const integerText = (text: string, kind: ColumnKind): string => {
  const t = text.trim()
  if (!/^[+-]?\d+$/.test(t)) {
    const offset = text.indexOf(t)
    const signed = /^[+-]/.test(t) ? 1 : 0
    const bad = signed + firstBad(t.slice(signed), /\d/)
    throw invalidDigit(text, offset + Math.min(bad, Math.max(t.length - 1, 0)), kind)
  }
  // Up to 15 digits a double is exact: no BigInt needed.
  if (t.length <= 15) {
    const value = Number(t)
    const [min, max] = INTEGER_RANGES_NUMBER[kind] as readonly [number, number]
    if (value < min || value > max) {
      throw new FieldError(1204, `Overflow, Value '${t}', Pos 0, Type: ${typeWord[kind]}`)
    }
    return `${value === 0 ? 0 : value}`
  }
  const value = BigInt(t)
  const [min, max] = INTEGER_RANGES[kind] as readonly [bigint, bigint]
  if (value < min || value > max) {
    throw new FieldError(1204, `Overflow, Value '${t}', Pos 0, Type: ${typeWord[kind]}`)
  }
  return value.toString()
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
const LEADING_ZEROS = /^0+/
const NON_ZERO = /[1-9]/

/** A decimal in text, truncated (or with ROUNDEC rounded half away from zero) to `scale`. */
const decimalText = (
  text: string,
  precision: number,
  scale: number,
  round: boolean,
  kind: ColumnKind,
): string => {
  const t = text.trim()
  const m = DECIMAL.exec(t)
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
    const offset = text.indexOf(t)
    throw invalidDigit(
      text,
      offset + Math.min(firstBad(t, /[\d.+-]/), Math.max(t.length - 1, 0)),
      kind,
    )
  }
  const negative = m[1] === '-'
  const fraction = m[3] ?? ''
  if (m[4] === undefined && fraction.length <= scale) {
    // Nothing to drop or round: the digits as written, without leading zeros, padded to scale.
    const integer = (m[2] ?? '').replace(LEADING_ZEROS, '')
    if (integer.length > precision - scale) {
      throw new FieldError(
        1204,
        `Numeric data overflow (result precision), Value '${t}', Type: Decimal`,
      )
    }
    const padded = fraction.padEnd(scale, '0')
    const body = scale > 0 ? `${integer || '0'}.${padded}` : integer || '0'
    return negative && (integer !== '' || NON_ZERO.test(padded)) ? `-${body}` : body
  }
  let digits = `${m[2] ?? ''}${fraction}`
  let point = (m[2] ?? '').length + Number(m[4] ?? 0)
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  if (point > digits.length) digits = digits.padEnd(point, '0')
  let units = BigInt(
    `${digits.slice(0, point) || '0'}${digits.slice(point, point + scale).padEnd(scale, '0')}`,
  )
  const dropped = digits.slice(point + scale)
  if (round && dropped !== '' && Number(dropped[0]) >= 5) units += 1n
  const whole = units.toString().padStart(scale + 1, '0')
  const intPart = whole.slice(0, whole.length - scale)
  if (intPart.replace(/^0+/, '').length > precision - scale) {
    throw new FieldError(
      1204,
      `Numeric data overflow (result precision), Value '${t}', Type: Decimal`,
    )
  }
  const body = scale > 0 ? `${intPart}.${whole.slice(whole.length - scale)}` : intPart
  return negative && units !== 0n ? `-${body}` : body
}

const floatText = (text: string, kind: 'float4' | 'float8'): string => {
  const t = text.trim()
  const lower = t.toLowerCase()
  if (['nan', 'inf', 'infinity', '+inf', '+infinity', '-inf', '-infinity'].includes(lower)) {
    return lower.includes('nan') ? 'NaN' : lower.startsWith('-') ? '-Infinity' : 'Infinity'
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    throw new FieldError(
      1208,
      `Invalid floating point value, Value '${t}', Type: ${typeWord[kind]}`,
    )
  }
  const value = Number(t)
  const stored = kind === 'float4' ? Math.fround(value) : value
  if (!Number.isFinite(stored) || (value !== 0 && stored === 0)) {
    throw new FieldError(1204, `Overflow, Value '${t}', Type: ${typeWord[kind]}`)
  }
  return t
}

const TRUE_WORDS = new Set(['t', 'true', '1', 'y', 'yes'])
const FALSE_WORDS = new Set(['f', 'false', '0', 'n', 'no'])

const boolText = (text: string): string => {
  const t = text.trim().toLowerCase()
  if (TRUE_WORDS.has(t)) return 't'
  if (FALSE_WORDS.has(t)) return 'f'
  throw new FieldError(1210, `Invalid boolean value, Value '${text.trim()}'`)
}

const firstMultibyte = (text: string): string | undefined => {
  for (const char of text) if (char.charCodeAt(0) > 127) return char
  return undefined
}

const characterText = (text: string, column: CopyColumn, options: ConversionOptions): string => {
  if (text.includes('\u0000')) {
    throw new FieldError(1216, 'String contains NUL (0x00), which the emulator cannot store')
  }
  let value = options.trimBlanks && column.kind === 'varchar' ? text.replace(/\s+$/, '') : text
  if (column.kind === 'char') {
    const multibyte = firstMultibyte(value)
    if (multibyte !== undefined) {
      throw new FieldError(
        1220,
        `Multibyte character not supported for CHAR (Hint: Try using VARCHAR). Invalid char: ${Buffer.from(multibyte).toString('hex')}`,
        value.indexOf(multibyte),
      )
    }
    // CHAR pads with blanks, so trailing blanks never make a value too long.
    if (value.length > column.length && value.slice(column.length).trim() === '') {
      value = value.slice(0, column.length)
    }
  }
  if (byteLength(value) > column.length) {
    if (!options.truncateColumns) {
      throw new FieldError(1204, 'String length exceeds DDL length', column.length)
    }
    value = truncateToBytes(value, column.length)
  }
  return value
}

const formatLabel = (format: string | undefined, fallback: string): string =>
  format === undefined ? fallback : format

const timestampText = (text: string, column: CopyColumn, options: ConversionOptions): string => {
  const format = options.timeFormat
  const parts =
    format === 'epochsecs' || format === 'epochmillisecs'
      ? parseEpoch(text, format)
      : parseDateTime(text, format)
  if (parts === undefined) {
    throw new FieldError(
      1206,
      `Error in Timestamp value or format [${formatLabel(format, column.kind === 'timestamptz' ? '%Y-%m-%d %H:%M:%S%z' : '%Y-%m-%d %H:%M:%S')}]`,
    )
  }
  const local = `${dateText(parts)} ${timeText(parts)}`
  if (column.kind === 'timestamptz') return `${local}${offsetText(parts.offsetMinutes ?? 0)}`
  if (parts.offsetMinutes === undefined || parts.offsetMinutes === 0) return local
  // A TIMESTAMP column keeps UTC: an offset in the value is applied, not dropped.
  const utc = new Date(
    Date.UTC(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute - parts.offsetMinutes,
      parts.second,
    ),
  )
  return `${dateText({ ...parts, year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() })} ${timeText({ ...parts, hour: utc.getUTCHours(), minute: utc.getUTCMinutes(), second: utc.getUTCSeconds() })}`
}

const dateValueText = (text: string, options: ConversionOptions): string => {
  const parts = parseDateTime(text, options.dateFormat)
  if (parts === undefined) {
    throw new FieldError(
      1205,
      `Error in Date value or format [${formatLabel(options.dateFormat, '%Y-%m-%d')}]`,
    )
  }
  return dateText(parts)
}

const timeValueText = (text: string, column: CopyColumn): string => {
  const parts = parseTime(text, column.kind === 'timetz')
  if (parts === undefined) {
    throw new FieldError(
      1206,
      `Error in Time value or format [%H:%M:%S${column.kind === 'timetz' ? '%z' : ''}]`,
    )
  }
  const time = timeText(parts)
  return column.kind === 'timetz' ? `${time}${offsetText(parts.offsetMinutes ?? 0)}` : time
}

const superText = (text: string): string => {
  try {
    return checkJsonText(text)
  } catch (error) {
    if (JsonSyntaxError.is(error)) {
      throw new FieldError(1224, `Invalid JSON for SUPER: ${error.message}`, error.position)
    }
    if (error instanceof RangeError)
      throw new FieldError(1224, 'Invalid JSON for SUPER: nested too deeply')
    throw error
  }
}

const varbyteText = (text: string, column: CopyColumn): string => {
  const t = text.trim()
  const bad = firstBad(t, /[0-9a-fA-F]/)
  if (bad < t.length || t.length % 2 !== 0) {
    throw new FieldError(
      1219,
      `Invalid hexadecimal digit for VARBYTE, Value '${t[Math.min(bad, t.length - 1)] ?? ''}', Pos ${Math.min(bad, t.length)}`,
      Math.min(bad, t.length),
    )
  }
  if (t.length / 2 > column.length) {
    throw new FieldError(1204, 'Varbyte length exceeds DDL length', column.length)
  }
  return `\\x${t}`
}

/** Converts text to the column's PostgreSQL input text, or throws FieldError. */
const fromText = (text: string, column: CopyColumn, options: ConversionOptions): string => {
  switch (column.kind) {
    case 'int2':
    case 'int4':
    case 'int8':
      return integerText(text, column.kind)
    case 'numeric':
      return decimalText(text, column.length, column.scale, options.roundDecimals, column.kind)
    case 'float4':
    case 'float8':
      return floatText(text, column.kind)
    case 'bool':
      return boolText(text)
    case 'char':
    case 'varchar':
      return characterText(text, column, options)
    case 'date':
      return dateValueText(text, options)
    case 'time':
    case 'timetz':
      return timeValueText(text, column)
    case 'timestamp':
    case 'timestamptz':
      return timestampText(text, column, options)
    case 'super':
      return superText(text)
    case 'varbyte':
      return varbyteText(text, column)
  }
}

/**
 * The text COPY stores for one field, or null for NULL. Follows the data conversion
 * parameters: an empty field is NULL for every non-character type (and for CHAR/VARCHAR with
 * EMPTYASNULL), a blank one too (for CHAR/VARCHAR only with BLANKSASNULL). A JSON number
 * bound for DECIMAL goes through a double, as the COPY-from-JSON page warns it may lose
 * precision; a quoted (string) number loads exactly.
 *
 * @example
 * convertField({ kind: 'text', text: '12.349', quoted: false }, decimal10_2, options) // '12.34'
 */
export const convertField = (
  input: FieldInput,
  column: CopyColumn,
  options: ConversionOptions,
): string | null => {
  let text: string
  if (input.kind === 'json') {
    const value = input.value
    switch (value.kind) {
      case 'null':
        return null
      case 'boolean':
        if (column.kind === 'bool') return value.value ? 't' : 'f'
        text = String(value.value)
        if (column.kind === 'super') return text
        break
      case 'number':
        if (column.kind === 'super') return value.raw
        if (column.kind === 'numeric') {
          return decimalText(
            Number(value.raw).toPrecision(17),
            column.length,
            column.scale,
            options.roundDecimals,
            column.kind,
          )
        }
        text = value.raw
        break
      case 'string':
        if (column.kind === 'super') return JSON.stringify(value.value)
        text = value.value
        break
      case 'object':
      case 'array':
        if (column.kind === 'super') return value.text
        if (!isCharacter(column.kind)) {
          throw new FieldError(
            1216,
            `Invalid JSON ${value.kind} for a column of type ${typeWord[column.kind]}`,
          )
        }
        return characterText(value.text, column, options)
    }
  } else {
    text = input.text
  }
  return convertText(text, input.kind === 'text' && input.quoted, column, options)
}

/**
 * The text COPY stores for a CSV/text field (or a JSON scalar as text), or null for NULL:
 * `convertField` for text without building its input object.
 *
 * @example
 * convertText('12.349', false, decimal10_2, options) // '12.34'
 */
export const convertText = (
  text: string,
  quoted: boolean,
  column: CopyColumn,
  options: ConversionOptions,
): string | null => {
  // A quoted CSV field is always a value: only unquoted empty or blank fields become NULL.
  if (text === '') {
    if (!isCharacter(column.kind)) return null
    return options.emptyAsNull && !quoted ? null : ''
  }
  // Text starting with a printable ASCII character is never blank: skip the expression.
  const first = text.charCodeAt(0)
  if ((first <= 0x20 || first >= 0x7f) && BLANK.test(text)) {
    if (!isCharacter(column.kind)) return null
    if (options.blanksAsNull && !quoted) return null
  }
  return fromText(text, column, options)
}
