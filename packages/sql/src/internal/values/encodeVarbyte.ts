import { describeValue } from '../describeValue.js'
import type { Fail } from './Fail.js'

/** The hexadecimal text of a VARBYTE(n) value from a Uint8Array (a Buffer is one). */
export const varbyteHex = (value: unknown, length: number, fail: Fail): string => {
  if (!(value instanceof Uint8Array)) fail(`is ${describeValue(value)}; expected a Uint8Array`)
  if (value.length > length) {
    fail(`is ${value.length} bytes long, over the ${length} bytes of VARBYTE(${length})`)
  }
  let hex = ''
  for (const byte of value) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/** Encodes VARBYTE(n) from a Uint8Array (a Buffer is one) as `FROM_HEX('...')`. */
export const encodeVarbyte = (value: unknown, length: number, fail: Fail): string =>
  `FROM_HEX('${varbyteHex(value, length, fail)}')`
