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
 * A batch of rows as COPY text, encoded to UTF-8 as each row is added: one growing buffer,
 * reused from batch to batch, rather than a long string to flatten and encode at the end.
 */
export class CopyTextBuffer {
  #bytes: Buffer
  #length = 0

  constructor(initialBytes = 1 << 20) {
    this.#bytes = Buffer.allocUnsafe(initialBytes)
  }

  /** Bytes written since the last `clear()`. */
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

  /** The bytes from `start` to `end`, not copied: valid until the next `append` or `clear`. */
  bytes(start: number, end: number): Buffer {
    return this.#bytes.subarray(start, end)
  }

  clear(): void {
    this.#length = 0
  }
}
