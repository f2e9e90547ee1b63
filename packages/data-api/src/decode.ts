/**
 * Turns Data API `Field`s into JavaScript values by their `ColumnMetadata`.
 */
import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data'

/** How rows are decoded. */
export interface DecodeOptions {
  /** TIMESTAMP, TIMESTAMPTZ and DATE as the database's text (default) or as `Date`. */
  readonly timestamps?: 'string' | 'date'
}

/** A decoded row: column name -> value. Repeated names get a suffix (`a`, `a_2`, ...). */
export type Row = Record<string, unknown>

const integerTypes = new Set([
  'int2',
  'int4',
  'int8',
  'smallint',
  'integer',
  'int',
  'bigint',
  'oid',
])
const floatTypes = new Set(['float4', 'float8', 'real', 'float', 'double precision', 'double'])
const decimalTypes = new Set(['numeric', 'decimal'])
const booleanTypes = new Set(['bool', 'boolean'])
const superTypes = new Set(['super', 'json', 'jsonb'])
const dateTypes = new Set([
  'timestamp',
  'timestamptz',
  'date',
  'timestamp without time zone',
  'timestamp with time zone',
])

const baseType = (typeName: string | undefined): string =>
  (typeName ?? '').toLowerCase().replace(/\(.*$/, '').trim()

const integerValue = (value: number | string): number | bigint => {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : BigInt(value)
  const big = BigInt(value)
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big
}

const toDate = (text: string, typeName: string): Date => {
  if (typeName === 'date') return new Date(`${text}T00:00:00Z`)
  // Redshift writes `2024-01-02 03:04:05[.ffffff][+00]`; read a missing zone as UTC.
  const iso = text.replace(' ', 'T')
  const zone = /([+-]\d\d)(?::?(\d\d))?$/.exec(iso.slice(10))
  if (zone !== null) {
    return new Date(`${iso.slice(0, 10 + zone.index)}${zone[1]}:${zone[2] ?? '00'}`)
  }
  return new Date(/[zZ]$/.test(iso) ? iso : `${iso}Z`)
}

/**
 * One field as a JS value: integers as number when safe and bigint otherwise, DECIMAL as
 * string, SUPER parsed, timestamps as text or `Date`, blobs as `Uint8Array`, NULL as null.
 *
 * @example
 * ```ts
 * decodeField({ longValue: 42 }, { typeName: 'int8' }) // 42
 * ```
 */
export const decodeField = (
  field: Field,
  column: ColumnMetadata | undefined,
  options: DecodeOptions = {},
): unknown => {
  if (field.isNull === true) return null
  const typeName = baseType(column?.typeName)
  if (field.longValue !== undefined) {
    return integerTypes.has(typeName) || typeName === ''
      ? integerValue(field.longValue)
      : field.longValue
  }
  if (field.doubleValue !== undefined) return field.doubleValue
  if (field.booleanValue !== undefined) return field.booleanValue
  if (field.blobValue !== undefined) return field.blobValue
  if (field.stringValue !== undefined) {
    const text = field.stringValue
    if (integerTypes.has(typeName) && /^-?\d+$/.test(text)) return integerValue(text)
    if (floatTypes.has(typeName)) return Number(text)
    if (booleanTypes.has(typeName)) return text === 't' || text === 'true'
    if (superTypes.has(typeName)) return parseSuper(text)
    if (decimalTypes.has(typeName)) return text
    if (options.timestamps === 'date' && dateTypes.has(typeName)) return toDate(text, typeName)
    return text
  }
  return null
}

const parseSuper = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    // A SUPER holding a bare string is sent as that string.
    return text
  }
}

/**
 * Column names made unique in order: `['a', 'a', 'b']` -> `['a', 'a_2', 'b']`.
 *
 * @example
 * ```ts
 * columnKeys([{ name: 'id' }, { name: 'id' }]) // ['id', 'id_2']
 * ```
 */
export const columnKeys = (columns: ReadonlyArray<ColumnMetadata>): ReadonlyArray<string> => {
  const seen = new Set<string>()
  return columns.map((c, i) => {
    const base = c.name ?? c.label ?? `column_${i + 1}`
    let key = base
    for (let n = 2; seen.has(key); n++) key = `${base}_${n}`
    seen.add(key)
    return key
  })
}

/**
 * One record as a row object keyed by column name.
 *
 * @example
 * ```ts
 * decodeRecord([{ longValue: 1 }], [{ name: 'id', typeName: 'int4' }], ['id']) // { id: 1 }
 * ```
 */
export const decodeRecord = (
  record: ReadonlyArray<Field>,
  columns: ReadonlyArray<ColumnMetadata>,
  keys: ReadonlyArray<string>,
  options: DecodeOptions = {},
): Row => {
  const row: Row = {}
  record.forEach((field, i) => {
    const key = keys[i] ?? `column_${i + 1}`
    Object.defineProperty(row, key, {
      value: decodeField(field, columns[i], options),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  })
  return row
}
