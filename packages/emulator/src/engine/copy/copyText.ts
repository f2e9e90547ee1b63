/**
 * PostgreSQL's COPY text format, the input of the `COPY ... FROM STDIN` that stores converted
 * rows: fields separated by tabs, one row a line, NULL as `\N`, and a backslash, tab, line
 * feed or carriage return in a value written as `\\`, `\t`, `\n`, `\r`. Every other character
 * is itself, so a value comes back exactly as it went in.
 */

/** A NULL field. */
export const COPY_NULL = '\\N'

const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g

const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
}

const escapeOne = (c: string): string => escapes[c] as string

/**
 * One value as a field of COPY text.
 *
 * @example
 * copyTextField('a\tb\\c') // 'a\\tb\\\\c'
 */
export const copyTextField = (value: string): string =>
  SPECIAL.test(value) ? value.replace(SPECIAL_ALL, escapeOne) : value

/**
 * A batch of rows as COPY text, encoded to UTF-8 as each row is added: one growing buffer
 * rather than a long string to flatten and encode at the end.
 */
export class CopyTextBuffer {
  #bytes: Buffer
  #length = 0
  readonly #initialBytes: number

  constructor(initialBytes = 1 << 20) {
    this.#initialBytes = initialBytes
    this.#bytes = Buffer.allocUnsafe(initialBytes)
  }

  /** Bytes written since the last `take()`. */
  get length(): number {
    return this.#length
  }

  /** Appends `text` (UTF-8) and returns the offset where it ends. */
  append(text: string): number {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    const room = this.#length + text.length * 3
    if (room > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(room, this.#bytes.length * 2))
      this.#bytes.copy(grown, 0, 0, this.#length)
      this.#bytes = grown
    }
    this.#length += this.#bytes.write(text, this.#length, 'utf8')
    return this.#length
  }

  /** Hands over the buffer (its first `length` bytes are the text) and starts a new one. */
  take(): Buffer {
    const bytes = this.#bytes
    this.#bytes = Buffer.allocUnsafe(this.#initialBytes)
    this.#length = 0
    return bytes
  }
}
