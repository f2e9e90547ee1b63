import type { InputLine } from './readLines.js'

/**
 * What one NDJSON line holds: nothing (a blank line), a JSON object, or why it is not one.
 *
 * @example
 * ```ts
 * const parsed: NdjsonLine = { kind: 'object', value: { id: 1 } }
 * ```
 */
export type NdjsonLine =
  | { readonly kind: 'blank' }
  | { readonly kind: 'object'; readonly value: Record<string, unknown> }
  | { readonly kind: 'error'; readonly reason: string }

const blank = /^[ \t\r\n]*$/

/** JSON.parse's message without the excerpt of the input it may quote, with a 1-based column. */
const jsonProblem = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error)
  const excerpt = /^(.*?), ".*" is not valid JSON$/s.exec(message)
  if (excerpt !== null) return `invalid JSON: ${excerpt[1]}`
  const at = /^(.*?) in JSON at position (\d+)/s.exec(message)
  if (at !== null) return `invalid JSON at column ${Number(at[2]) + 1}: ${at[1]}`
  const after = /^(.*?) at position (\d+)/s.exec(message)
  if (after !== null) return `invalid JSON at column ${Number(after[2]) + 1}: ${after[1]}`
  return `invalid JSON: ${message}`
}

/**
 * Reads one NDJSON line: blank (only whitespace) lines are skipped, any other line must be one
 * JSON object. The reason of a bad line names the column where the JSON breaks, when JSON.parse
 * says, and never quotes the line back.
 *
 * @example
 * ```ts
 * parseNdjsonLine({ line: 1, text: '{"id": 1}', terminator: '\n', validUtf8: true }) // { kind: 'object', value: { id: 1 } }
 * parseNdjsonLine({ line: 2, text: '[1]', terminator: '\n', validUtf8: true }) // { kind: 'error', reason: 'is a JSON array, not an object' }
 * ```
 */
export const parseNdjsonLine = (input: InputLine): NdjsonLine => {
  if (blank.test(input.text)) return { kind: 'blank' }
  if (!input.validUtf8)
    return { kind: 'error', reason: 'is not valid UTF-8; save the file as UTF-8' }
  let value: unknown
  try {
    value = JSON.parse(input.text)
  } catch (error) {
    return { kind: 'error', reason: jsonProblem(error) }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
    return {
      kind: 'error',
      reason: `is JSON ${what}, not an object; write one JSON object per line ({"column": value, ...})`,
    }
  }
  return { kind: 'object', value: value as Record<string, unknown> }
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

/** Index just past the JSON string that starts at `i` (a `"`). */
const endOfString = (text: string, i: number): number => {
  let j = i + 1
  for (;;) {
    const c = text.charCodeAt(j)
    if (c === 0x22) return j + 1
    j += c === 0x5c ? 2 : 1
  }
}

/** Index just past the JSON value that starts at `i`. */
const endOfValue = (text: string, i: number): number => {
  const first = text.charCodeAt(i)
  if (first === 0x22) return endOfString(text, i)
  if (first === 0x7b || first === 0x5b) {
    let depth = 0
    let j = i
    for (;;) {
      const c = text.charCodeAt(j)
      if (c === 0x22) {
        j = endOfString(text, j)
        continue
      }
      if (c === 0x7b || c === 0x5b) depth++
      else if (c === 0x7d || c === 0x5d) {
        depth--
        if (depth === 0) return j + 1
      }
      j++
    }
  }
  let j = i
  while (j < text.length) {
    const c = text.charCodeAt(j)
    if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) break
    j++
  }
  return j
}

/**
 * The source text of each member value of the JSON object `text` (which JSON.parse accepted),
 * by member name; a name given twice keeps its last value, as JSON.parse does. Numbers keep
 * every digit this way: `12345678901234567890.25` is exact here and not after JSON.parse.
 *
 * @example
 * ```ts
 * memberTexts('{"id": 9007199254740993, "n": {"a": [1]}}') // Map { 'id' => '9007199254740993', 'n' => '{"a": [1]}' }
 * ```
 */
export const memberTexts = (text: string): Map<string, string> => {
  const members = new Map<string, string>()
  let i = text.indexOf('{') + 1
  const skip = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
  }
  for (;;) {
    skip()
    if (i >= text.length || text.charCodeAt(i) === 0x7d) return members
    const nameEnd = endOfString(text, i)
    const name = JSON.parse(text.slice(i, nameEnd)) as string
    i = nameEnd
    skip()
    i++ // the colon
    skip()
    const valueEnd = endOfValue(text, i)
    members.set(name, text.slice(i, valueEnd))
    i = valueEnd
    skip()
    if (text.charCodeAt(i) === 0x2c) i++
  }
}
