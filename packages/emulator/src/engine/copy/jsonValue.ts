/**
 * A JSON reader for COPY's JSON 'auto': top-level members with numbers kept as written (so a
 * DECIMAL or BIGINT is never rounded by a double here), and nested values kept as their text
 * for SUPER. JSON.parse cannot give a number's source text on Node 20.
 */
import { TaggedError } from '@redstore/errors'

export type JsonValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'number'; readonly raw: string }
  | { readonly kind: 'string'; readonly value: string }
  /** An object or array: its text as written, already checked to be valid JSON. */
  | { readonly kind: 'object' | 'array'; readonly text: string }

/** Text that is not valid JSON; `position` is the offset in the record. */
export class JsonSyntaxError extends TaggedError(
  'JsonSyntaxError',
  (f: { readonly message: string; readonly position: number }) => f.message,
) {
  constructor(message: string, position: number) {
    super({ message, position })
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

class Scanner {
  i = 0
  constructor(readonly text: string) {}

  fail(what: string): never {
    const found = this.i < this.text.length ? `'${this.text[this.i]}'` : 'end of input'
    throw new JsonSyntaxError(`Invalid JSON: expected ${what}, found ${found}`, this.i)
  }

  space(): void {
    const t = this.text
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i)
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return
      this.i++
    }
  }

  string(): string {
    const t = this.text
    if (t[this.i] !== '"') this.fail('a string')
    this.i++
    let out = ''
    let run = this.i
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i)
      if (c === 0x22) {
        out += t.slice(run, this.i)
        this.i++
        return out
      }
      if (c < 0x20) this.fail('an escaped control character')
      if (c === 0x5c) {
        out += t.slice(run, this.i)
        const e = t[this.i + 1]
        this.i += 2
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e
            break
          case 'b':
            out += '\b'
            break
          case 'f':
            out += '\f'
            break
          case 'n':
            out += '\n'
            break
          case 'r':
            out += '\r'
            break
          case 't':
            out += '\t'
            break
          case 'u': {
            const hex = t.slice(this.i, this.i + 4)
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('four hex digits after \\u')
            out += String.fromCharCode(Number.parseInt(hex, 16))
            this.i += 4
            break
          }
          default:
            this.i -= 1
            this.fail('a valid escape')
        }
        run = this.i
        continue
      }
      this.i++
    }
    return this.fail('a closing quote')
  }

  /** Reads any value; nested structures are only validated. */
  value(): JsonValue {
    this.space()
    const t = this.text
    const c = t[this.i]
    if (c === '{' || c === '[') {
      const start = this.i
      this.skipStructure()
      return { kind: c === '{' ? 'object' : 'array', text: t.slice(start, this.i) }
    }
    if (c === '"') return { kind: 'string', value: this.string() }
    if (t.startsWith('true', this.i)) {
      this.i += 4
      return { kind: 'boolean', value: true }
    }
    if (t.startsWith('false', this.i)) {
      this.i += 5
      return { kind: 'boolean', value: false }
    }
    if (t.startsWith('null', this.i)) {
      this.i += 4
      return { kind: 'null' }
    }
    NUMBER.lastIndex = this.i
    const match = NUMBER.exec(t)
    if (match === null) return this.fail('a value')
    this.i += match[0].length
    return { kind: 'number', raw: match[0] }
  }

  skipStructure(): void {
    const t = this.text
    const close = t[this.i] === '{' ? '}' : ']'
    const isObject = close === '}'
    this.i++
    this.space()
    if (t[this.i] === close) {
      this.i++
      return
    }
    for (;;) {
      if (isObject) {
        this.space()
        this.string()
        this.space()
        if (t[this.i] !== ':') this.fail("':'")
        this.i++
      }
      const v = this.value()
      void v
      this.space()
      if (t[this.i] === ',') {
        this.i++
        continue
      }
      if (t[this.i] === close) {
        this.i++
        return
      }
      this.fail(`',' or '${close}'`)
    }
  }
}

/**
 * The members of one top-level JSON object, keys as written (a repeated key keeps its last
 * value). Throws JsonSyntaxError for invalid JSON or a top-level value that is not an object.
 *
 * @example
 * parseJsonObject('{"a": 1.10, "b": {"c": [1]}}').get('a') // { kind: 'number', raw: '1.10' }
 */
export const parseJsonObject = (text: string): Map<string, JsonValue> => {
  const s = new Scanner(text)
  s.space()
  if (text[s.i] !== '{') {
    if (text[s.i] === '[') {
      throw new JsonSyntaxError(
        "Invalid JSONPath format: a JSON array needs a JSONPaths file; JSON 'auto' loads objects",
        s.i,
      )
    }
    s.fail("'{'")
  }
  s.i++
  const members = new Map<string, JsonValue>()
  s.space()
  if (text[s.i] === '}') s.i++
  else {
    for (;;) {
      s.space()
      const key = s.string()
      s.space()
      if (text[s.i] !== ':') s.fail("':'")
      s.i++
      members.set(key, s.value())
      s.space()
      if (text[s.i] === ',') {
        s.i++
        continue
      }
      if (text[s.i] === '}') {
        s.i++
        break
      }
      s.fail("',' or '}'")
    }
  }
  s.space()
  if (s.i < text.length) s.fail('the end of the object')
  return members
}

/** Checks that `text` is one JSON value (a SUPER field of CSV or text); returns it trimmed. */
export const checkJsonText = (text: string): string => {
  const s = new Scanner(text)
  s.value()
  s.space()
  if (s.i < text.length) s.fail('the end of the value')
  return text.trim()
}
