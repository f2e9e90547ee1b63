import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { RedshiftSqlError } from '../Engine.js'
import type { SqlConnection } from '../SqlConnection.js'
import { cancelledError, toRedshiftError } from '../toRedshiftError.js'
import {
  type BadLine,
  type ConvertedBatch,
  Converter,
  type ConverterEvent,
  type ConverterSetup,
  columnFields,
  displayText,
} from './Converter.js'
import { ConverterWorker } from './ConverterWorker.js'
import type { CopyCommand } from './CopyCommand.js'
import { FieldError } from './convertValue.js'
import type { ToConverter } from './convertWorker.js'
import type { LoadErrorRow, LoadLog } from './LoadLog.js'
import {
  listPrefix,
  noS3Endpoint,
  openObject,
  readManifest,
  type S3Object,
  type S3Settings,
  s3ClientFor,
} from './S3Source.js'
import { storeRows } from './storeRows.js'
import { type CopyTarget, resolveTarget } from './target.js'

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

/** Output chunks of gunzip: larger than zlib's 16 KiB, so fewer reads and record splits. */
const GUNZIP_CHUNK_BYTES = 64 * 1024

/**
 * Objects of at least this many bytes in all (as listed, or as the manifest says) are
 * converted in a worker thread while the database stores; smaller loads convert in the
 * statement's thread, which spares the worker's start (about 0.1 s).
 */
const WORKER_MIN_BYTES = 1024 * 1024

const utcNow = (): string => new Date().toISOString().replace('T', ' ').replace('Z', '000')

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
    const setup: ConverterSetup = { command, columns: target.columns }
    const size = objects.reduce((sum, o) => sum + (o.size ?? o.contentLength ?? 0), 0)
    const pump = (send: (message: ToConverter) => Promise<void>) =>
      pumpObjects(
        run,
        objects,
        (object) => openObject(client, object, command.manifest),
        (message) => {
          if (message.kind === 'file') load.fileStarted(message.url)
          return send(message)
        },
      )
    if (size >= WORKER_MIN_BYTES && ConverterWorker.available()) {
      await convertInWorker(setup, load, pump, run.signal, run.session)
    } else {
      await convertHere(setup, load, pump)
    }
    return await load.finish()
  } finally {
    client.destroy()
  }
}

type Pump = (send: (message: ToConverter) => Promise<void>) => Promise<void>

/**
 * Streams every object in order (the next one requested while this one loads, so that its
 * first bytes are waiting), gunzipped as it arrives, and sends its bytes on: `file`, `chunk`s,
 * `fileEnd`, then `finish` after the last.
 */
const pumpObjects = async (
  run: CopyRun,
  objects: ReadonlyArray<S3Object>,
  openBody: (object: S3Object) => Promise<Readable | undefined>,
  send: (message: ToConverter) => Promise<void>,
): Promise<void> => {
  const command = run.command
  const open = (object: S3Object): Promise<Readable | undefined> => {
    const opening = openBody(object)
    // Awaited in turn; until then a failure must not count as unhandled.
    opening.catch(() => undefined)
    return opening
  }
  let found = 0
  let next = open(objects[0] as S3Object)
  try {
    for (let i = 0; i < objects.length; i++) {
      const body = await next
      next = i + 1 < objects.length ? open(objects[i + 1] as S3Object) : Promise.resolve(undefined)
      if (body === undefined) continue
      found++
      const object = objects[i] as S3Object
      const stream = command.gzip
        ? body.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }))
        : body
      if (command.gzip) body.on('error', (error) => stream.destroy(error))
      try {
        await send({ kind: 'file', url: object.url })
        for await (const chunk of stream) {
          if (run.signal?.aborted) throw cancelledError(run.session)
          await send({ kind: 'chunk', bytes: chunk as Buffer })
        }
        await send({ kind: 'fileEnd' })
      } catch (error) {
        body.destroy()
        if (RedshiftSqlError.is(error)) throw error
        const code = (error as { code?: string }).code
        if (command.gzip && typeof code === 'string' && code.startsWith('Z_')) {
          throw new RedshiftSqlError(
            `ERROR: gzip: ${object.url}: ${(error as Error).message}; the object is not valid GZIP data`,
            'XX000',
          )
        }
        throw toRedshiftError(error, { pid: run.session })
      }
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
  await send({ kind: 'finish' })
}

