/**
 * Splits a byte stream into COPY records without holding more than one record: CSV and
 * character-delimited text into fields, JSON into top-level values. Works on bytes, since
 * every byte that matters (delimiter, quote, backslash, braces, newline) is ASCII and so
 * never part of a multibyte UTF-8 character.
 */
import { TaggedError } from '@redstore/errors'
import { decodeUtf8, type InvalidUtf8 } from './utf8.js'

/** Redshift's row limit: one record (a JSON object, a CSV line) at most 4 MB. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024

/** A record larger than MAX_RECORD_BYTES: the COPY fails. */
export class RecordTooLarge extends TaggedError(
  'RecordTooLarge',
  (f: { readonly line: number }) => `record at line ${f.line} exceeds ${MAX_RECORD_BYTES} bytes`,
) {
  constructor(line: number) {
    super({ line })
  }
}

export interface DelimitedField {
  /** The field's content: quotes undone (CSV) or escapes applied (ESCAPE). */
  readonly bytes: Buffer
  /** The field as written (for NULL AS, which is compared before escapes). */
  readonly raw: Buffer
  /** Enclosed in the CSV quote character. */
  readonly quoted: boolean
}

/** A field's content holds doubled quotes to undo (CSV). */
const DOUBLED_QUOTES = 1
/** A field's content holds backslash escapes to apply (text with ESCAPE). */
const ESCAPES = 2
/** The field is enclosed in quotes. */
const QUOTED = 4
/** Numbers per field in a record's spans: raw start, raw end, content start, content end, flags. */
const SPAN = 5

/**
 * One CSV/text record. Its fields are kept as offsets into the chunk they were read from, so
 * reading a record makes no buffer per field: `text(k)` decodes a field's content in one step,
 * `fields` builds the buffers only when asked.
 */
export class DelimitedRecord {
  /** 1-based line the record starts on. */
  readonly line: number
  /** Set when the record cannot be read (text after a closing quote, an unclosed quote). */
  readonly malformed?: string
  readonly #buffer: Buffer
  readonly #start: number
  readonly #end: number
  readonly #spans: ReadonlyArray<number>
  readonly #quote: number
  #raw: Buffer | undefined

  constructor(
    line: number,
    buffer: Buffer,
    start: number,
    end: number,
    spans: ReadonlyArray<number>,
    quote: number | undefined,
    malformed: string | undefined,
  ) {
    this.line = line
    this.#buffer = buffer
    this.#start = start
    this.#end = end
    this.#spans = spans
    this.#quote = quote ?? -1
    if (malformed !== undefined) this.malformed = malformed
  }

  /** The memory the record was read from, and where in it the record starts and ends. */
  get rawSource(): ArrayBufferLike {
    return this.#buffer.buffer
  }

  get rawStart(): number {
    return this.#buffer.byteOffset + this.#start
  }

  get rawEnd(): number {
    return this.#buffer.byteOffset + this.#end
  }

  /** The record as written, without its line break. */
  get raw(): Buffer {
    this.#raw ??= this.#buffer.subarray(this.#start, this.#end)
    return this.#raw
  }

  get fieldCount(): number {
    return this.#spans.length / SPAN
  }

