import { describeValue } from '../describeValue.js'
import type { Fail } from './Fail.js'

const integerRanges = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
} as const

/** The ranges for number values: a safe integer within one is written as its bigint is. */
const numberRanges = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const

/** Largest finite REAL (float4). */
const maxReal = 3.4028234663852886e38

/** Encodes an integer for SMALLINT, INTEGER or BIGINT: a number, a bigint or an integer string. */
export const encodeInteger = (
  value: unknown,
  kind: keyof typeof integerRanges,
  fail: Fail,
): string => {
  let n: bigint
  if (typeof value === 'bigint') n = value
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`is ${value}, not a finite number`)
    if (!Number.isInteger(value)) fail(`is ${value}, not an integer`)
    if (!Number.isSafeInteger(value)) {
      fail(
        `is ${value}, beyond Number.MAX_SAFE_INTEGER, so it may have lost precision; pass a bigint or an integer string`,
      )
    }
    const range = numberRanges[kind]
    if (value >= range[0] && value <= range[1]) return String(value)
    n = BigInt(value)
  } else if (typeof value === 'string' && /^[+-]?[0-9]{1,40}$/.test(value)) n = BigInt(value)
  else fail(`is ${describeValue(value)}; expected an integer number, a bigint or an integer string`)
  const [min, max] = integerRanges[kind]
  if (n < min || n > max) {
    fail(`is ${n}, outside the ${kind.toUpperCase()} range ${min} to ${max}`)
  }
  return n.toString()
}

const numericString = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/

/** Encodes a REAL or DOUBLE PRECISION: a finite number, a safe bigint or a numeric string. */
export const encodeFloat = (value: unknown, kind: 'real' | 'double', fail: Fail): string => {
  let n: number
  if (typeof value === 'number') n = value
  else if (typeof value === 'bigint') {
    n = Number(value)
    if (!Number.isSafeInteger(n)) fail(`is ${value}n, too large to convert to a float exactly`)
  } else if (typeof value === 'string' && value.length <= 400 && numericString.test(value)) {
    n = Number(value)
  } else fail(`is ${describeValue(value)}; expected a finite number or a numeric string`)
  if (!Number.isFinite(n))
    fail(`is ${String(value)}, not a finite number (Redshift stores no NaN or Infinity here)`)
  if (kind === 'real') {
    // REAL is IEEE single precision: the value is rounded to it on the way in.
    const single = Math.fround(n)
    if (!Number.isFinite(single)) {
      fail(`is ${n}, beyond the REAL range of +-${maxReal}; use DOUBLE PRECISION`)
    }
    if (single === 0 && n !== 0) {
      fail(`is ${n}, too small for REAL (it would round to 0); use DOUBLE PRECISION`)
    }
  }
  return String(n)
}

/** Checks a BOOLEAN value: a JS boolean. */
export const checkedBoolean = (value: unknown, fail: Fail): boolean => {
  if (typeof value !== 'boolean') fail(`is ${describeValue(value)}; expected true or false`)
  return value
}

/** Encodes a BOOLEAN from a JS boolean. */
export const encodeBoolean = (value: unknown, fail: Fail): string => {
  return checkedBoolean(value, fail) ? 'TRUE' : 'FALSE'
}
