import type { CopyCommand } from './CopyCommand.js'
import { type CopyColumn, convertField, convertText, FieldError } from './convertValue.js'
import { COPY_NULL, CopyTextBuffer, copyTextField } from './copyText.js'
import { JsonSyntaxError, type JsonValue, parseJsonObject } from './jsonValue.js'
import type { LoadErrorRow } from './LoadLog.js'
import {
  DelimitedReader,
  DelimitedRecord,
  JsonReader,
  type JsonRecord,
  MAX_RECORD_BYTES,
  RecordTooLarge,
} from './recordReader.js'
import { decodeUtf8, InvalidUtf8 } from './utf8.js'

/** A bad line as the load error log keeps it, without what the load adds (user, table, query). */
export type BadLine = Omit<
  LoadErrorRow,
  'userId' | 'tableId' | 'startTime' | 'session' | 'query' | 'database'
>

/**
 * Converted rows, cut into a batch: their lines of COPY text, and where each came from so that
 * a row the database refuses can be reported. Plain data, so a worker can send it.
 */
export interface ConvertedBatch {
  /** The rows' lines of COPY text, one after the other; `textBytes` of it are used. */
  readonly text: Uint8Array
  readonly textBytes: number
  /** Per row: where its line ends in `text`. */
  readonly ends: ReadonlyArray<number>
  /** Per row: the file (index in the order files were started) and the line it starts on. */
  readonly files: ReadonlyArray<number>
  readonly lines: ReadonlyArray<number>
  /** The rows as written (with what lies between them), and where each starts and ends in it. */
  readonly raw: Uint8Array
  readonly rawStarts: ReadonlyArray<number>
  readonly rawEnds: ReadonlyArray<number>
}

/** What the converter hands on: bad lines met since the previous event, in order, then a batch or the end. */
export interface ConverterEvent {
  readonly badLines: ReadonlyArray<BadLine>
  readonly batch?: ConvertedBatch
  /** The load must fail once the bad lines are recorded (too many of them, a record over 4 MB). */
  readonly failed?: true
  /** No more events follow. */
  readonly end?: true
}

/** What converting needs to know: the statement's options and the columns in field order. */
export interface ConverterSetup {
  readonly command: CopyCommand
  readonly columns: ReadonlyArray<CopyColumn>
}

/** COPY text per batch (UTF-8 bytes): large enough that one COPY per batch costs little, small enough to hold. */
export const BATCH_BYTES = 4 * 1024 * 1024

/**
 * The first batch is smaller, and each next one twice as large up to BATCH_BYTES, so the
 * database starts storing soon while a worker converts the rest.
 */
const FIRST_BATCH_BYTES = 256 * 1024

/** Load data as STL_LOAD_ERRORS shows it: multibyte characters become periods, at most 1024. */
export const displayText = (text: string): string =>
  text.replace(/[^\x00-\x7f]/gu, '.').slice(0, 1024)

const invalidUtf8 = (error: InvalidUtf8): FieldError =>
  new FieldError(
    1220,
    `String contains invalid or unsupported UTF8 codepoints. Bad UTF8 hex sequence: ${error.hex} (error 3)`,
  )

const jsonText = (value: JsonValue): string => {
  switch (value.kind) {
    case 'null':
      return 'null'
    case 'boolean':
      return String(value.value)
    case 'number':
      return value.raw
    case 'string':
      return value.value
    default:
      return value.text
  }
}

/** The column fields of a bad line. */
export const columnFields = (
  column: CopyColumn | undefined,
): Pick<BadLine, 'columnName' | 'columnType' | 'columnLength'> => ({
  columnName: column?.name ?? '',
  columnType: column === undefined ? '' : column.kind === 'char' ? 'char' : column.kind,
  columnLength:
    column === undefined
      ? ''
      : column.kind === 'char' || column.kind === 'varchar' || column.kind === 'varbyte'
        ? String(column.length)
        : column.kind === 'numeric'
          ? `${column.length},${column.scale}`
          : '',
})