/** Converts in the statement's thread: each message's events are handled before the next is read. */
const convertHere = async (setup: ConverterSetup, load: Load, pump: Pump): Promise<void> => {
  const converter = new Converter(setup)
  await pump(async (message) => {
    const events =
      message.kind === 'file'
        ? converter.startFile(message.url)
        : message.kind === 'chunk'
          ? converter.push(message.bytes as Buffer)
          : message.kind === 'fileEnd'
            ? converter.endFile()
            : message.kind === 'finish'
              ? converter.finish()
              : []
    for (const event of events) await load.handle(event)
  })
}

/**
 * Converts in a worker thread while this thread reads the objects and stores batches: the
 * pump and the handling of events run side by side; the first failure of either ends both.
 */
const convertInWorker = async (
  setup: ConverterSetup,
  load: Load,
  pump: Pump,
  signal: AbortSignal | undefined,
  session: number,
): Promise<void> => {
  const worker = new ConverterWorker(setup)
  let failure: { readonly error: unknown } | undefined
  const fail = (error: unknown): void => {
    failure ??= { error }
    worker.close(error)
  }
  const handling = (async () => {
    for (;;) {
      const event: ConverterEvent = await worker.next()
      if (signal?.aborted) throw cancelledError(session)
      await load.handle(event)
      worker.handled()
      if (event.end) return
    }
  })().catch(fail)
  try {
    await pump((message) => worker.send(message))
  } catch (error) {
    fail(error)
  }
  await handling
  worker.close()
  if (failure !== undefined) throw failure.error
}

/** One COPY's progress: the bad lines so far, the rows stored. */
class Load {
  readonly #run: CopyRun
  readonly #target: CopyTarget
  readonly #startTime: string
  readonly #errors: LoadErrorRow[] = []
  /** The files started so far, in order: a batch names a row's file by its index here. */
  readonly #files: string[] = []
  #loaded = 0
  #userId: number | undefined

  constructor(run: CopyRun, target: CopyTarget, startTime: string) {
    this.#run = run
    this.#target = target
    this.#startTime = startTime
  }

  /** Notes the files as the converter names them in bad lines and batches. */
  fileStarted(url: string): void {
    this.#files.push(url)
  }

  /**
   * Records an event's bad lines (failing the load once more are bad than MAXERROR
   * tolerates), then stores its batch.
   */
  async handle(event: ConverterEvent): Promise<void> {
    for (const bad of event.badLines) {
      this.#record(bad)
      if (this.#tooManyErrors()) throw await this.#failure()
    }
    if (event.failed) throw await this.#failure()
    if (event.batch !== undefined) await this.#store(event.batch)
  }

  #record(bad: BadLine): void {
    this.#errors.push({
      ...bad,
      userId: this.#userId ?? 0,
      tableId: this.#target.tableId,
      startTime: this.#startTime,
      session: this.#run.session,
      query: this.#run.queryId,
      database: this.#run.database,
    })
  }

  #tooManyErrors(): boolean {
    return this.#errors.length > this.#run.command.maxError
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

  async #store(batch: ConvertedBatch): Promise<void> {
    if (this.#errors.length > 0) await this.#userIdOf()
    if (this.#run.command.noLoad) return
    const errorsBefore = this.#errors.length
    this.#loaded += await storeRows(this.#run.connection, this.#target, batch, (row, error) => {
      // A value only the database refuses: the row is a bad line with the database's message.
      const reason = databaseError(toRedshiftError(error, { pid: this.#run.session }))
      const start = batch.rawStarts[row] as number
      const raw = Buffer.from(
        batch.raw.buffer,
        batch.raw.byteOffset + start,
        (batch.rawEnds[row] as number) - start,
      )
      this.#record({
        fileName: this.#files[batch.files[row] as number] ?? '',
        lineNumber: batch.lines[row] as number,
        ...columnFields(undefined),
        position: reason.position,
        rawLine: displayText(raw.toString('utf8')),
        rawFieldValue: '',
        errorCode: reason.code,
        errorReason: reason.reason,
      })
      return !this.#tooManyErrors()
    })
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

  finish(): number {
    this.#publishErrors()
    return this.#loaded
  }
}

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
