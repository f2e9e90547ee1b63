import { RedshiftSqlError } from './Engine.js'

export type TokenKind =
  /** Unquoted word: keyword or identifier; `value` is folded to lowercase. */
  | 'word'
  /** `"..."` identifier; `value` is the name with `""` undone, not folded. */
  | 'quoted'
  /** `'...'` (or E'...') literal; `value` is the text it denotes, escapes applied. */
  | 'string'
  | 'number'
  /** `:name` placeholder; `value` is the name. */
  | 'parameter'
  /** `#name` temporary table name; `value` is the name folded, without `#`. */
  | 'temp'
  /** Punctuation and operators: `(`, `)`, `,`, `;`, `.`, `::`, `=`, ... */
  | 'symbol'
  | 'space'
  | 'comment'

export interface Token {
  readonly kind: TokenKind
  /** The token's source text. */
  readonly raw: string
  readonly value: string
  /** Offset in the source, for error positions. */
  readonly start: number
}

const isIdentStart = (c: string): boolean => {
  const code = c.charCodeAt(0)
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 128
}
const isDigit = (c: string): boolean => {
  const code = c.charCodeAt(0)
  return code >= 48 && code <= 57
}
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c) || c === '$'
const isSpace = (c: string): boolean =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v'
const numberPattern = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y
const operatorChars = '+-*/<>=~!@#%^&|`?'

/** Lowercases ASCII letters only, as Redshift folds names (other letters keep their case). */
export const foldAscii = (name: string): string =>
  name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())

/** Thrown for text Redshift cannot read, with Redshift's wording. */
const lexError = (message: string): RedshiftSqlError =>
  new RedshiftSqlError(`ERROR: ${message}`, '42601')

const nulError = (): RedshiftSqlError =>
  new RedshiftSqlError('ERROR: invalid byte sequence for encoding "UTF8": 0x00', '22021')

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

const simpleEscapes: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9 }

/** Reads the body of a Redshift string literal: `''` and backslash escapes, as Redshift reads them. */
const readString = (sql: string, open: number): { end: number; value: string } => {
  // Runs of plain text are kept as text; escapes that name bytes (octal, hex) go through UTF-8.
  const parts: Array<string | number[]> = []
  let bytes: number[] | undefined
  let run = open + 1
  let i = open + 1
  const flush = (to: number): void => {
    if (to > run) {
      parts.push(sql.slice(run, to))
      bytes = undefined
    }
  }
  const pushByte = (byte: number): void => {
    if (byte === 0) throw nulError()
    if (!bytes) {
      bytes = []
      parts.push(bytes)
    }
    bytes.push(byte)
  }
  while (i < sql.length) {
    const c = sql[i] as string
    if (c === "'") {
      if (sql[i + 1] === "'") {
        flush(i + 1)
        i += 2
        run = i
        continue
      }
      flush(i)
      return { end: i + 1, value: joinParts(parts) }
    }
    if (c !== '\\') {
      i++
      continue
    }
    const next = sql[i + 1]
    if (next === undefined) break
    flush(i)
    const octal = /^[0-7]{1,3}/.exec(sql.slice(i + 1, i + 4))
    const hex = next === 'x' ? /^[0-9A-Fa-f]{1,2}/.exec(sql.slice(i + 2, i + 4)) : null
    const simple = simpleEscapes[next]
    if (simple !== undefined) {
      pushByte(simple)
      i += 2
    } else if (octal) {
      pushByte(Number.parseInt(octal[0], 8) & 0xff)
      i += 1 + octal[0].length
    } else if (hex) {
      pushByte(Number.parseInt(hex[0], 16))
      i += 2 + hex[0].length
    } else {
      // Any other escaped character stands for itself (\\ is a backslash, \' a quote).
      const char = String.fromCodePoint(sql.codePointAt(i + 1) as number)
      parts.push(char)
      bytes = undefined
      i += 1 + char.length
    }
    run = i
  }
  throw lexError(`unterminated quoted string at or near "${sql.slice(open, open + 20)}"`)
}

const joinParts = (parts: ReadonlyArray<string | number[]>): string => {
  let value = ''
  for (const part of parts) {
    if (typeof part === 'string') value += part
    else {
      try {
        value += strictUtf8.decode(new Uint8Array(part))
      } catch {
        throw new RedshiftSqlError('ERROR: invalid byte sequence for encoding "UTF8"', '22021')
      }
    }
  }
  return value
}

/**
 * Splits Redshift SQL into tokens. Strings read backslash escapes, `""` and `''` double
 * their quote, comments nest, `$` is an ordinary symbol (no dollar quoting), `:name` is a
 * parameter. NUL anywhere is rejected, as Redshift rejects it.
 */
