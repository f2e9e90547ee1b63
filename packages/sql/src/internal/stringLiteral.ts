/**
 * `text` as a Redshift string literal: in `'`, with every `'` and `\` doubled. Only for text
 * already known to hold no NUL and no lone surrogate (`quoteLiteral` checks, then calls this).
 *
 * @example
 * ```ts
 * stringLiteral("it's") // "'it''s'"
 * ```
 */
export const stringLiteral = (text: string): string => {
  // Most text holds neither character: a search is cheaper than a replace that finds nothing.
  const quotesDoubled = text.includes("'") ? text.replaceAll("'", "''") : text
  const doubled = quotesDoubled.includes('\\')
    ? quotesDoubled.replaceAll('\\', '\\\\')
    : quotesDoubled
  return `'${doubled}'`
}
