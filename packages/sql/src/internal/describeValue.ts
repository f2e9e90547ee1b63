import { preview } from './utf8.js'

/** A short description of a JS value for error messages: its kind, and the value if small. */
export const describeValue = (value: unknown): string => {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'string') return `the string ${preview(value)}`
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${value}`
  if (typeof value === 'bigint') return `the bigint ${value}n`
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a Date'
  if (value instanceof Uint8Array) return 'a Uint8Array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
