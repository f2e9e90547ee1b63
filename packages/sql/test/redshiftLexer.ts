/**
 * A small lexer for the two Redshift tokens the quoting functions produce, following Redshift's
 * rules: in a string literal `''` is a quote and a backslash escapes the next character
 * (`\n`, `\t`, octal `\ooo`, hex `\xhh`, anything else stands for itself); in a delimited
 * identifier `""` is a quote and backslash is an ordinary character.
 */
export interface Token {
  readonly value: string
  /** Index just after the closing quote. */
  readonly end: number
}

const simpleEscapes: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

export const lexStringLiteral = (sql: string, start = 0): Token => {
  if (sql[start] !== "'") throw new Error(`no string literal at ${start}`)
  let value = ''
  let i = start + 1
  while (i < sql.length) {
    const c = sql[i] as string
    if (c === "'") {
      if (sql[i + 1] === "'") {
        value += "'"
        i += 2
        continue
      }
      return { value, end: i + 1 }
    }
    if (c === '\\') {
      const next = sql[i + 1]
      if (next === undefined) break
      const octal = /^[0-7]{1,3}/.exec(sql.slice(i + 1, i + 4))
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(sql.slice(i + 1, i + 4))
      if (octal !== null) {
        value += String.fromCharCode(Number.parseInt(octal[0], 8))
        i += 1 + octal[0].length
      } else if (hex !== null) {
        value += String.fromCharCode(Number.parseInt(hex[1] as string, 16))
        i += 1 + hex[0].length
      } else {
        value += simpleEscapes[next] ?? next
        i += 2
      }
      continue
    }
    value += c
    i++
  }
  throw new Error('unterminated string literal')
}

export const lexQuotedIdentifier = (sql: string, start = 0): Token => {
  if (sql[start] !== '"') throw new Error(`no quoted identifier at ${start}`)
  let value = ''
  let i = start + 1
  while (i < sql.length) {
    const c = sql[i] as string
    if (c === '"') {
      if (sql[i + 1] === '"') {
        value += '"'
        i += 2
        continue
      }
      return { value, end: i + 1 }
    }
    value += c
    i++
  }
  throw new Error('unterminated quoted identifier')
}
