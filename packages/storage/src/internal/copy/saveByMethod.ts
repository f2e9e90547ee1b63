import { encodeCopyRecord, isSqlError, type TableModel } from '@redstore/sql'
import { Effect } from 'effect'
import type { SaveSummary } from '../../SaveSummary.js'
import { StorageConfigError, type StorageError } from '../../StorageError.js'
import type { SaveMethod, SaveOptions } from '../../StorageOptions.js'
import type { RowsInput } from '../RowCursor.js'
import { type SaveContext, saveRows } from '../saveRows.js'
import { checkArrayForCopy, copyRows } from './copyRows.js'

const methods: ReadonlyArray<SaveMethod> = ['insert', 'copy', 'auto']

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === 'object' && u !== null && Symbol.asyncIterator in u

/** Rows read ahead from a stream, and the stream that replays them before the rest. */
interface ReadAhead {
  readonly bytes: number
  /** True when the source ended within the read-ahead. */
  readonly ended: boolean
  readonly rows: RowsInput<unknown>
}

/**
 * Reads a stream ahead until its rows come to `threshold` bytes of CSV, it ends, or a row is
 * bad (its error is left for the save to meet). The rows come back as a stream that yields the
 * rows read, then the rest of the source (and the source's own failure where it happened).
 */
const readAhead = (
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  model: TableModel,
  threshold: number,
  unknownFields: 'error' | 'ignore',
): Effect.Effect<ReadAhead> =>
  Effect.promise(async () => {
    const buffered: Array<unknown> = []
    let bytes = 0
    let ended = false
    let failure: { readonly error: unknown } | undefined
    const measure = (row: unknown): boolean => {
      buffered.push(row)
      try {
        bytes += encodeCopyRecord(model, row, buffered.length - 1, { unknownFields }).bytes
      } catch (error) {
        if (!isSqlError(error)) throw error
        return false
      }
      return bytes < threshold
    }
    if (isAsyncIterable(rows)) {
      const iterator = rows[Symbol.asyncIterator]()
      try {
        for (;;) {
          const next = await iterator.next()
          if (next.done === true) {
            ended = true
            break
          }
          if (!measure(next.value)) break
        }
      } catch (error) {
        failure = { error }
      }
      async function* replay(): AsyncGenerator<unknown> {
        yield* buffered
        if (failure !== undefined) throw failure.error
        if (ended) return
        for (;;) {
          const next = await iterator.next()
          if (next.done === true) return
          yield next.value
        }
      }
      return { bytes, ended: ended || failure !== undefined, rows: replay() }
    }
    const iterator = rows[Symbol.iterator]()
    try {
      for (;;) {
        const next = iterator.next()
        if (next.done === true) {
          ended = true
          break
        }
        if (!measure(next.value)) break
      }
    } catch (error) {
      failure = { error }
    }
    function* replay(): Generator<unknown> {
      yield* buffered
      if (failure !== undefined) throw failure.error
      if (ended) return
      for (;;) {
        const next = iterator.next()
        if (next.done === true) return
        yield next.value
      }
    }
    return { bytes, ended: ended || failure !== undefined, rows: replay() }
  })

/**
 * `saveData` by method: INSERTs, COPY through the staging bucket, or `auto`, which loads with
 * COPY when the rows come to `copyThresholdBytes` of CSV or more (an array is measured while
 * it is checked; a stream is read ahead that far).
 */
export const saveByMethod = (
  ctx: SaveContext,
  rows: RowsInput<unknown>,
  saveOptions: SaveOptions = {},
): Effect.Effect<SaveSummary, StorageError> =>
  Effect.gen(function* () {
    const staging = ctx.options.staging
    const method = saveOptions.method ?? (staging === undefined ? 'insert' : 'auto')
    if (!methods.includes(method)) {
      return yield* new StorageConfigError({
        option: 'method',
        problem: `is ${JSON.stringify(method)}`,
        fix: "use 'insert', 'copy' or 'auto'",
      })
    }
    if (method === 'insert' || (method === 'auto' && staging === undefined)) {
      return yield* saveRows(ctx, rows, saveOptions)
    }
    if (staging === undefined) {
      return yield* new StorageConfigError({
        option: 'method',
        problem: "is 'copy', but the storage has no staging bucket",
        fix: "give the storage staging: { bucket, iamRole? } (an S3 bucket Redshift can read), or use method 'insert'",
      })
    }
    if (method === 'copy') return yield* copyRows(ctx, staging, rows, saveOptions)
    const threshold = staging.copyThresholdBytes
    if (Array.isArray(rows)) {
      const checked = yield* checkArrayForCopy(rows, ctx.model(), {
        unknownFields: ctx.options.unknownFields,
        maxErrors: ctx.options.maxValidationErrors,
      })
      return checked.bytes >= threshold
        ? yield* copyRows(ctx, staging, rows, saveOptions, checked)
        : yield* saveRows(ctx, rows, saveOptions)
    }
    const ahead = yield* readAhead(
      rows as Iterable<unknown> | AsyncIterable<unknown>,
      ctx.model(),
      threshold,
      ctx.options.unknownFields === 'error' ? 'error' : 'ignore',
    )
    return !ahead.ended && ahead.bytes >= threshold
      ? yield* copyRows(ctx, staging, ahead.rows, saveOptions)
      : yield* saveRows(ctx, ahead.rows, saveOptions)
  })