/** A growing byte buffer for the rows as written. */
class RawBuffer {
  bytes: Buffer = Buffer.allocUnsafe(BATCH_BYTES)
  length = 0

  append(chunk: Uint8Array): number {
    if (this.length + chunk.length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.length + chunk.length, this.bytes.length * 2))
      this.bytes.copy(grown, 0, 0, this.length)
      this.bytes = grown
    }
    this.bytes.set(chunk, this.length)
    this.length += chunk.length
    return this.length
  }
}

/**
 * Turns the bytes of a COPY's objects into batches of converted rows: splits records (CSV,
 * text, JSON), converts each field by Redshift's rules (`convertValue.ts`), writes rows as COPY
 * text, and reports bad lines. Synchronous and free of I/O, so it runs the same in the
 * statement's thread or in a worker. Feed it one file at a time: `startFile`, `push` chunks,
 * `endFile`; then `finish`. Each call returns the events it produced, in order.
 *
 * @example
 * const converter = new Converter({ command, columns })
 * converter.startFile('s3://b/part-0')
 * const events = [...converter.push(chunk), ...converter.endFile(), ...converter.finish()]
 */
export class Converter {
  readonly #command: CopyCommand
  readonly #columns: ReadonlyArray<CopyColumn>
  readonly #nullBytes: Buffer
  #reader: DelimitedReader | JsonReader | undefined
  #file = -1
  #url = ''
  #badLines: BadLine[] = []
  /** Bad lines so far: the converter stops once there are more than MAXERROR. */
  #badCount = 0
  #stopped = false
  #batchBytes = FIRST_BATCH_BYTES
  #text = new CopyTextBuffer(BATCH_BYTES + (1 << 16))
  #raw = new RawBuffer()
  #ends: number[] = []
  #files: number[] = []
  #lines: number[] = []
  #rawStarts: number[] = []
  #rawEnds: number[] = []
  /**
   * Rows in a row are copied to `#raw` as one span of the memory they were read from: where
   * the span is, and where it starts in `#raw`.
   */
  #span: { source: ArrayBufferLike; start: number; end: number; at: number } | undefined
  #events: ConverterEvent[] = []

  constructor(setup: ConverterSetup) {
    this.#command = setup.command
    this.#columns = setup.columns
    this.#nullBytes = Buffer.from(setup.command.nullAs ?? '\\N', 'utf8')
  }

  /** Starts the next file; `url` names it in bad lines. */
  startFile(url: string): ConverterEvent[] {
    const command = this.#command
    const format = command.format
    this.#file++
    this.#url = url
    this.#reader =
      format.kind === 'json'
        ? new JsonReader(command.ignoreHeader)
        : new DelimitedReader({
            delimiter: command.delimiter.charCodeAt(0),
            quote: format.kind === 'csv' ? format.quote.charCodeAt(0) : undefined,
            escape: command.escape,
            ignoreHeader: command.ignoreHeader,
          })
    return this.#take()
  }

  /** Converts the records a chunk of the current file completes. */
  push(chunk: Buffer): ConverterEvent[] {
    if (this.#stopped) return []
    this.#read(() => (this.#reader as DelimitedReader | JsonReader).push(chunk))
    return this.#take()
  }

  /** Converts what is left of the current file. */
  endFile(): ConverterEvent[] {
    if (!this.#stopped) this.#read(() => (this.#reader as DelimitedReader | JsonReader).end())
    this.#reader = undefined
    return this.#take()
  }

  /** The last batch and the end. */
  finish(): ConverterEvent[] {
    if (!this.#stopped) {
      this.#stopped = true
      this.#cut(true)
    }
    return this.#take()
  }

  #take(): ConverterEvent[] {
    const events = this.#events
    this.#events = []
    return events
  }

  #read(records: () => ReadonlyArray<DelimitedRecord | JsonRecord>): void {
    try {
      this.#convert(records)
    } finally {
      // The memory the rows were read from may be reused by the next chunk's records.
      this.#copyRaw()
    }
  }

