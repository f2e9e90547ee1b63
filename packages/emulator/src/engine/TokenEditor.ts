import { RedshiftSqlError } from './Engine.js'
import { foldAscii, type Token } from './RedshiftLexer.js'

/** What the default emission of a token depends on. */
export interface EmitContext {
  /** `SET enable_case_sensitive_identifier TO true` in this session: quoted names keep their case. */
  readonly caseSensitive: boolean
  /** Values of `:name` parameters. */
  readonly parameters: ReadonlyMap<string, string>
}

/** A PostgreSQL string literal for any text (standard_conforming_strings: backslash is literal). */
export const pgLiteral = (text: string): string =>
  text.includes("'") ? `'${text.replaceAll("'", "''")}'` : `'${text}'`

/** A PostgreSQL quoted identifier. */
export const pgIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** PostgreSQL keeps 63 bytes of a name (NAMEDATALEN); Redshift keeps 127. */
export const MAX_NAME_BYTES = 63

const utf8 = new TextEncoder()

/** Refuses a name PostgreSQL would silently truncate, so two long names never collide. */
const checkedName = (name: string): string => {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short names need no count (most tokens are short).
  if (name.length * 3 <= MAX_NAME_BYTES) return name
  const bytes = utf8.encode(name).length
  if (bytes > MAX_NAME_BYTES) {
    throw new RedshiftSqlError(
      `ERROR: identifier "${name}" is ${bytes} bytes long; the emulator keeps names up to ${MAX_NAME_BYTES} bytes (Redshift allows 127): shorten it`,
      '42622',
    )
  }
  return name
}

/** The name a quoted or unquoted identifier token denotes in this session. */
export const identifierName = (token: Token, caseSensitive: boolean): string =>
  token.kind === 'quoted' ? (caseSensitive ? token.value : foldAscii(token.value)) : token.value

/** Encloses significant tokens `from`..`to` (exclusive) in `open`..`close`. */
export interface Wrap {
  readonly from: number
  readonly to: number
  readonly open: string
  readonly close: string
}

/**
 * Rewrites a statement token by token: the significant tokens (`sig`) can be replaced or
 * removed, and everything else keeps its source text.
 */
export class TokenEditor {
  readonly sig: ReadonlyArray<Token>
  readonly #all: ReadonlyArray<Token>
  readonly #out = new Map<number, string>()
  readonly #before = new Map<number, string>()
  readonly #after = new Map<number, string>()
  readonly #context: EmitContext

  constructor(tokens: ReadonlyArray<Token>, context: EmitContext) {
    this.#all = tokens
    this.sig = tokens.filter((token) => token.kind !== 'space' && token.kind !== 'comment')
    this.#context = context
  }

  /** Lowercased value of the significant token at `i` when it is a word, else ''. */
  word(i: number): string {
    const token = this.sig[i]
    return token?.kind === 'word' ? token.value : ''
  }

  isSymbol(i: number, value: string): boolean {
    const token = this.sig[i]
    return token?.kind === 'symbol' && token.value === value
  }

  /** Index just past the parenthesised group opening at `open`. */
  closeOf(open: number): number {
    let depth = 0
    for (let i = open; i < this.sig.length; i++) {
      if (this.isSymbol(i, '(')) depth++
      else if (this.isSymbol(i, ')')) {
        depth--
        if (depth === 0) return i + 1
      }
    }
    throw new RedshiftSqlError('ERROR: syntax error at end of input', '42601')
  }

  replace(i: number, text: string): void {
    this.#out.set(i, text)
  }

  remove(from: number, to: number): void {
    for (let i = from; i < to; i++) this.#out.set(i, '')
  }

  insertBefore(i: number, text: string): void {
    this.#before.set(i, `${this.#before.get(i) ?? ''}${text} `)
  }

  insertAfter(i: number, text: string): void {
    this.#after.set(i, `${this.#after.get(i) ?? ''} ${text}`)
  }

  /** The default PostgreSQL text of one significant token. */
  emitToken(token: Token): string {
    switch (token.kind) {
      case 'string':
        // Without backslashes a Redshift literal reads as the same PostgreSQL literal.
        return token.raw.startsWith("'") && !token.raw.includes('\\')
          ? token.raw
          : pgLiteral(token.value)
      case 'quoted':
        return pgIdentifier(checkedName(identifierName(token, this.#context.caseSensitive)))
      case 'temp':
        return pgIdentifier(checkedName(token.value))
      case 'word':
        checkedName(token.value)
        return token.raw
      case 'parameter': {
        const value = this.#context.parameters.get(token.value)
        if (value === undefined) {
          throw new RedshiftSqlError(
            `ERROR: no value supplied for parameter ":${token.value}"; add it to Parameters`,
            '42P02',
          )
        }
        return pgLiteral(value)
      }
      default:
        return token.raw
    }
  }

  /** Text of significant tokens `from`..`to` (exclusive), with edits applied. */
  slice(from: number, to: number): string {
    const parts: string[] = []
    for (let i = Math.max(from, 0); i < Math.min(to, this.sig.length); i++) {
      parts.push(this.#emitAt(i))
    }
    return parts.join(' ').trim()
  }

  #emitAt(i: number, open = '', close = ''): string {
    const token = this.sig[i] as Token
    if (this.#out.size === 0 && this.#before.size === 0 && this.#after.size === 0) {
      // No edits: the common case of the long VALUES lists of multi-row INSERTs.
      const body = this.emitToken(token)
      return open === '' && close === '' ? body : `${open}${body}${close}`
    }
    const body = this.#out.get(i) ?? this.emitToken(token)
    return `${open}${this.#before.get(i) ?? ''}${body}${this.#after.get(i) ?? ''}${close}`
  }

  /**
   * The whole statement with edits applied, keeping the source's spacing (comments become
   * spaces). `wraps` enclose token ranges in `open`..`close` for this emission only.
   */
  emit(wraps: ReadonlyArray<Wrap> = []): string {
    const opens = new Map<number, string>()
    const closes = new Map<number, string>()
    for (const wrap of wraps) {
      opens.set(wrap.from, `${opens.get(wrap.from) ?? ''}${wrap.open}`)
      closes.set(wrap.to - 1, `${wrap.close}${closes.get(wrap.to - 1) ?? ''}`)
    }
    const wrapped = opens.size > 0
    const parts: Array<string> = []
    let pending: string | undefined
    let k = 0
    for (const token of this.#all) {
      if (token.kind === 'space' || token.kind === 'comment') {
        pending ??= token.kind === 'space' ? token.raw : ' '
        continue
      }
      const text = wrapped ? this.#emitAt(k, opens.get(k), closes.get(k)) : this.#emitAt(k)
      k++
      if (text === '') {
        // A removed token takes the gap before it along, so no double spaces remain.
        pending = undefined
        continue
      }
      if (pending !== undefined && parts.length > 0) parts.push(pending)
      pending = undefined
      parts.push(text)
    }
    return parts.join('').trim()
  }
}