export const tokenize = (sql: string): Token[] => {
  if (sql.includes('\u0000')) throw nulError()
  const tokens: Token[] = []
  let i = 0
  const push = (kind: TokenKind, end: number, value: string): void => {
    tokens.push({ kind, raw: sql.slice(i, end), value, start: i })
    i = end
  }
  while (i < sql.length) {
    const c = sql[i] as string
    const next = sql[i + 1] ?? ''
    if (isSpace(c)) {
      let end = i + 1
      while (end < sql.length && isSpace(sql[end] as string)) end++
      push('space', end, ' ')
    } else if (c === '-' && next === '-') {
      let end = sql.indexOf('\n', i)
      if (end < 0) end = sql.length
      push('comment', end, '')
    } else if (c === '/' && next === '*') {
      let depth = 1
      let end = i + 2
      while (end < sql.length && depth > 0) {
        if (sql.startsWith('/*', end)) {
          depth++
          end += 2
        } else if (sql.startsWith('*/', end)) {
          depth--
          end += 2
        } else end++
      }
      if (depth > 0) throw lexError('unterminated /* comment at or near "/*"')
      push('comment', end, '')
    } else if (c === "'" || ((c === 'E' || c === 'e' || c === 'N' || c === 'n') && next === "'")) {
      const open = c === "'" ? i : i + 1
      const { end, value } = readString(sql, open)
      push('string', end, value)
    } else if (c === '"') {
      let end = i + 1
      let value = ''
      for (;;) {
        const q = sql.indexOf('"', end)
        if (q < 0)
          throw lexError(`unterminated quoted identifier at or near "${sql.slice(i, i + 20)}"`)
        value += sql.slice(end, q)
        if (sql[q + 1] === '"') {
          value += '"'
          end = q + 2
        } else {
          end = q + 1
          break
        }
      }
      if (value === '') throw lexError('zero-length delimited identifier at or near """"')
      push('quoted', end, value)
    } else if (isDigit(c) || (c === '.' && next !== '' && isDigit(next))) {
      numberPattern.lastIndex = i
      const match = numberPattern.exec(sql) as RegExpExecArray
      push('number', i + match[0].length, match[0])
    } else if (isIdentStart(c)) {
      let end = i + 1
      while (end < sql.length && isIdentPart(sql[end] as string)) end++
      const raw = sql.slice(i, end)
      push('word', end, foldAscii(raw))
    } else if (c === ':' && next === ':') {
      push('symbol', i + 2, '::')
    } else if (c === ':' && /[0-9A-Za-z_]/.test(next)) {
      let end = i + 1
      while (end < sql.length && /[0-9A-Za-z_]/.test(sql[end] as string)) end++
      push('parameter', end, sql.slice(i + 1, end))
    } else if (c === '#' && isIdentStart(next) && startsOperand(tokens)) {
      let end = i + 1
      while (end < sql.length && isIdentPart(sql[end] as string)) end++
      push('temp', end, foldAscii(sql.slice(i + 1, end)))
    } else if (operatorChars.includes(c)) {
      let end = i + 1
      while (end < sql.length && operatorChars.includes(sql[end] as string)) {
        if (sql.startsWith('--', end) || sql.startsWith('/*', end)) break
        end++
      }
      push('symbol', end, sql.slice(i, end))
    } else {
      push('symbol', i + 1, c)
    }
  }
  return tokens
}

const nameKeywords = new Set(['table', 'from', 'join', 'into', 'update', 'exists', 'like', 'using'])

/** True when the next token stands where a name may start (so `#x` is a temp table, not XOR). */
const startsOperand = (tokens: ReadonlyArray<Token>): boolean => {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const token = tokens[k] as Token
    if (token.kind === 'space' || token.kind === 'comment') continue
    if (token.kind === 'word') return nameKeywords.has(token.value)
    return token.kind === 'symbol' && (token.value === '(' || token.value === ',')
  }
  return true
}

/** Tokens that carry meaning (no whitespace, no comments). */
export const significant = (tokens: ReadonlyArray<Token>): Token[] =>
  tokens.filter((token) => token.kind !== 'space' && token.kind !== 'comment')

/** Splits a token stream into statements at top-level semicolons, dropping empty ones. */
export const splitStatements = (tokens: ReadonlyArray<Token>): Token[][] => {
  const statements: Token[][] = []
  let current: Token[] = []
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.value === ';') {
      statements.push(current)
      current = []
    } else current.push(token)
  }
  statements.push(current)
  return statements.filter((statement) => significant(statement).length > 0)
}
