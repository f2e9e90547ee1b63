import { assertIdentifier, isSqlError } from '@redstore/sql'

/** A value as a message names it: `missing`, `null`, `an array`, `a number`. */
export const describeValue = (u: unknown): string =>
  u === undefined
    ? 'missing'
    : u === null
      ? 'null'
      : Array.isArray(u)
        ? 'an array'
        : typeof u === 'object'
          ? 'an object'
          : `a ${typeof u}`

/** A possibly long or hostile name, quoted and cut for messages. */
export const quoted = (name: string): string =>
  name.length <= 60 ? JSON.stringify(name) : `${JSON.stringify(name.slice(0, 60))}...`

/** Why `value` cannot be a Redshift identifier (`is empty`, ...), or undefined when it can. */
export const identifierIssue = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return `is ${describeValue(value)}, not a string`
  try {
    assertIdentifier(value)
    return undefined
  } catch (error) {
    if (isSqlError(error) && error._tag === 'InvalidIdentifierError') return error.reason
    throw error
  }
}

/** Folds ASCII letters to lowercase, as Redshift folds identifiers. */
export const foldAscii = (name: string): string => name.replace(/[A-Z]+/g, (s) => s.toLowerCase())

/** A legal name to suggest in place of a reserved word. */
export const unreservedExample = (name: string): string => `${name}_value`
