import type { BatchResult, DataApiError } from '@redstore/data-api'
import {
  type CopyRecord,
  copyManifest,
  encodeCopyRecord,
  isSqlError,
  planCopyLoad,
  type TableModel,
  tableLabel,
} from '@redstore/sql'
import { Duration, Effect } from 'effect'
import type { CopySummary, SaveSummary } from '../../SaveSummary.js'
import {
  CopyLoadError,
  InvalidRowsError,
  type RowError,
  SaveError,
  type SourceError,
  StagingError,
  type StorageError,
} from '../../StorageError.js'
import type { SaveOptions } from '../../StorageOptions.js'
import { evolveTable } from '../initTable.js'
import { type RowsInput, rowCursor } from '../RowCursor.js'
import { SaveTally } from '../SaveTally.js'
import { newSaveIdentity } from '../saveIdentity.js'
import type { SaveContext } from '../saveRows.js'
import { UnknownFieldScanner } from '../unknownFields.js'
import { LoadWriter, type WrittenLoad } from './LoadWriter.js'
import { readLoadErrors, redactDataApiError } from './loadErrors.js'
import type { ResolvedStaging } from './resolveStaging.js'
import { isS3RequestError, makeS3Staging, type S3Staging } from './S3Staging.js'
import { UploadGate } from './StagedFile.js'

/** An array's load is cut into at least this many objects (when each gets 1 MiB or more). */
const MIN_FILES = 4
const MIN_FILE_BYTES = 1024 * 1024

/** Rows checked between two yields to the event loop. */
const ROWS_PER_YIELD = 512

/**
 * Compressed bytes an array's objects may hold in memory while the array is checked: an array
 * that compresses to less is checked and written in one pass, and uploaded once every row
 * passed; a larger one is checked first, then written (two passes, no buffering).
 */
const HOLD_BYTES = 64 * 1024 * 1024
const HELD_FILE_BYTES = 8 * 1024 * 1024

/** COPY loads get at least this long, whatever the statement timeout. */
const MIN_LOAD_TIMEOUT = Duration.minutes(30)

const isRowError = (u: unknown): u is RowError =>
  isSqlError(u) ||
  (typeof u === 'object' &&
    u !== null &&
    (u as { _tag?: unknown })._tag === 'UnknownFieldTypeError')

/** An array checked for COPY: the model with any columns it needs, and its CSV bytes. */
export interface CheckedArray {
  readonly model: TableModel
  readonly added: ReadonlyArray<string>
  readonly bytes: number
}

/**
 * Checks every row of an array as the COPY path writes it, with the checks of the INSERT path
 * (the same typed errors): nothing is uploaded for an invalid array. With `addColumn`, the
 * columns the rows need are found first.
 */
export const checkArrayForCopy = (
  rows: ReadonlyArray<unknown>,
  model: TableModel,
  options: { readonly unknownFields: 'error' | 'ignore' | 'addColumn'; readonly maxErrors: number },
): Effect.Effect<CheckedArray, InvalidRowsError> =>
  Effect.gen(function* () {
    const table = tableLabel(model)
    const errors: Array<RowError> = []
    let checked = model
    let added: ReadonlyArray<string> = []
    const fail = (truncated: boolean) => new InvalidRowsError({ table, errors, truncated })
    if (options.unknownFields === 'addColumn') {
      const scanner = new UnknownFieldScanner(model)
      for (let i = 0; i < rows.length; i++) {
        try {
          scanner.scan(rows[i], i)
        } catch (error) {
          if (!isRowError(error)) throw error
          errors.push(error)
          if (errors.length >= options.maxErrors) return yield* fail(i + 1 < rows.length)
        }
        if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield* Effect.yieldNow
      }
      if (errors.length > 0) return yield* fail(false)
      if (scanner.hasColumns) {
        try {
          const taken = scanner.take(model)
          checked = taken.model
          added = taken.added
        } catch (error) {
          if (!isRowError(error)) throw error
          return yield* fail(false)
        }
      }
    }
    const encodeOptions = {
      unknownFields: options.unknownFields === 'error' ? 'error' : 'ignore',
    } as const
    let bytes = 0
    for (let i = 0; i < rows.length; i++) {
      try {
        bytes += encodeCopyRecord(checked, rows[i], i, encodeOptions).bytes
      } catch (error) {
        if (!isRowError(error)) throw error
        errors.push(error)
        if (errors.length >= options.maxErrors) return yield* fail(i + 1 < rows.length)
      }
      if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield* Effect.yieldNow
    }
    if (errors.length > 0) return yield* fail(false)
    return { model: checked, added, bytes }
  })

