import { Effect } from 'effect'
import { SourceError } from '../StorageError.js'

/** Rows as a save takes them: an array, a sync iterable or an async iterable. */
export type RowsInput<Row> = ReadonlyArray<Row> | Iterable<Row> | AsyncIterable<Row>

/** Rows pulled from the source per step, so that a sync source costs no await per row. */
const CHUNK = 256

/** Pulls rows from a source in chunks; an empty chunk means the source is done. */
export interface RowCursor {
  /** Index of the next row pulled. */
  readonly nextIndex: number
  /**
   * The next rows. When the source throws, the rows read before it come first, and the
   * next pull fails with a `SourceError` naming the index of the row that could not be read.
   */
  readonly pull: Effect.Effect<ReadonlyArray<unknown>, SourceError>
}

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === 'object' && u !== null && Symbol.asyncIterator in u

/** A cursor over `rows`, whose first row has index `firstIndex`. */
export const rowCursor = (rows: RowsInput<unknown>, firstIndex = 0): RowCursor => {
  let index = firstIndex
  let done = false
  let failure: SourceError | undefined
  const state = {
    get nextIndex() {
      return index
    },
  }
  /** Ends a chunk: a failure after some rows waits for the next pull. */
  const settle = (chunk: Array<unknown>, error: unknown): ReadonlyArray<unknown> => {
    done = true
    failure = new SourceError({ rowIndex: index, error })
    if (chunk.length > 0) return chunk
    throw failure
  }
  const before = (): ReadonlyArray<unknown> | undefined => {
    if (failure !== undefined) throw failure
    return done ? [] : undefined
  }
  if (isAsyncIterable(rows)) {
    let iterator: AsyncIterator<unknown> | undefined
    return Object.assign(state, {
      pull: Effect.tryPromise({
        try: async () => {
          const early = before()
          if (early !== undefined) return early
          const chunk: Array<unknown> = []
          try {
            iterator ??= rows[Symbol.asyncIterator]()
            while (chunk.length < CHUNK) {
              const next = await iterator.next()
              if (next.done === true) {
                done = true
                break
              }
              chunk.push(next.value)
              index++
            }
          } catch (error) {
            return settle(chunk, error)
          }
          return chunk
        },
        catch: (error) =>
          isSourceError(error) ? error : new SourceError({ rowIndex: index, error }),
      }),
    })
  }
  let iterator: Iterator<unknown> | undefined
  return Object.assign(state, {
    pull: Effect.try({
      try: () => {
        const early = before()
        if (early !== undefined) return early
        const chunk: Array<unknown> = []
        try {
          iterator ??= (rows as Iterable<unknown>)[Symbol.iterator]()
          while (chunk.length < CHUNK) {
            const next = iterator.next()
            if (next.done === true) {
              done = true
              break
            }
            chunk.push(next.value)
            index++
          }
        } catch (error) {
          return settle(chunk, error)
        }
        return chunk
      },
      catch: (error) =>
        isSourceError(error) ? error : new SourceError({ rowIndex: index, error }),
    }),
  })
}

const isSourceError = (u: unknown): u is SourceError =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'SourceError'
