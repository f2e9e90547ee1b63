import { TypeLimits } from '../../types/RedshiftType.js'
import { describeValue } from '../describeValue.js'
import { stringLiteral } from '../stringLiteral.js'
import { loneSurrogateIndex, utf8ByteLength } from '../utf8.js'
import type { ByteTally } from './ByteTally.js'
import type { Fail } from './Fail.js'

/** Deepest nesting accepted in a SUPER value (guards the encoder's stack). */
export const MAX_SUPER_DEPTH = 1000

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * What the JSON text costs beyond one byte per UTF-16 unit: the sum, over its strings, of their
 * UTF-8 bytes minus their length. Everything else in the JSON (punctuation, numbers, escapes)
 * is ASCII, and JSON.stringify keeps every non-ASCII character of a well-formed string as is.
 */
interface JsonBytes {
  extra: number
}

const jsonString = (text: string, path: string, fail: Fail, size: JsonBytes): string => {
  if (text.includes('\u0000')) fail(`has NUL in the string at ${path}, which Redshift cannot store`)
  if (loneSurrogateIndex(text) >= 0) fail(`has a lone UTF-16 surrogate in the string at ${path}`)
  const bytes = utf8ByteLength(text)
  if (bytes > TypeLimits.maxSuperStringBytes) {
    fail(
      `has a string of ${bytes} UTF-8 bytes at ${path}, over SUPER's ${TypeLimits.maxSuperStringBytes} per string`,
    )
  }
  size.extra += bytes - text.length
  return JSON.stringify(text)
}

const toJson = (
  value: unknown,
  path: string,
  depth: number,
  ancestors: Set<object>,
  fail: Fail,
  size: JsonBytes,
): string => {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return jsonString(value, path, fail, size)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) fail(`has ${value} at ${path}, which JSON cannot hold`)
      return String(value)
    case 'object':
      break
    default:
      fail(
        `has ${describeValue(value)} at ${path}; SUPER takes JSON values only (convert a bigint to a string)`,
      )
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(`has an invalid Date at ${path}`)
    return JSON.stringify(value.toISOString())
  }
  if (depth >= MAX_SUPER_DEPTH) fail(`is nested deeper than ${MAX_SUPER_DEPTH} levels at ${path}`)
  if (ancestors.has(value)) fail(`refers to itself at ${path} (a cycle)`)
  ancestors.add(value)
  let json: string
  if (Array.isArray(value)) {
    const items: Array<string> = []
    value.forEach((item: unknown, i) => {
      if (item === undefined) fail(`has undefined at ${path}[${i}]; use null`)
      items.push(toJson(item, `${path}[${i}]`, depth + 1, ancestors, fail, size))
    })
    json = `[${items.join(',')}]`
  } else if (isPlainObject(value)) {
    const members: Array<string> = []
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue
      const itemPath = `${path}.${key}`
      members.push(
        `${jsonString(key, itemPath, fail, size)}:${toJson(item, itemPath, depth + 1, ancestors, fail, size)}`,
      )
    }
    json = `{${members.join(',')}}`
  } else {
    fail(
      `has an instance of ${value.constructor?.name ?? 'a class'} at ${path}; SUPER takes plain objects, arrays and JSON scalars`,
    )
  }
  ancestors.delete(value)
  return json
}

/**
 * Whether `JSON.stringify(value)` writes exactly what `toJson` would, strings aside: only
 * null, booleans, finite numbers, strings, and arrays and plain objects of them, without
 * `undefined` in arrays (or holes), without `toJSON` methods (Dates have one), nested less than
 * `MAX_SUPER_DEPTH` levels (which also stops at a cycle). Anything else goes to `toJson`, which
 * accepts or rejects it with its reason.
 */
const writesAsNative = (value: unknown, depth: number): boolean => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object':
      break
    default:
      return false
  }
  if (value === null) return true
  if (depth >= MAX_SUPER_DEPTH) return false
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // A hole reads as undefined, which is not written as native either.
      if (!writesAsNative(value[i], depth + 1)) return false
    }
    return true
  }
  if (!isPlainObject(value)) return false
  const members = value as Readonly<Record<string, unknown>>
  for (const key of Object.keys(members)) {
    const item = members[key]
    if (item !== undefined && !writesAsNative(item, depth + 1)) return false
  }
  return true
}

/**
 * The JSON of a value through the native `JSON.stringify`, when that is exactly `toJson`'s
 * text and `toJson` would accept it; else undefined. Its strings are checked on the output: an
 * escape `\u` stands for NUL, a lone surrogate or another control character, and only a value
 * over 65535 bytes can hold a string over SUPER's limit; such values go to `toJson` as well.
 * Sets `tally.bytes` to the JSON's UTF-8 bytes when it returns the text. (A getter in the value
 * is read by the walk and again by `JSON.stringify`.)
 */
const nativeJson = (value: unknown, tally: ByteTally): string | undefined => {
  if (!writesAsNative(value, 0)) return undefined
  const json = JSON.stringify(value)
  if (json.includes('\\u')) return undefined
  const bytes = utf8ByteLength(json)
  if (bytes > TypeLimits.maxSuperStringBytes) return undefined
  tally.bytes = bytes
  return json
}

/**
 * The JSON text of a SUPER value: a plain object, array, string, finite number or boolean
 * (nested Dates become ISO strings). Limits: 16 MB of JSON, 65535 UTF-8 bytes per string.
 * `tally.bytes` is set to the JSON's UTF-8 bytes, from the strings' byte counts.
 */
export const superJson = (value: unknown, fail: Fail, tally: ByteTally): string =>
  nativeJson(value, tally) ?? carefulSuperJson(value, fail, tally)

/** `superJson` through `toJson` alone: every check on the way, with the path of what fails. */
export const carefulSuperJson = (value: unknown, fail: Fail, tally: ByteTally): string => {
  const size: JsonBytes = { extra: 0 }
  const json = toJson(value, '$', 0, new Set(), fail, size)
  const bytes = json.length + size.extra
  if (bytes > TypeLimits.maxSuperBytes) {
    fail(`is ${bytes} bytes of JSON, over SUPER's ${TypeLimits.maxSuperBytes} per value`)
  }
  tally.bytes = bytes
  return json
}

/**
 * Encodes a SUPER value (see `superJson`), written as `JSON_PARSE('<json>')`. A string is
 * stored as a SUPER string, not parsed as JSON text. The SQL's UTF-8 bytes go to `tally`.
 */
export const encodeSuper = (value: unknown, fail: Fail, tally: ByteTally): string => {
  const json = superJson(value, fail, tally)
  // Every string in the JSON was checked for NUL and lone surrogates; the rest is ASCII.
  const sql = `JSON_PARSE(${stringLiteral(json)})`
  // The doubled quotes and backslashes of the literal and JSON_PARSE( ) are ASCII.
  tally.bytes += sql.length - json.length
  return sql
}
