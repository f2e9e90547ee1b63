import { isSqlError, quoteLiteral } from '@redstore/sql'
import type { SchemaPath } from '../SchemaProblem.js'
import { describeValue } from './names.js'
import type { ProblemList } from './ProblemList.js'

/** A description that can be a Redshift comment, or undefined after reporting why not. */
export const commentText = (
  problems: ProblemList,
  path: SchemaPath,
  what: string,
  text: unknown,
): string | undefined => {
  if (text === undefined) return undefined
  if (typeof text !== 'string') {
    problems.error(path, `${what} is ${describeValue(text)}, not text.`, 'Pass a string.')
    return undefined
  }
  try {
    quoteLiteral(text)
    return text
  } catch (error) {
    if (!isSqlError(error) || error._tag !== 'InvalidLiteralError') throw error
    problems.error(
      path,
      `${what} ${error.reason} at index ${error.position}; Redshift comments cannot hold it.`,
      'Remove that character from the description.',
    )
    return undefined
  }
}
