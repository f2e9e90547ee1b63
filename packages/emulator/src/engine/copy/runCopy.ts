import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { RedshiftSqlError } from '../Engine.js'
import type { SqlConnection } from '../SqlConnection.js'
import { cancelledError, toRedshiftError } from '../toRedshiftError.js'
import type { CopyCommand } from './CopyCommand.js'
import {
  type ConversionOptions,
  type CopyColumn,
  convertField,
  convertText,
  FieldError,
} from './convertValue.js'
import { COPY_NULL, CopyTextBuffer, copyTextField } from './copyText.js'
import { JsonSyntaxError, type JsonValue, parseJsonObject } from './jsonValue.js'
import type { LoadErrorRow, LoadLog } from './LoadLog.js'
import {
  DelimitedReader,
  type DelimitedRecord,
  JsonReader,
  type JsonRecord,
  MAX_RECORD_BYTES,
  RecordTooLarge,
} from './recordReader.js'
import {
  listPrefix,
  noS3Endpoint,
  openObject,
  readManifest,
  type S3Object,
  type S3Settings,
  s3ClientFor,
} from './S3Source.js'
import { type PendingRow, storeRows } from './storeRows.js'
import { type CopyTarget, resolveTarget } from './target.js'
import { decodeUtf8, InvalidUtf8 } from './utf8.js'

/** What COPY needs from the engine: the S3 endpoint and the database's load error log. */
export interface CopyServices {
  readonly s3: S3Settings | undefined
  readonly loadLog: LoadLog
}

export interface CopyRun {
  readonly connection: SqlConnection
  readonly command: CopyCommand
  readonly services: CopyServices
  /** The statement's query id (STL_LOAD_ERRORS.query, PG_LAST_COPY_ID). */
  readonly queryId: number
  /** The session's pid (STL_LOAD_ERRORS.session). */
  readonly session: number
  readonly database: string
  readonly signal: AbortSignal | undefined
  /** Called once the load begins (after the files are found), as PG_LAST_COPY_ID is updated. */
  readonly onLoadStart: () => void
}

/** COPY text per batch (UTF-8 bytes) before it is stored: large enough that one COPY per batch costs little, small enough to hold. */
const BATCH_BYTES = 4 * 1024 * 1024

/** Output chunks of gunzip: larger than zlib's 16 KiB, so fewer reads and record splits. */
const GUNZIP_CHUNK_BYTES = 64 * 1024

const utcNow = (): string => new Date().toISOString().replace('T', ' ').replace('Z', '000')

/** Load data as STL_LOAD_ERRORS shows it: multibyte characters become periods, at most 1024. */
const displayText = (text: string): string => text.replace(/[^\x00-\x7f]/gu, '.').slice(0, 1024)

/**
 * Runs one COPY from S3 into its target on `run.connection`, inside the caller's transaction:
 * lists or reads the manifest, streams every object (gunzipped as it arrives), converts each
 * record per column, and inserts in batches. Bad lines up to MAXERROR are skipped; every bad
 * line goes to the load error log, which outlives the transaction. Returns the rows loaded.
 */
export const runCopy = async (run: CopyRun): Promise<number> => {
  const { command, connection } = run
  const target = await resolveTarget(connection, command)
  const s3 = run.services.s3
  if (s3 === undefined) throw noS3Endpoint()
  const client = s3ClientFor(s3, command)
  try {
    const objects = command.manifest
      ? await readManifest(client, command.source)
      : await listPrefix(client, command.source)
    if (objects.length === 0) {
      throw new RedshiftSqlError('ERROR: The manifest lists no files to load', 'XX000')
    }
    const startTime = utcNow()
    run.onLoadStart()
    const load = new Load(run, target, startTime)
    const open = (object: S3Object): Promise<Readable | undefined> => {
      const opening = openObject(client, object, command.manifest)
      // Awaited in turn; until then a failure must not count as unhandled.
      opening.catch(() => undefined)
      return opening
    }
    let found = 0
    // The next object is requested while this one loads, so its first bytes are waiting.
    let next = open(objects[0] as S3Object)
    try {
      for (let i = 0; i < objects.length; i++) {
        const body = await next
        next =
          i + 1 < objects.length ? open(objects[i + 1] as S3Object) : Promise.resolve(undefined)
        if (body === undefined) continue
        found++
        await load.file(objects[i] as S3Object, body)
      }
    } finally {
      void next.then(
        (body) => body?.destroy(),
        () => undefined,
      )
    }
    if (found === 0) {
      throw new RedshiftSqlError(
        'ERROR: No files found to load: every manifest entry is missing',
        'XX000',
      )
    }
    return await load.finish()
  } finally {
    client.destroy()
  }
}

