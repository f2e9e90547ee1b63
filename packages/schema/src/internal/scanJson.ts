import type { SchemaPath } from '../SchemaProblem.js'

/** What a syntax scan of JSON text found. */
export interface JsonScan {
  /** The first syntax error, if any. */
  readonly error: { readonly offset: number; readonly message: string } | undefined
  /** Where each member (its key) and array element starts, by `pathKey(path)`. */
  readonly offsets: ReadonlyMap<string, number>
  /** Object members whose name appears again in the same object (the later one). */
  readonly duplicates: ReadonlyArray<{ readonly path: SchemaPath; readonly offset: number }>
}

/** The key of a path in `JsonScan.offsets`. */
export const pathKey = (path: SchemaPath): string => JSON.stringify(path)

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const number = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const escapes = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

const describeChar = (text: string, offset: number): string => {
  const c = text.codePointAt(offset)
  if (c === undefined) return 'the end of the text'
  const char = String.fromCodePoint(c)
  return c < 0x20 || c === 0x7f ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}` : `'${char}'`
}

/**
 * A JSON (RFC 8259) syntax scanner that says where the first error is and records where each
 * member starts, so problems found later can be given a line and column. Nesting deeper than
 * `maxDepth` is an error (a schema file is shallow; this keeps the recursion bounded).
 */
class Scanner {
  pos = 0
  readonly offsets = new Map<string, number>()
  readonly duplicates: Array<{ readonly path: SchemaPath; readonly offset: number }> = []

  constructor(
    readonly text: string,
    readonly maxDepth: number,
  ) {}

  fail(message: string, offset = this.pos): never {
    throw new JsonSyntaxError(offset, message)
  }

  skipSpace(): void {
    const { text } = this
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++
      else break
    }
  }

  value(path: SchemaPath, depth: number): void {
    this.skipSpace()
    const c = this.text[this.pos]
    if (c === '{') {
      this.object(path, depth + 1)
      return
    }
    if (c === '[') {
      this.array(path, depth + 1)
      return
    }
    if (c === '"') {
      this.string()
      return
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      this.number()
      return
    }
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length
        return
      }
    }
    if (c === undefined) this.fail('the text ends where a value was expected')
    if (c === "'") this.fail("strings must be in double quotes, not '")
    if (c === '}' || c === ']') {
      this.fail(`expected a value, found '${c}' (a trailing comma?)`)
    }
    this.fail(`expected a value, found ${describeChar(this.text, this.pos)}`)
  }

  depthCheck(depth: number): void {
    if (depth > this.maxDepth) this.fail(`the JSON nests deeper than ${this.maxDepth} levels`)
  }

  object(path: SchemaPath, depth: number): void {
    this.depthCheck(depth)
    this.pos++ // {
    const seen = new Set<string>()
    this.skipSpace()
    if (this.text[this.pos] === '}') {
      this.pos++
      return
    }
    for (;;) {
      this.skipSpace()
      const keyStart = this.pos
      const c = this.text[this.pos]
      if (c !== '"') {
        if (c === '}') this.fail("expected a property name, found '}' (a trailing comma?)")
        if (c === "'") this.fail("property names must be in double quotes, not '")
        this.fail(
          `expected a property name in double quotes, found ${describeChar(this.text, this.pos)}`,
        )
      }
      const key = this.string()
      const memberPath = [...path, key]
      if (seen.has(key)) this.duplicates.push({ path: memberPath, offset: keyStart })
      seen.add(key)
      this.offsets.set(pathKey(memberPath), keyStart)
      this.skipSpace()
      if (this.text[this.pos] !== ':') {
        this.fail(
          `expected ':' after property name ${JSON.stringify(key)}, found ${describeChar(this.text, this.pos)}`,
        )
      }
      this.pos++
      this.value(memberPath, depth)
      this.skipSpace()
      const next = this.text[this.pos]
      if (next === ',') {
        this.pos++
        continue
      }
      if (next === '}') {
        this.pos++
        return
      }
      this.fail(
        `expected ',' or '}' after the value of ${JSON.stringify(key)}, found ${describeChar(this.text, this.pos)}`,
      )
    }
  }

  array(path: SchemaPath, depth: number): void {
    this.depthCheck(depth)
    this.pos++ // [
    this.skipSpace()
    if (this.text[this.pos] === ']') {
      this.pos++
      return
    }
    for (let index = 0; ; index++) {
      this.skipSpace()
      const elementPath = [...path, index]
      this.offsets.set(pathKey(elementPath), this.pos)
      this.value(elementPath, depth)
      this.skipSpace()
      const next = this.text[this.pos]
      if (next === ',') {
        this.pos++
        continue
      }
      if (next === ']') {
        this.pos++
        return
      }
      this.fail(
        `expected ',' or ']' after an array element, found ${describeChar(this.text, this.pos)}`,
      )
    }
  }

  /** Scans a string starting at its opening quote; returns its value. */
  string(): string {
    const { text } = this
    const start = this.pos
    this.pos++
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos)
      if (c === 0x22) {
        this.pos++
        return JSON.parse(text.slice(start, this.pos)) as string
      }
      if (c === 0x5c) {
        const e = text[this.pos + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.pos + 2, this.pos + 6))) {
            this.fail('\\u must be followed by 4 hex digits')
          }
          this.pos += 6
        } else if (e !== undefined && escapes.has(e)) this.pos += 2
        else this.fail(`invalid escape \\${e ?? ''} in a string`)
        continue
      }
      if (c < 0x20) {
        this.fail(
          `${describeChar(text, this.pos)} (a control character) inside a string; write it as an escape such as \\n`,
        )
      }
      this.pos++
    }
    return this.fail('a string is not closed: its closing " is missing', start)
  }

  number(): void {
    number.lastIndex = this.pos
    const match = number.exec(this.text)
    if (match === null) this.fail(`invalid number at ${describeChar(this.text, this.pos)}`)
    this.pos += match[0].length
    const c = this.text[this.pos]
    if (c !== undefined && /[0-9A-Za-z.+-]/.test(c)) this.fail(`invalid number: unexpected '${c}'`)
  }
}

/** Scans JSON text for its first syntax error and the positions of its members. */
export const scanJson = (text: string, maxDepth = 256): JsonScan => {
  const scanner = new Scanner(text, maxDepth)
  let error: JsonScan['error']
  try {
    scanner.skipSpace()
    if (scanner.pos === text.length) scanner.fail('the text is empty: expected a JSON object')
    scanner.value([], 0)
    scanner.skipSpace()
    if (scanner.pos < text.length) {
      scanner.fail(`unexpected ${describeChar(text, scanner.pos)} after the end of the JSON value`)
    }
  } catch (caught) {
    if (!(caught instanceof JsonSyntaxError)) throw caught
    error = { offset: caught.offset, message: caught.message }
  }
  return { error, offsets: scanner.offsets, duplicates: scanner.duplicates }
}

/** 1-based line and column (UTF-16 code units) of an offset; `\n` ends a line. */
export const lineAndColumn = (
  text: string,
  offset: number,
): { readonly line: number; readonly column: number } => {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}
