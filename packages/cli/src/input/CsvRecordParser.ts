import type { InputLine } from './readLines.js'

/**
 * One CSV record, or why its lines are not one: `line` is where the record starts (what errors
 * name), `endLine` where it ends (a quoted field may hold line breaks).
 *
 * @example
 * ```ts
 * const record: CsvRecord = { kind: 'record', line: 2, endLine: 3, fields: ['1', 'two\nlines'], quoted: [false, true] }
 * ```
 */
export type CsvRecord =
  | {
      readonly kind: 'record'
      readonly line: number
      readonly endLine: number
      readonly fields: ReadonlyArray<string>
      /** Whether each field was quoted: an unquoted empty field is absent, `""` is the empty string. */
      readonly quoted: ReadonlyArray<boolean>
    }
  | {
      readonly kind: 'error'
      readonly line: number
      readonly endLine: number
      readonly reason: string
    }

type State = 'start' | 'unquoted' | 'quoted' | 'closed'

const MiB = 1024 * 1024

/**
 * An RFC 4180 CSV reader fed one line at a time: fields separated by `,`, a field that starts
 * with `"` is quoted (`""` inside it is one `"`, and it may span lines: its CR/LF line ends are
 * kept as they were), records end at a line end outside quotes. Empty lines between records are
 * skipped. Strict where a lenient reader would guess: a `"` inside an unquoted field, text after
 * a closing quote, a line that is not UTF-8 and a quote never closed are errors of their record,
 * and reading goes on at the next line.
 *
 * @example
 * ```ts
 * const parser = new CsvRecordParser()
 * parser.push({ line: 1, text: 'id,name', terminator: '\n', validUtf8: true })
 * // { kind: 'record', line: 1, endLine: 1, fields: ['id', 'name'], quoted: [false, false] }
 * ```
 */
export class CsvRecordParser {
  private inRecord = false
  private startLine = 0
  private fields: Array<string> = []
  private quoted: Array<boolean> = []
  private field = ''
  private state: State = 'start'
  private quoteLine = 0
  private quoteColumn = 0
  private quotedChars = 0
  private badReason: string | undefined

  /** @param maxFieldChars a quoted field longer than this is an error (a quote is missing). */
  constructor(private readonly maxFieldChars = 64 * MiB) {}

  /** Reads one line; returns the record it ends, if any. */
  push(input: InputLine): CsvRecord | undefined {
    if (!this.inRecord) {
      if (input.text === '') return undefined
      this.inRecord = true
      this.startLine = input.line
    }
    if (!input.validUtf8 && this.badReason === undefined) {
      this.badReason = `line ${input.line} is not valid UTF-8; save the file as UTF-8`
    }
    const text = input.text
    const n = text.length
    let i = 0
    while (i <= n) {
      switch (this.state) {
        case 'start': {
          if (text.charCodeAt(i) === 0x22) {
            this.state = 'quoted'
            this.quoteLine = input.line
            this.quoteColumn = i + 1
            this.quotedChars = 0
            i++
            continue
          }
          this.state = 'unquoted'
          continue
        }
        case 'unquoted': {
          let end = i
          while (end < n) {
            const c = text.charCodeAt(end)
            if (c === 0x2c || c === 0x22) break
            end++
          }
          this.field += text.slice(i, end)
          if (end === n) return this.endRecord(input.line)
          if (text.charCodeAt(end) === 0x22) {
            return this.fail(
              input.line,
              `a quote inside the unquoted field ${this.fields.length + 1} (line ${input.line}, column ${end + 1}); quote the whole field and double the quote ("a ""b"" c")`,
            )
          }
          this.endField(false)
          i = end + 1
          continue
        }
        case 'quoted': {
          const quote = text.indexOf('"', i)
          if (quote === -1) {
            this.field += text.slice(i) + input.terminator
            this.quotedChars += n - i + input.terminator.length
            if (this.quotedChars > this.maxFieldChars) {
              return this.fail(
                input.line,
                `the quoted field opened at line ${this.quoteLine}, column ${this.quoteColumn} is not closed after ${Math.round(this.maxFieldChars / MiB)} MiB; a closing quote is probably missing`,
              )
            }
            // The record goes on on the next line (or is never closed: see `end`).
            return undefined
          }
          this.field += text.slice(i, quote)
          this.quotedChars += quote - i
          if (text.charCodeAt(quote + 1) === 0x22) {
            this.field += '"'
            i = quote + 2
            continue
          }
          this.state = 'closed'
          i = quote + 1
          continue
        }
        case 'closed': {
          if (i === n) return this.endRecord(input.line)
          if (text.charCodeAt(i) === 0x2c) {
            this.endField(true)
            i++
            continue
          }
          return this.fail(
            input.line,
            `text after the closing quote of field ${this.fields.length + 1} (line ${input.line}, column ${i + 1}); a quote inside a quoted field is written twice ("")`,
          )
        }
      }
    }
    return undefined
  }

  /** Ends the input: a quoted field still open is an error of its record. */
  end(): CsvRecord | undefined {
    if (!this.inRecord) return undefined
    const record: CsvRecord = {
      kind: 'error',
      line: this.startLine,
      endLine: this.quoteLine,
      reason: `the quoted field opened at line ${this.quoteLine}, column ${this.quoteColumn} is never closed`,
    }
    this.reset()
    return record
  }

  private endField(quoted: boolean): void {
    this.fields.push(this.field)
    this.quoted.push(quoted)
    this.field = ''
    this.state = 'start'
  }

  private endRecord(line: number): CsvRecord {
    this.endField(this.state === 'closed')
    const record: CsvRecord =
      this.badReason === undefined
        ? {
            kind: 'record',
            line: this.startLine,
            endLine: line,
            fields: this.fields,
            quoted: this.quoted,
          }
        : { kind: 'error', line: this.startLine, endLine: line, reason: this.badReason }
    this.reset()
    return record
  }

  private fail(line: number, reason: string): CsvRecord {
    const record: CsvRecord = {
      kind: 'error',
      line: this.startLine,
      endLine: line,
      reason: this.badReason ?? reason,
    }
    this.reset()
    return record
  }

  private reset(): void {
    this.inRecord = false
    this.fields = []
    this.quoted = []
    this.field = ''
    this.state = 'start'
    this.badReason = undefined
    this.quotedChars = 0
  }
}