  /** Enclosed in the CSV quote character. */
  quoted(k: number): boolean {
    return ((this.#spans[k * SPAN + 4] as number) & QUOTED) !== 0
  }

  /** Bytes of field `k` as written. */
  rawLength(k: number): number {
    return (this.#spans[k * SPAN + 1] as number) - (this.#spans[k * SPAN] as number)
  }

  /** Field `k` as written equals `bytes` (NULL AS is compared before quotes and escapes). */
  rawEquals(k: number, bytes: Uint8Array): boolean {
    const start = this.#spans[k * SPAN] as number
    if ((this.#spans[k * SPAN + 1] as number) - start !== bytes.length) return false
    for (let i = 0; i < bytes.length; i++) if (this.#buffer[start + i] !== bytes[i]) return false
    return true
  }

  /**
   * The content of field `k` as text: quotes undone or escapes applied. Bytes that are not
   * UTF-8 are an InvalidUtf8, or each becomes `replacement` (ACCEPTINVCHARS).
   */
  text(k: number, replacement?: string): string | InvalidUtf8 {
    const at = k * SPAN
    const text = this.#buffer.toString(
      'utf8',
      this.#spans[at + 2] as number,
      this.#spans[at + 3] as number,
    )
    // Node decodes invalid bytes to U+FFFD: only then are the field's exact bytes needed.
    if (text.includes('\uFFFD')) return decodeUtf8(this.#contentBytes(k), replacement)
    const flags = this.#spans[at + 4] as number
    if ((flags & DOUBLED_QUOTES) !== 0) {
      const quote = String.fromCharCode(this.#quote)
      return text.replaceAll(quote + quote, quote)
    }
    // A backslash keeps the character after it (quotes and backslashes are ASCII, so undoing
    // them on the text or on the bytes is the same).
    return (flags & ESCAPES) !== 0 ? text.replace(/\\([\s\S])/g, '$1') : text
  }

  /** The fields as buffers (tests and error paths; the load reads fields with `text`). */
  get fields(): ReadonlyArray<DelimitedField> {
    const fields: DelimitedField[] = []
    for (let k = 0; k < this.fieldCount; k++) {
      const at = k * SPAN
      fields.push({
        bytes: this.#contentBytes(k),
        raw: this.#buffer.subarray(this.#spans[at] as number, this.#spans[at + 1] as number),
        quoted: this.quoted(k),
      })
    }
    return fields
  }

  /** Field `k`'s content as bytes, quotes undone and escapes applied. */
  #contentBytes(k: number): Buffer {
    const at = k * SPAN
    const flags = this.#spans[at + 4] as number
    const content = this.#buffer.subarray(
      this.#spans[at + 2] as number,
      this.#spans[at + 3] as number,
    )
    if ((flags & (DOUBLED_QUOTES | ESCAPES)) === 0) return content
    const out: number[] = []
    for (let i = 0; i < content.length; i++) {
      const b = content[i] as number
      if ((flags & DOUBLED_QUOTES) !== 0 && b === this.#quote && content[i + 1] === this.#quote) {
        out.push(b)
        i++
      } else if ((flags & ESCAPES) !== 0 && b === BACKSLASH && i + 1 < content.length) {
        out.push(content[i + 1] as number)
        i++
      } else out.push(b)
    }
    return Buffer.from(out)
  }
}

export interface JsonRecord {
  /** 1-based line the JSON value ends on, as STL_LOAD_ERRORS reports it. */
  readonly line: number
  readonly raw: Buffer
  /** Set for text outside any JSON object or array. */
  readonly malformed?: string
}

const NL = 0x0a
const BACKSLASH = 0x5c
const SPACE = 0x20
const TAB = 0x09

/** Skips the first `lines` lines of a stream (IGNOREHEADER); returns what remains of `chunk`. */
class HeaderSkipper {
  #left: number
  lines = 0
  constructor(lines: number) {
    this.#left = lines
  }
  skip(chunk: Buffer): Buffer {
    let at = 0
    while (this.#left > 0) {
      const nl = chunk.indexOf(NL, at)
      if (nl < 0) return Buffer.alloc(0)
      at = nl + 1
      this.#left--
      this.lines++
    }
    return at === 0 ? chunk : chunk.subarray(at)
  }
}

export interface DelimitedOptions {
  readonly delimiter: number
  /** The CSV quote character; undefined for character-delimited text. */
  readonly quote: number | undefined
  /** ESCAPE (text only): a backslash makes the next byte literal. */
  readonly escape: boolean
  readonly ignoreHeader: number
}

/** Incremental CSV / delimited-text reader: `push` chunks, then `end`. */
export class DelimitedReader {
  readonly #options: DelimitedOptions
  readonly #header: HeaderSkipper
  #pending: Buffer = Buffer.alloc(0)
  #line = 1

  constructor(options: DelimitedOptions) {
    this.#options = options
    this.#header = new HeaderSkipper(options.ignoreHeader)
  }

  push(chunk: Buffer): DelimitedRecord[] {
    const rest = this.#header.skip(chunk)
    if (rest.length === 0) return []
    const buffer = this.#pending.length === 0 ? rest : Buffer.concat([this.#pending, rest])
    return this.#drain(buffer, false)
  }

  end(): DelimitedRecord[] {
    const buffer = this.#pending
    this.#pending = Buffer.alloc(0)
    return buffer.length === 0 ? [] : this.#drain(buffer, true)
  }

  #drain(buffer: Buffer, final: boolean): DelimitedRecord[] {
    const records: DelimitedRecord[] = []
    let at = 0
    while (at < buffer.length) {
      const record = this.#record(buffer, at, final)
      if (record === undefined) break
      records.push(record.record)
      at = record.end
    }
    this.#pending = at === 0 ? buffer : buffer.subarray(at)
    if (this.#pending.length > MAX_RECORD_BYTES)
      throw new RecordTooLarge(this.#line + this.#headerLines())
    return records
  }

  #headerLines(): number {
    return this.#header.lines
  }

  /** Reads one record at `start`; undefined when it continues past the buffer (and more may come). */
  #record(
    buffer: Buffer,
    start: number,
    final: boolean,
  ): { record: DelimitedRecord; end: number } | undefined {
    const { delimiter, quote, escape: escapes } = this.#options
    const spans: number[] = []
    let malformed: string | undefined
    let newlines = 0
    let p = start
    const n = buffer.length
    for (;;) {
      // A quoted field may have blanks before its opening quote (they are ignored).
      let q = p
      if (quote !== undefined) {
        while (q < n && (buffer[q] === SPACE || buffer[q] === TAB) && buffer[q] !== delimiter) q++
      }
      if (quote !== undefined && q < n && buffer[q] === quote) {
        let flags = QUOTED
        let i = q + 1
        let contentEnd = -1
        while (i < n) {
          const b = buffer[i]
          if (b === quote) {
            if (i + 1 < n && buffer[i + 1] === quote) {
              flags |= DOUBLED_QUOTES
              i += 2
              continue
            }
            if (i + 1 >= n && !final) return undefined
            contentEnd = i
            i++
            break
          }
          if (b === NL) newlines++
          i++
        }
        if (contentEnd < 0) {
          if (!final) return undefined
          contentEnd = i
          malformed ??= 'Unterminated quoted field'
        }
        let e = i
        while (e < n && (buffer[e] === SPACE || buffer[e] === TAB) && buffer[e] !== delimiter) e++
        if (e < n && buffer[e] !== delimiter && buffer[e] !== NL) {
          malformed ??= 'Text after the closing quote of a field'
          while (e < n && buffer[e] !== delimiter && buffer[e] !== NL) e++
        }
        if (e >= n && !final) return undefined
        spans.push(p, e, q + 1, contentEnd, flags)
        p = e
      } else {
        let e = p
        let flags = 0
        while (e < n) {
          const b = buffer[e] as number
          if (b === delimiter || b === NL) break
          if (escapes && b === BACKSLASH && e + 1 < n) {
            flags = ESCAPES
            if (buffer[e + 1] === NL) newlines++
            e += 2
            continue
          }
          e++
        }
        // The field may go on in the next chunk (a backslash ending this one escapes it).
        if (e >= n && !final) return undefined
        spans.push(p, e, p, e, flags)
        p = e
      }
      if (p < n && buffer[p] === delimiter) {
        p++
        continue
      }
      const line = this.#line + this.#header.lines
      if (p - start > MAX_RECORD_BYTES) throw new RecordTooLarge(line)
      const end = p < n ? p + 1 : p
      this.#line += newlines + (p < n ? 1 : 0)
      return {
        record: new DelimitedRecord(line, buffer, start, p, spans, quote, malformed),
        end,
      }
    }
  }
}

const isJsonSpace = (b: number): boolean => b === SPACE || b === NL || b === TAB || b === 0x0d
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const DQUOTE = 0x22

/** Incremental reader of top-level JSON objects and arrays separated by white space. */
export class JsonReader {
  readonly #header: HeaderSkipper
  #pending: Buffer = Buffer.alloc(0)
  #line = 1

  constructor(ignoreHeader: number) {
    this.#header = new HeaderSkipper(ignoreHeader)
  }

  push(chunk: Buffer): JsonRecord[] {
    const rest = this.#header.skip(chunk)
    if (rest.length === 0) return []
    const buffer = this.#pending.length === 0 ? rest : Buffer.concat([this.#pending, rest])
    return this.#drain(buffer, false)
  }

  end(): JsonRecord[] {
    const buffer = this.#pending
    this.#pending = Buffer.alloc(0)
    return buffer.length === 0 ? [] : this.#drain(buffer, true)
  }

  #drain(buffer: Buffer, final: boolean): JsonRecord[] {
    const records: JsonRecord[] = []
    const n = buffer.length
    let at = 0
    for (;;) {
      while (at < n && isJsonSpace(buffer[at] as number)) {
        if (buffer[at] === NL) this.#line++
        at++
      }
      if (at >= n) break
      const scanned = this.#value(buffer, at, final)
      if (scanned === undefined) break
      records.push(scanned.record)
      at = scanned.end
    }
    this.#pending = at >= n ? Buffer.alloc(0) : buffer.subarray(at)
    if (this.#pending.length > MAX_RECORD_BYTES) {
      throw new RecordTooLarge(this.#line + this.#header.lines)
    }
    return records
  }

  #value(
    buffer: Buffer,
    start: number,
    final: boolean,
  ): { record: JsonRecord; end: number } | undefined {
    const n = buffer.length
    const first = buffer[start] as number
    let lines = 0
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // Text outside a JSON structure: one error up to the next line or structure.
      let e = start
      while (e < n && buffer[e] !== NL && buffer[e] !== OPEN_BRACE && buffer[e] !== OPEN_BRACKET) {
        e++
      }
      if (e >= n && !final) return undefined
      const line = this.#line + this.#header.lines
      return {
        record: {
          line,
          raw: buffer.subarray(start, e),
          malformed: 'Invalid JSON: text outside an object',
        },
        end: e,
      }
    }
    let depth = 0
    let inString = false
    let i = start
    while (i < n) {
      const b = buffer[i] as number
      if (inString) {
        if (b === BACKSLASH) i++
        else if (b === DQUOTE) inString = false
        else if (b === NL) lines++
      } else if (b === DQUOTE) inString = true
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--
        if (depth === 0) {
          this.#line += lines
          const line = this.#line + this.#header.lines
          if (i + 1 - start > MAX_RECORD_BYTES) throw new RecordTooLarge(line)
          return { record: { line, raw: buffer.subarray(start, i + 1) }, end: i + 1 }
        }
      } else if (b === NL) lines++
      i++
    }
    if (!final) return undefined
    this.#line += lines
    const line = this.#line + this.#header.lines
    return {
      record: { line, raw: buffer.subarray(start), malformed: 'Invalid JSON: unterminated object' },
      end: n,
    }
  }
}
