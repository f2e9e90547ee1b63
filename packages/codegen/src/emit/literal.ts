import { isPlainKey } from '../internal/names.js'

/** A value a generated module writes as a literal. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<LiteralValue>
  | { readonly [key: string]: LiteralValue | undefined }

/** The line width the output is laid out for: the repository formatter's. */
export const LINE_WIDTH = 100

const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * A string literal as a formatter leaves it: single quotes, unless the text holds more single
 * than double quotes; only what must be escaped is.
 */
export const stringLiteral = (text: string): string => {
  const singles = text.split("'").length - 1
  const doubles = text.split('"').length - 1
  const quote = singles > doubles ? '"' : "'"
  let out = quote
  for (const char of text) {
    if (char === quote) out += `\\${quote}`
    else if (escapes[char] !== undefined) out += escapes[char]
    else if (char < ' ' || char === '\u007f') {
      out += `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
    } else out += char
  }
  return out + quote
}

/** A property key: bare when it can be, quoted otherwise. */
export const propertyKey = (key: string): string => (isPlainKey(key) ? key : stringLiteral(key))

const entriesOf = (value: { readonly [key: string]: LiteralValue | undefined }) =>
  Object.entries(value).filter((entry): entry is [string, LiteralValue] => entry[1] !== undefined)

const isObject = (
  value: LiteralValue,
): value is { readonly [key: string]: LiteralValue | undefined } =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The value on one line. */
export const inlineLiteral = (value: LiteralValue): string => {
  if (typeof value === 'string') return stringLiteral(value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value)
  }
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(', ')}]`
  const entries = entriesOf(value as { readonly [key: string]: LiteralValue | undefined })
  if (entries.length === 0) return '{}'
  return `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${inlineLiteral(v)}`).join(', ')} }`
}

// As the formatter does: an array of several objects (or arrays) of more than one member each
// is always written one element a line.
const alwaysBreaks = (value: ReadonlyArray<LiteralValue>): boolean =>
  value.length > 1 &&
  value.every((e) => (Array.isArray(e) && e.length > 1) || (isObject(e) && entriesOf(e).length > 1))

/**
 * The value laid out as the formatter would: on one line when `column` (where it starts) plus
 * its text plus `suffix` fits the line width, else one member a line, each laid out the same
 * way. `indent` is the indentation of the line the value starts on.
 */
export const layoutLiteral = (
  value: LiteralValue,
  indent: string,
  column: number,
  suffix = '',
): string => {
  const inline = inlineLiteral(value)
  const breaks = Array.isArray(value) && alwaysBreaks(value)
  if (!breaks && (column + inline.length + suffix.length <= LINE_WIDTH || !isComposite(value))) {
    return inline
  }
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    const lines = value.map((e) => `${inner}${layoutLiteral(e, inner, inner.length, ',')},`)
    return `[\n${lines.join('\n')}\n${indent}]`
  }
  const lines = entriesOf(value as { readonly [key: string]: LiteralValue | undefined }).map(
    ([k, v]) => {
      const head = `${inner}${propertyKey(k)}: `
      return `${head}${layoutLiteral(v, inner, head.length, ',')},`
    },
  )
  return `{\n${lines.join('\n')}\n${indent}}`
}

const isComposite = (value: LiteralValue): boolean =>
  (Array.isArray(value) && value.length > 0) || (isObject(value) && entriesOf(value).length > 0)