  #convert(records: () => ReadonlyArray<DelimitedRecord | JsonRecord>): void {
    let read: ReadonlyArray<DelimitedRecord | JsonRecord>
    try {
      read = records()
    } catch (error) {
      if (!RecordTooLarge.is(error)) throw error
      this.#bad(
        error.line,
        '',
        undefined,
        '',
        new FieldError(1216, `Record exceeds the maximum size of ${MAX_RECORD_BYTES} bytes`),
      )
      this.#fail()
      return
    }
    for (const record of read) {
      const text = record instanceof DelimitedRecord ? this.#delimited(record) : this.#json(record)
      if (text === undefined) {
        if (this.#badCount > this.#command.maxError) {
          this.#fail()
          return
        }
        continue
      }
      const end = this.#text.append(text)
      this.#ends.push(end)
      this.#files.push(this.#file)
      this.#lines.push(record.line)
      if (record instanceof DelimitedRecord) {
        this.#keepRaw(record.rawSource, record.rawStart, record.rawEnd)
      } else {
        this.#keepRaw(
          record.raw.buffer,
          record.raw.byteOffset,
          record.raw.byteOffset + record.raw.length,
        )
      }
      if (end >= this.#batchBytes) {
        this.#cut(false)
        this.#batchBytes = Math.min(BATCH_BYTES, this.#batchBytes * 2)
      }
    }
  }

  /** Notes where a row as written is, extending the span being copied when the row follows it. */
  #keepRaw(source: ArrayBufferLike, start: number, end: number): void {
    let span = this.#span
    if (span === undefined || span.source !== source || start < span.end) {
      this.#copyRaw()
      span = { source, start, end, at: this.#raw.length }
      this.#span = span
    }
    span.end = end
    this.#rawStarts.push(span.at + start - span.start)
    this.#rawEnds.push(span.at + end - span.start)
  }

  /** Copies the span of rows noted so far. */
  #copyRaw(): void {
    const span = this.#span
    if (span === undefined) return
    this.#raw.append(new Uint8Array(span.source, span.start, span.end - span.start))
    this.#span = undefined
  }

  /** Ends the events with a failure: the bad lines so far, no more rows. */
  #fail(): void {
    this.#stopped = true
    this.#events.push({ badLines: this.#badLines, failed: true, end: true })
    this.#badLines = []
  }

  /** Hands on the rows so far as a batch (and, at the end, the end). */
  #cut(end: boolean): void {
    this.#copyRaw()
    const batch: ConvertedBatch | undefined =
      this.#ends.length === 0
        ? undefined
        : {
            text: this.#text.take(),
            textBytes: this.#ends.at(-1) as number,
            ends: this.#ends,
            files: this.#files,
            lines: this.#lines,
            raw: this.#raw.bytes,
            rawStarts: this.#rawStarts,
            rawEnds: this.#rawEnds,
          }
    if (batch !== undefined || end || this.#badLines.length > 0) {
      this.#events.push({
        badLines: this.#badLines,
        ...(batch === undefined ? {} : { batch }),
        ...(end ? { end: true } : {}),
      })
    }
    this.#badLines = []
    this.#ends = []
    this.#files = []
    this.#lines = []
    this.#rawStarts = []
    this.#rawEnds = []
    this.#raw = new RawBuffer()
  }

  #bad(
    line: number,
    raw: Buffer | string,
    column: CopyColumn | undefined,
    fieldValue: string,
    error: FieldError,
  ): undefined {
    this.#badCount++
    this.#badLines.push({
      fileName: this.#url,
      lineNumber: line,
      ...columnFields(column),
      position: error.position,
      rawLine: displayText(typeof raw === 'string' ? raw : raw.toString('utf8')),
      rawFieldValue: displayText(fieldValue),
      errorCode: error.code,
      errorReason: error.reason,
    })
    return undefined
  }

  /** A CSV/text record as a line of COPY text, or undefined when the line is bad. */
  #delimited(record: DelimitedRecord): string | undefined {
    const command = this.#command
    const columns = this.#columns
    const count = record.fieldCount
    if (count === 1 && record.rawLength(0) === 0 && command.ignoreBlankLines) return undefined
    const bad = (column: CopyColumn | undefined, value: string, error: FieldError) =>
      this.#bad(record.line, record.raw, column, value, error)
    if (record.malformed !== undefined)
      return bad(undefined, '', new FieldError(1216, record.malformed))
    if (count > columns.length) {
      return bad(undefined, '', new FieldError(1202, 'Extra column(s) found'))
    }
    if (count < columns.length && !command.fillRecord) {
      return bad(columns[count], '', new FieldError(1214, 'Delimiter not found'))
    }
    let line = ''
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k] as CopyColumn
      let value: string | null
      let text = ''
      try {
        if (k >= count) {
          // FILLRECORD: a missing VARCHAR/CHAR is an empty string, anything else NULL.
          value =
            (column.kind === 'char' || column.kind === 'varchar') && !command.emptyAsNull
              ? ''
              : null
        } else if (!record.quoted(k) && record.rawEquals(k, this.#nullBytes)) {
          value = null
        } else {
          const decoded = record.text(k, command.acceptInvalidChars)
          if (decoded instanceof InvalidUtf8) throw invalidUtf8(decoded)
          text = decoded
          value = convertText(text, record.quoted(k), column, command)
        }
        if (value === null && column.notNull) {
          throw new FieldError(1213, 'Missing data for not-null field')
        }
      } catch (error) {
        if (error instanceof FieldError) return bad(column, text, error)
        throw error
      }
      line += `${k === 0 ? '' : '\t'}${value === null ? COPY_NULL : copyTextField(value)}`
    }
    return `${line}\n`
  }

  /** A JSON object as a line of COPY text, or undefined when it is bad. */
  #json(record: JsonRecord): string | undefined {
    const command = this.#command
    const bad = (column: CopyColumn | undefined, value: string, error: FieldError) =>
      this.#bad(record.line, record.raw, column, value, error)
    if (record.malformed !== undefined)
      return bad(undefined, '', new FieldError(1216, record.malformed))
    const decoded = decodeUtf8(record.raw, command.acceptInvalidChars)
    if (decoded instanceof InvalidUtf8) return bad(undefined, '', invalidUtf8(decoded))
    let members: Map<string, JsonValue>
    try {
      members = parseJsonObject(decoded)
    } catch (error) {
      if (JsonSyntaxError.is(error)) {
        return bad(undefined, '', new FieldError(1216, error.message, error.position))
      }
      if (error instanceof RangeError) {
        return bad(undefined, '', new FieldError(1216, 'Invalid JSON: nested too deeply'))
      }
      throw error
    }
    if (command.format.kind === 'json' && command.format.ignoreCase) {
      const lower = new Map<string, JsonValue>()
      for (const [key, value] of members) lower.set(key.toLowerCase(), value)
      members = lower
    }
    let line = ''
    const columns = this.#columns
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k] as CopyColumn
      const member = members.get(column.name)
      let value: string | null = null
      try {
        if (member !== undefined)
          value = convertField({ kind: 'json', value: member }, column, command)
        if (value === null && column.notNull) {
          throw new FieldError(1213, 'Missing data for not-null field')
        }
      } catch (error) {
        if (error instanceof FieldError)
          return bad(column, member === undefined ? '' : jsonText(member), error)
        throw error
      }
      line += `${k === 0 ? '' : '\t'}${value === null ? COPY_NULL : copyTextField(value)}`
    }
    return `${line}\n`
  }
}
