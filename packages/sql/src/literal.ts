import { stringLiteral } from './internal/stringLiteral.js'
import { loneSurrogateIndex } from './internal/utf8.js'
import { InvalidLiteralError } from './SqlError.js'

/**
 * Writes a string as a Redshift string literal: wraps it in `'`, doubling every `'` and every
 * `\` (Redshift reads a backslash as an escape character, so an undoubled trailing `\` would
 * swallow the closing quote). This is the only way a value becomes SQL text in redstore.
 *
 * @throws InvalidLiteralError when the string holds NUL or a lone UTF-16 surrogate.
 * @example
 * ```ts
 * quoteLiteral("it's")   // "'it''s'"
 * quoteLiteral('C:\\')   // "'C:\\\\'"  (the SQL text is 'C:\\')
 * ```
 */
export const quoteLiteral = (value: string): string => {
  if (typeof value !== 'string') {
    throw new InvalidLiteralError({ reason: `is a ${typeof value}, not a string`, position: 0 })
  }
  const nul = value.indexOf('\u0000')
  if (nul >= 0) throw new InvalidLiteralError({ reason: 'contains NUL (U+0000)', position: nul })
  const lone = loneSurrogateIndex(value)
  if (lone >= 0) {
    throw new InvalidLiteralError({ reason: 'contains a lone UTF-16 surrogate', position: lone })
  }
  return stringLiteral(value)
}