/** One COPY's progress: the batch being built, the errors so far, the rows loaded. */
class Load {
  readonly #run: CopyRun
  readonly #target: CopyTarget
  readonly #startTime: string
  readonly #options: ConversionOptions
  readonly #nullBytes: Buffer
  readonly #errors: LoadErrorRow[] = []
  #batch: PendingRow[] = []
  readonly #text = new CopyTextBuffer()
  #loaded = 0
  #userId: number | undefined

  constructor(run: CopyRun, target: CopyTarget, startTime: string) {
    this.#run = run
    this.#target = target
    this.#startTime = startTime
    this.#options = run.command
    this.#nullBytes = Buffer.from(run.command.nullAs ?? '\\N', 'utf8')
  }

  async file(object: S3Object, body: Readable): Promise<void> {
    const command = this.#run.command
    const stream = command.gzip ? body.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES })) : body
    if (command.gzip) body.on('error', (error) => stream.destroy(error))
    const format = command.format
    const reader =
      format.kind === 'json'
        ? new JsonReader(command.ignoreHeader)
        : new DelimitedReader({
            delimiter: command.delimiter.charCodeAt(0),
            quote: format.kind === 'csv' ? format.quote.charCodeAt(0) : undefined,
            escape: command.escape,
            ignoreHeader: command.ignoreHeader,
          })
    try {
      for await (const chunk of stream) {
        if (this.#run.signal?.aborted) throw cancelledError(this.#run.session)
        for (const record of reader.push(chunk as Buffer)) await this.#record(object.url, record)
      }
      for (const record of reader.end()) await this.#record(object.url, record)
    } catch (error) {
      body.destroy()
      if (error instanceof RecordTooLarge) {
        this.#fail(
          object.url,
          error.line,
          Buffer.alloc(0),
          undefined,
          '',
          new FieldError(1216, `Record exceeds the maximum size of ${MAX_RECORD_BYTES} bytes`),
        )
        throw await this.#failure()
      }
      if (error instanceof RedshiftSqlError) throw error
      const code = (error as { code?: string }).code
      if (command.gzip && typeof code === 'string' && code.startsWith('Z_')) {
        throw new RedshiftSqlError(
          `ERROR: gzip: ${object.url}: ${(error as Error).message}; the object is not valid GZIP data`,
          'XX000',
        )
      }
      throw toRedshiftError(error, { pid: this.#run.session })
    }
  }

  async #record(file: string, record: DelimitedRecord | JsonRecord): Promise<void> {
    const text =
      'fields' in record ? this.#delimitedValues(file, record) : this.#jsonValues(file, record)
    if (text === undefined) {
      if (this.#tooManyErrors()) throw await this.#failure()
      return
    }
    const end = this.#text.append(text)
    this.#batch.push({ end, file, line: record.line, raw: record.raw })
    if (end >= BATCH_BYTES) await this.#flush()
  }

  /** Records a bad line; fails the COPY once more lines are bad than MAXERROR tolerates. */
  #fail(
    file: string,
    line: number,
    raw: Buffer,
    column: CopyColumn | undefined,
    fieldValue: string,
    error: FieldError,
  ): void {
    this.#errors.push({
      userId: this.#userId ?? 0,
      tableId: this.#target.tableId,
      startTime: this.#startTime,
      session: this.#run.session,
      query: this.#run.queryId,
      database: this.#run.database,
      fileName: file,
      lineNumber: line,
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
      position: error.position,
      rawLine: displayText(raw.toString('utf8')),
      rawFieldValue: displayText(fieldValue),
      errorCode: error.code,
      errorReason: error.reason,
    })
  }

  #tooManyErrors(): boolean {
    return this.#errors.length > this.#run.command.maxError
  }

  /** A CSV/text record as a line of COPY text, or undefined when the line is bad. */
  #delimitedValues(file: string, record: DelimitedRecord): string | undefined {
    const command = this.#run.command
    const columns = this.#target.columns
    const count = record.fieldCount
    if (count === 1 && record.rawLength(0) === 0 && command.ignoreBlankLines) return undefined
    const bad = (column: CopyColumn | undefined, value: string, error: FieldError): undefined => {
      this.#fail(file, record.line, record.raw, column, value, error)
      return undefined
    }
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
          value = convertText(text, record.quoted(k), column, this.#options)
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
  #jsonValues(file: string, record: JsonRecord): string | undefined {
    const command = this.#run.command
    const bad = (column: CopyColumn | undefined, value: string, error: FieldError): undefined => {
      this.#fail(file, record.line, record.raw, column, value, error)
      return undefined
    }
    if (record.malformed !== undefined)
      return bad(undefined, '', new FieldError(1216, record.malformed))
    const decoded = decodeUtf8(record.raw, command.acceptInvalidChars)
    if (decoded instanceof InvalidUtf8) return bad(undefined, '', invalidUtf8(decoded))
    let members: Map<string, JsonValue>
    try {
      members = parseJsonObject(decoded)
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
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
    const columns = this.#target.columns
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k] as CopyColumn
      const member = members.get(column.name)
      let value: string | null = null
      try {
        if (member !== undefined)
          value = convertField({ kind: 'json', value: member }, column, this.#options)
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

  async #userIdOf(): Promise<number> {
    if (this.#userId === undefined) {
      const raw = await this.#run.connection.query(
        'SELECT oid::int4 FROM pg_catalog.pg_roles WHERE rolname = current_user',
      )
      this.#userId = Number(raw.rows[0]?.[0] ?? 0)
    }
    return this.#userId
  }

  async #flush(): Promise<void> {
    const rows = this.#batch
    this.#batch = []
    if (this.#errors.length > 0) await this.#userIdOf()
    if (this.#tooManyErrors()) throw await this.#failure()
    if (rows.length === 0 || this.#run.command.noLoad) {
      this.#text.clear()
      return
    }
    const errorsBefore = this.#errors.length
    const batch = { rows, text: this.#text }
    this.#loaded += await storeRows(this.#run.connection, this.#target, batch, (row, error) => {
      // A value only the database refuses: the row is a bad line with the database's message.
      const mapped = toRedshiftError(error, { pid: this.#run.session })
      this.#fail(row.file, row.line, row.raw, undefined, '', databaseError(mapped))
      return !this.#tooManyErrors()
    })
    this.#text.clear()
    if (this.#errors.length > errorsBefore) await this.#userIdOf()
    if (this.#tooManyErrors()) throw await this.#failure()
  }

  /** Writes the bad lines to the log and returns Redshift's load failure. */
  async #failure(): Promise<RedshiftSqlError> {
    await this.#userIdOf().catch(() => 0)
    this.#publishErrors()
    return new RedshiftSqlError(
      `ERROR: Load into table '${this.#target.name}' failed. Check 'stl_load_errors' system table for details.`,
      'XX000',
    )
  }

  #publishErrors(): void {
    const userId = this.#userId ?? 0
    this.#run.services.loadLog.add(this.#errors.map((row) => ({ ...row, userId })))
    this.#errors.length = 0
  }

  async finish(): Promise<number> {
    await this.#flush()
    this.#publishErrors()
    return this.#loaded
  }
}

const invalidUtf8 = (error: InvalidUtf8): FieldError =>
  new FieldError(
    1220,
    `String contains invalid or unsupported UTF8 codepoints. Bad UTF8 hex sequence: ${error.hex} (error 3)`,
  )

/** A database refusal of one row, with the load error code that fits it best. */
const databaseError = (error: RedshiftSqlError): FieldError => {
  const reason = error.message.replace(/^ERROR:\s*/, '')
  const code =
    error.sqlState === '22001'
      ? 1204
      : error.sqlState === '22021'
        ? 1220
        : error.sqlState === '23502'
          ? 1213
          : error.sqlState === '54000'
            ? 1224
            : 1216
  return new FieldError(code, reason.slice(0, 512))
}

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
