import type { SqlConnection } from '../SqlConnection.js'
import type { ConvertedBatch } from './Converter.js'

/** Where rows are stored. */
export interface StoreTarget {
  /** `COPY <table> (<columns>) FROM STDIN`. */
  readonly copySql: string
  /** The table's own name, as PostgreSQL names it in the context of a refused row. */
  readonly name: string
}

/**
 * Called for a row of the batch (by index) the database refuses (a value only it checks, such
 * as a SUPER string over 65535 bytes); returns false to stop storing (too many bad lines).
 */
export type RefusedRow = (row: number, error: unknown) => boolean

/** Rows per COPY once a row of the batch was refused, so that a few more cost little to find. */
const ROWS_AFTER_REFUSAL = 500

const SAVEPOINT = 'redstore_copy'

/**
 * SQLSTATE classes that are about the statement or the connection, not about one row's values:
 * connection, transaction rollback (serialization), resources, operator intervention (cancel),
 * system and internal errors. They fail the COPY instead of marking a row bad.
 */
const STATEMENT_CLASSES = new Set(['08', '40', '53', '57', '58', 'XX'])

const sqlStateOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.length === 5 ? code : undefined
}

/** The 1-based line of the COPY's input the database refused, from the error's context. */
export const refusedLine = (error: unknown, relationName: string): number | undefined => {
  const where = (error as { where?: unknown } | null)?.where
  if (typeof where !== 'string') return undefined
  const prefix = `COPY ${relationName}, line `
  for (const context of where.split('\n')) {
    if (!context.startsWith(prefix)) continue
    const digits = /^\d+/.exec(context.slice(prefix.length))
    if (digits !== null) return Number(digits[0])
  }
  return undefined
}

/** The lines of rows [from, to) of a batch, not copied. */
const bytesOf = (batch: ConvertedBatch, from: number, to: number): Buffer =>
  Buffer.from(
    batch.text.buffer,
    batch.text.byteOffset + (from === 0 ? 0 : (batch.ends[from - 1] as number)),
    (batch.ends[to - 1] as number) - (from === 0 ? 0 : (batch.ends[from - 1] as number)),
  )

/**
 * Stores a batch of rows with PostgreSQL's own COPY FROM STDIN, inside the caller's transaction, each
 * COPY under a savepoint. When the database refuses a row, the COPY is rolled back, the
 * refused row is found from the error's `COPY <table>, line <n>` context (or, without one, by
 * storing the rows one at a time), reported to `refused`, and the other rows are stored.
 * Returns the number of rows stored.
 *
 * @example
 * const stored = await storeRows(connection, { copySql: 'COPY t (a) FROM STDIN', name: 't' }, batch, () => true)
 */
export const storeRows = async (
  connection: SqlConnection,
  target: StoreTarget,
  batch: ConvertedBatch,
  refused: RefusedRow,
): Promise<number> => {
  const rows = batch.ends.length
  let stored = 0
  /** Stores rows[from, to) in one COPY; returns the database's refusal, if any. */
  const attempt = async (from: number, to: number): Promise<unknown> => {
    await connection.query(`SAVEPOINT ${SAVEPOINT}`)
    try {
      stored += await connection.copyFrom(target.copySql, bytesOf(batch, from, to))
    } catch (error) {
      const state = sqlStateOf(error)
      if (state === undefined || STATEMENT_CLASSES.has(state.slice(0, 2))) throw error
      await connection.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`)
      await connection.query(`RELEASE SAVEPOINT ${SAVEPOINT}`)
      return error
    }
    await connection.query(`RELEASE SAVEPOINT ${SAVEPOINT}`)
    return undefined
  }
  /** Stores rows[from, to) one at a time; false when `refused` said to stop. */
  const oneByOne = async (from: number, to: number): Promise<boolean> => {
    for (let i = from; i < to; i++) {
      const error = await attempt(i, i + 1)
      if (error !== undefined && !refused(i, error)) return false
    }
    return true
  }
  let from = 0
  let span = rows
  while (from < rows) {
    const to = Math.min(rows, from + span)
    const error = await attempt(from, to)
    if (error === undefined) {
      from = to
      continue
    }
    span = Math.min(span, ROWS_AFTER_REFUSAL)
    const line = refusedLine(error, target.name)
    const bad = line === undefined ? -1 : from + line - 1
    if (bad < from || bad >= to) {
      if (!(await oneByOne(from, to))) return stored
      from = to
      continue
    }
    // The rows before the refused one were accepted, then rolled back with it.
    if (bad > from && (await attempt(from, bad)) !== undefined && !(await oneByOne(from, bad))) {
      return stored
    }
    if (!refused(bad, error)) return stored
    from = bad + 1
  }
  return stored
}
