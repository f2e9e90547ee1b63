/**
 * Writes a handler's output as JSON text without losing precision: `bigint` values
 * become exact JSON integers, `Uint8Array` becomes base64 (the wire form of a model
 * blob), `Date` becomes epoch seconds (the wire form of a model timestamp). Members
 * whose value is `undefined` are left out; non-finite numbers are written as null.
 *
 * @example
 * writeJson({ longValue: 9007199254740993n }) // '{"longValue":9007199254740993}'
 */
export const writeJson = (value: unknown): string => {
  const parts: Array<string> = []
  writeValue(value, parts, new Set())
  return parts.join('')
}

const writeValue = (value: unknown, parts: Array<string>, seen: Set<object>): void => {
  switch (typeof value) {
    case 'string':
      parts.push(JSON.stringify(value))
      return
    case 'number':
      parts.push(Number.isFinite(value) ? String(value) : 'null')
      return
    case 'bigint':
      parts.push(value.toString())
      return
    case 'boolean':
      parts.push(value ? 'true' : 'false')
      return
    case 'undefined':
    case 'function':
    case 'symbol':
      parts.push('null')
      return
    case 'object':
      break
  }
  if (value === null) {
    parts.push('null')
    return
  }
  if (value instanceof Uint8Array) {
    parts.push(
      JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64')),
    )
    return
  }
  if (value instanceof Date) {
    parts.push(String(value.getTime() / 1000))
    return
  }
  if (seen.has(value)) {
    throw new TypeError('writeJson: the value contains a cycle and cannot be written as JSON')
  }
  seen.add(value)
  if (Array.isArray(value)) {
    parts.push('[')
    value.forEach((item: unknown, index) => {
      if (index > 0) parts.push(',')
      writeValue(item, parts, seen)
    })
    parts.push(']')
  } else {
    parts.push('{')
    let first = true
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue
      if (!first) parts.push(',')
      first = false
      parts.push(JSON.stringify(key), ':')
      writeValue(member, parts, seen)
    }
    parts.push('}')
  }
  seen.delete(value)
}