/** Object size for an array of `bytes`: several similar objects, none over `fileBytes`. */
export const arrayFileBytes = (bytes: number, fileBytes: number): number => {
  const files = Math.max(
    Math.ceil(bytes / fileBytes),
    Math.min(MIN_FILES, Math.floor(bytes / MIN_FILE_BYTES)),
    1,
  )
  return Math.max(1024, Math.min(fileBytes, Math.ceil(bytes / files)))
}

class CopyTally {
  loads = 0
  files = 0
  bytesStaged = 0
  bytesUploaded = 0
  objectsDeleted = 0
  readonly objectsLeft: Array<string> = []

  summary(): CopySummary {
    return {
      loads: this.loads,
      files: this.files,
      bytesStaged: this.bytesStaged,
      bytesUploaded: this.bytesUploaded,
      objectsDeleted: this.objectsDeleted,
      objectsLeft: [...this.objectsLeft],
    }
  }
}

const stagingError = (s3: S3Staging, error: unknown, objects: ReadonlyArray<string>) =>
  isS3RequestError(error)
    ? new StagingError({
        operation: error.operation,
        bucket: s3.bucket,
        key: error.key,
        problem: error.problem,
        objects,
      })
    : new StagingError({
        operation: 'Upload',
        bucket: s3.bucket,
        key: '',
        problem: error instanceof Error ? error.message : String(error),
        objects,
      })

/**
 * Saves rows through S3 and COPY: records are written in input order into gzipped CSV objects
 * (a new object at `fileBytes`, a new load at `loadBytes`), and each load lands whole in one
 * transaction (manifest, COPY into a staging table, dedup, MERGE). An array is checked whole
 * first; a stream's bad row (or failing source) ends it: the rows before it are loaded, then
 * the save fails naming the rows that landed.
 */
export const copyRows = (
  ctx: SaveContext,
  staging: ResolvedStaging,
  rows: RowsInput<unknown>,
  saveOptions: SaveOptions = {},
  checked?: CheckedArray | undefined,
): Effect.Effect<SaveSummary, StorageError> =>
  Effect.gen(function* () {
    const tally = new SaveTally()
    const copyTally = new CopyTally()
    const table = tableLabel(ctx.model())
    const addColumns = ctx.options.unknownFields === 'addColumn'
    const encodeOptions = {
      unknownFields: ctx.options.unknownFields === 'error' ? 'error' : 'ignore',
    } as const
    const isArray = Array.isArray(rows)
    let fileBytes = staging.fileBytes

    const s3 = makeS3Staging(staging, ctx.api.config)
    const identity = newSaveIdentity(table)
    const savePrefix = identity.stagingPrefix
    const keyBase = `${staging.prefix}${ctx.model().schema}.${ctx.model().name}/${savePrefix}/`
    let loads = 0
    const newWriter = (firstRow: number, gate?: UploadGate) =>
      new LoadWriter(
        s3,
        loads,
        `${keyBase}load-${String(loads++).padStart(4, '0')}/`,
        firstRow,
        { fileBytes, partBytes: staging.partBytes, uploadConcurrency: staging.uploadConcurrency },
        gate,
      )

    /**
     * Writes a whole array while it is checked, holding the uploads back: returns the writer
     * (every row added) when every row passed, undefined when the array is too large to hold
     * (nothing was uploaded; it is then checked first and written after).
     */
    const writeHeld = (array: ReadonlyArray<unknown>) =>
      Effect.gen(function* () {
        const gate = new UploadGate()
        const writer = newWriter(0, gate)
        const errors: Array<RowError> = []
        const encodeOptions = {
          unknownFields: ctx.options.unknownFields === 'error' ? 'error' : 'ignore',
        } as const
        const giveUp = Effect.promise(() => writer.abort()).pipe(Effect.as(undefined))
        for (let i = 0; i < array.length; i++) {
          let record: CopyRecord
          try {
            record = encodeCopyRecord(ctx.model(), array[i], i, encodeOptions)
          } catch (error) {
            if (!isRowError(error)) throw error
            errors.push(error)
            if (errors.length >= ctx.options.maxValidationErrors) {
              yield* giveUp
              return yield* new InvalidRowsError({ table, errors, truncated: i + 1 < array.length })
            }
            continue
          }
          if (errors.length > 0) continue
          writer.add(record)
          if (gate.held > HOLD_BYTES || writer.rawBytes >= staging.loadBytes) return yield* giveUp
          if (writer.wantsFlush) yield* Effect.promise(() => writer.flush())
          if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield* Effect.yieldNow
        }
        if (errors.length > 0) {
          yield* giveUp
          return yield* new InvalidRowsError({ table, errors, truncated: false })
        }
        return { writer, gate }
      })

    let held: { readonly writer: LoadWriter; readonly gate: UploadGate } | undefined
    if (isArray) {
      const array = rows as ReadonlyArray<unknown>
      if (checked === undefined && !addColumns && array.length > 0) {
        // Several objects even for a load written before its size is known.
        fileBytes = Math.min(staging.fileBytes, HELD_FILE_BYTES)
        held = yield* writeHeld(array)
        fileBytes = staging.fileBytes
        if (held === undefined) loads = 0
      }
      const ok =
        held !== undefined
          ? undefined
          : (checked ??
            (yield* checkArrayForCopy(array, ctx.model(), {
              unknownFields: ctx.options.unknownFields,
              maxErrors: ctx.options.maxValidationErrors,
            })))
      yield* ctx.beforeSending
      if (ok !== undefined && ok.added.length > 0) {
        const evolution = yield* evolveTable(ctx.api, ok.model).pipe(
          Effect.mapError(
            (cause) => new SaveError({ table, rowsLanded: 0, batchesLanded: 0, cause }),
          ),
        )
        ctx.setModel(ok.model)
        tally.columnsAdded.push(...ok.added)
        tally.statements += evolution.statements
        tally.apiCalls += evolution.apiCalls
      }
      if (ok !== undefined) fileBytes = arrayFileBytes(ok.bytes, staging.fileBytes)
    } else {
      yield* ctx.beforeSending
    }

    const loadTimeout = Duration.max(ctx.api.config.statementTimeout, MIN_LOAD_TIMEOUT)

    /** Uploads the rest of a load, then runs its statements; the load lands whole or not. */
    const land = (writer: LoadWriter) =>
      Effect.gen(function* () {
        const written: WrittenLoad = yield* Effect.tryPromise({
          try: () => writer.finish(),
          catch: (error) => error,
        }).pipe(
          Effect.catch((error) =>
            Effect.flatMap(
              Effect.promise(() => writer.abort()),
              (kept) => Effect.fail(stagingError(s3, error, kept)),
            ),
          ),
        )
        const dataUrls = written.objects.map((o) => o.url)
        copyTally.files += written.objects.length
        copyTally.bytesStaged += written.rawBytes
        for (const o of written.objects) copyTally.bytesUploaded += o.bytes
        const manifest = copyManifest(written.objects)
        const manifestKey = `${written.keyPrefix}manifest.json`
        yield* Effect.tryPromise({
          try: () => s3.put(manifestKey, manifest),
          catch: (error) => stagingError(s3, error, dataUrls),
        })
        copyTally.bytesUploaded += Buffer.byteLength(manifest)
        const objects = [s3.url(manifestKey), ...dataUrls]
        const authorization = yield* Effect.tryPromise({
          try: () => s3.authorization(),
          catch: (error) => stagingError(s3, error, objects),
        })
        const secrets =
          'iamRole' in authorization
            ? []
            : [
                authorization.secretAccessKey,
                authorization.sessionToken ?? '',
                authorization.accessKeyId,
              ]
        const plan = planCopyLoad(ctx.model(), {
          tablePrefix: `${savePrefix}_l${written.index}`,
          manifestUrl: s3.url(manifestKey),
          authorization,
          region: staging.region,
          presence: written.presence,
          markerColumns: written.markerColumns,
          dropTables: ctx.session !== undefined,
        })
        const batchOptions = {
          mode: 'TRANSACTION',
          timeout: loadTimeout,
          statementName: `${identity.statementName}:l${written.index}`,
        } as const
        const result: BatchResult = yield* (
          ctx.session === undefined
            ? ctx.api.batch(plan.sqls, batchOptions)
            : ctx.session.batch(plan.sqls, batchOptions)
        ).pipe(
          Effect.catchTag('DataApiError', (raw: DataApiError) =>
            Effect.gen(function* () {
              const cause = redactDataApiError(raw, secrets)
              const copyFailed =
                cause.reason._tag === 'StatementFailed' &&
                cause.reason.subStatementIndex === plan.copyIndex + 1
              const read = copyFailed
                ? yield* readLoadErrors(ctx.api, written)
                : { lines: [], apiCalls: 0 }
              tally.apiCalls += read.apiCalls
              return yield* new CopyLoadError({ table, lines: read.lines, objects, cause })
            }),
          ),
        )
        tally.countCalls([result])
        tally.statements += plan.sqls.length
        for (const sql of plan.sqls) tally.sqlBytes += Buffer.byteLength(sql)
        const merged = yield* mergedRows(result, plan.mergeIndex)
        tally.apiCalls += merged.apiCalls
        const inputRows = written.endRow - written.firstRow
        const rowsWritten = merged.rows ?? inputRows
        tally.rowsWritten += rowsWritten
        tally.duplicateKeysCollapsed += Math.max(0, inputRows - rowsWritten)
        tally.batches++
        tally.rowsLanded = written.endRow
        copyTally.loads++
        // The load landed: its objects go. A failed delete leaves them, and says so.
        const keys = [manifestKey, ...written.objects.map((o) => o.key)]
        const left = yield* Effect.tryPromise(() => s3.deleteObjects(keys)).pipe(
          Effect.catch((error) =>
            Effect.as(
              Effect.logWarning(
                `deleting the staged objects of a landed load failed: ${error instanceof Error ? error.message : String(error)}`,
              ),
              keys,
            ),
          ),
        )
        copyTally.objectsDeleted += keys.length - left.length
        copyTally.objectsLeft.push(...left.map((k) => s3.url(k)))
        if (saveOptions.onProgress !== undefined) saveOptions.onProgress(tally.progress())
      })

    const mergedRows = (result: BatchResult, mergeIndex: number) =>
      Effect.gen(function* () {
        const known = result.subStatements[mergeIndex]?.rowsAffected
        if (known !== undefined) return { rows: known, apiCalls: 0 }
        const described = yield* Effect.result(ctx.api.describe(result.statementId))
        if (described._tag === 'Failure') return { rows: undefined, apiCalls: 1 }
        const rows = described.success.SubStatements?.[mergeIndex]?.ResultRows
        return { rows: rows === undefined || rows < 0 ? undefined : rows, apiCalls: 1 }
      })

    const cursor = rowCursor(rows)
    const scanner = addColumns && !isArray ? new UnknownFieldScanner(ctx.model()) : undefined
    let writer: LoadWriter | undefined
    let failure: RowError | SourceError | undefined
    let nextRow = 0

    const run = Effect.gen(function* () {
      if (held !== undefined) {
        // The array was written while it was checked: its uploads may go now.
        tally.rowsReceived = (rows as ReadonlyArray<unknown>).length
        held.gate.open()
        yield* land(held.writer)
        return
      }
      let sinceYield = 0
      reading: for (;;) {
        const pulled = yield* Effect.result(cursor.pull)
        if (pulled._tag === 'Failure') {
          failure = pulled.failure
          break
        }
        if (pulled.success.length === 0) break
        for (const row of pulled.success) {
          const rowIndex = nextRow++
          tally.rowsReceived++
          let record: CopyRecord
          try {
            if (scanner?.scan(row, rowIndex) === true) {
              // New columns: what was written so far lands first, with the columns it knew.
              if (writer !== undefined) {
                yield* land(writer)
                writer = undefined
              }
              const { model, added } = scanner.take(ctx.model())
              const evolution = yield* evolveTable(ctx.api, model)
              ctx.setModel(model)
              tally.columnsAdded.push(...added)
              tally.statements += evolution.statements
              tally.apiCalls += evolution.apiCalls
            }
            record = encodeCopyRecord(ctx.model(), row, rowIndex, encodeOptions)
          } catch (error) {
            if (!isRowError(error)) throw error
            failure = error
            break reading
          }
          writer ??= newWriter(rowIndex)
          writer.add(record)
          if (writer.rawBytes >= staging.loadBytes) {
            yield* land(writer)
            writer = undefined
          } else if (writer.wantsFlush) {
            const current = writer
            yield* Effect.tryPromise({
              try: () => current.flush(),
              catch: (error) => error,
            }).pipe(
              Effect.catch((error) =>
                Effect.flatMap(
                  Effect.promise(() => current.abort()),
                  (kept) => Effect.fail(stagingError(s3, error, kept)),
                ),
              ),
            )
          }
          if (++sinceYield >= ROWS_PER_YIELD) {
            sinceYield = 0
            yield* Effect.yieldNow
          }
        }
      }
      // The rows before a bad row (or the source's failure) still land.
      if (writer !== undefined) {
        const last = writer
        writer = undefined
        yield* land(last)
      }
      if (failure !== undefined) return yield* Effect.fail(failure)
    })

    yield* run.pipe(
      Effect.onError(() =>
        writer === undefined ? Effect.void : Effect.promise(() => (writer as LoadWriter).abort()),
      ),
      Effect.mapError(
        (cause) =>
          new SaveError({
            table,
            rowsLanded: tally.rowsLanded,
            batchesLanded: tally.batches,
            cause,
          }),
      ),
      Effect.ensuring(Effect.sync(() => s3.close())),
    )
    return {
      ...tally.summary(identity.id),
      method: 'copy',
      copy: copyTally.summary(),
    } as SaveSummary
  }).pipe(Effect.withSpan('Storage.saveData.copy'))
