import { rowKeyIdentity } from './encodeRow.js'
import { BatchBuilder, type BatchLimits } from './internal/BatchBuilder.js'
import { encodeSizedRow } from './internal/encodeSizedRow.js'
import { PlanLimitError } from './SqlError.js'
import { type TableModel, tableLabel } from './TableModel.js'

/**
 * The Data API's limit on one SQL statement: 100 KB.
 *
 * @example
 * ```ts
 * planUpsert(model, rows, { maxStatementBytes: DATA_API_MAX_STATEMENT_BYTES })
 * ```
 */
export const DATA_API_MAX_STATEMENT_BYTES = 102400

/**
 * Default byte limit per planned statement: 96 KiB, 4 KiB under the Data API's 100 KB, and
 * under 100,000 bytes too in case the service counts 100 KB in decimal.
 *
 * @example
 * ```ts
 * planUpsert(model, rows, { maxStatementBytes: DEFAULT_MAX_STATEMENT_BYTES / 2 })
 * ```
 */
export const DEFAULT_MAX_STATEMENT_BYTES = 98304

/**
 * The Data API's limit on statements in one BatchExecuteStatement.
 *
 * @example
 * ```ts
 * planUpsert(model, rows, { maxStatementsPerBatch: MAX_STATEMENTS_PER_BATCH })
 * ```
 */
export const MAX_STATEMENTS_PER_BATCH = 40

/**
 * Options of `planUpsert`.
 *
 * @example
 * ```ts
 * const options: PlanUpsertOptions = { maxRowsPerInsert: 250, tempTablePrefix: 'stage_run1' }
 * ```
 */
export interface PlanUpsertOptions {
  /** UTF-8 bytes per statement, 1024 to 102400; default `DEFAULT_MAX_STATEMENT_BYTES`. */
  readonly maxStatementBytes?: number | undefined
  /** Rows per INSERT at most (the OWOX `MaxBufferSize`); default unlimited. */
  readonly maxRowsPerInsert?: number | undefined
  /** Statements per batch, 3 to 40; default 40. */
  readonly maxStatementsPerBatch?: number | undefined
  /**
   * Start of every temp table name: lowercase letters, digits and `_`, at most 80 bytes.
   * Default `redstore_stage_` and 12 random characters; names end `_b<batch>_g<group>`.
   */
  readonly tempTablePrefix?: string | undefined
}

/**
 * One planned BatchExecuteStatement: self-contained SQL to run in TRANSACTION mode, and what
 * it covers for progress reports. Batches must run in order (later ones win over earlier ones).
 *
 * @example
 * ```ts
 * const report = (b: BatchPlan) => `rows ${b.firstRow}..${b.endRow - 1}: ${b.sqls.length} statements`
 * ```
 */
export interface BatchPlan {
  /** 0-based position of the batch. */
  readonly index: number
  /** At most 40 statements: per group of rows, CREATE TEMP TABLE, INSERTs, MERGE. */
  readonly sqls: ReadonlyArray<string>
  /** Index of the first input row this batch covers. */
  readonly firstRow: number
  /** Index after the last input row this batch covers. */
  readonly endRow: number
  /** Input rows covered (`endRow - firstRow`). */
  readonly inputRows: number
  /** Rows staged after collapsing duplicate keys. */
  readonly rows: number
  /** Input rows folded into a later row with the same key. */
  readonly duplicates: number
  readonly inserts: number
  readonly merges: number
  readonly tempTables: ReadonlyArray<string>
  /** UTF-8 bytes of all statements. */
  readonly bytes: number
}

const randomSuffix = (): string => {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]).join('')
}

const integerOption = (
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number => {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new PlanLimitError({
      reason: `${name} must be an integer from ${min} to ${max}, not ${value}`,
    })
  }
  return value
}

const resolveOptions = (options: PlanUpsertOptions): BatchLimits & { prefix: string } => {
  const prefix = options.tempTablePrefix ?? `redstore_stage_${randomSuffix()}`
  if (!/^[a-z_][a-z0-9_]{0,79}$/.test(prefix)) {
    throw new PlanLimitError({
      reason: `tempTablePrefix ${JSON.stringify(prefix)} must be 1 to 80 lowercase letters, digits or _, not starting with a digit`,
    })
  }
  return {
    prefix,
    maxStatementBytes: integerOption(
      'maxStatementBytes',
      options.maxStatementBytes,
      DEFAULT_MAX_STATEMENT_BYTES,
      1024,
      DATA_API_MAX_STATEMENT_BYTES,
    ),
    maxRowsPerInsert: integerOption(
      'maxRowsPerInsert',
      options.maxRowsPerInsert,
      Number.MAX_SAFE_INTEGER,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxStatementsPerBatch: integerOption(
      'maxStatementsPerBatch',
      options.maxStatementsPerBatch,
      MAX_STATEMENTS_PER_BATCH,
      3,
      MAX_STATEMENTS_PER_BATCH,
    ),
  }
}

/**
 * Plans an upsert of `rows` into the model's table as a lazy sequence of batches, each one
 * BatchExecuteStatement: per group of rows, `CREATE TEMP TABLE (LIKE target)`, multi-row
 * INSERTs into it, and a MERGE on the keys. Every statement stays within `maxStatementBytes`
 * (UTF-8) and `maxRowsPerInsert`, every batch within `maxStatementsPerBatch`; rows are read
 * only as batches are taken, so memory holds one batch whatever the input size.
 *
 * Rows with the same key collapse before SQL: later present fields win over earlier ones,
 * within a batch by merging rows, across batches because batches run in order. A field that
 * is absent (missing or undefined) is never written, so it keeps the stored value: rows that
 * carry the same set of columns share a temp table and MERGE, and each set gets its own.
 * Errors in a row are thrown when the planner reaches it, after the batches before it were
 * yielded; run `validateRows` first when nothing may be sent before an error.
 *
 * @throws PlanLimitError for bad options, a model without keys, or an over-long MERGE.
 * @throws RowTooLargeError, NullKeyError, UnknownColumnError, InvalidRowError, ValueEncodingError
 * @example
 * ```ts
 * for (const batch of planUpsert(model, rows, { maxRowsPerInsert: 250 })) {
 *   await client.send(new BatchExecuteStatementCommand({ ...target, Sqls: [...batch.sqls] }))
 *   console.log(`saved rows ${batch.firstRow} to ${batch.endRow - 1}`)
 * }
 * ```
 */
export function* planUpsert(
  model: TableModel,
  rows: Iterable<unknown>,
  options: PlanUpsertOptions = {},
): Generator<BatchPlan, void, undefined> {
  const limits = resolveOptions(options)
  if (model.keys.length === 0) {
    throw new PlanLimitError({
      reason: `table ${tableLabel(model)} has no key columns; MERGE needs at least one key`,
    })
  }
  let batchIndex = 0
  let firstRow = 0
  let rowIndex = 0
  let builder = new BatchBuilder(model, limits, `${limits.prefix}_b${batchIndex}`)
  const finish = (): BatchPlan => {
    const built = builder.build()
    const plan: BatchPlan = {
      index: batchIndex,
      firstRow,
      endRow: rowIndex,
      inputRows: rowIndex - firstRow,
      ...built,
    }
    batchIndex++
    firstRow = rowIndex
    builder = new BatchBuilder(model, limits, `${limits.prefix}_b${batchIndex}`)
    return plan
  }
  for (const row of rows) {
    const encoded = encodeSizedRow(model, row, rowIndex)
    const key = rowKeyIdentity(model, encoded)
    if (!builder.add(encoded, key)) {
      yield finish()
      if (!builder.add(encoded, key)) {
        throw new Error('planUpsert invariant broken: a row does not fit an empty batch')
      }
    }
    rowIndex++
  }
  if (!builder.isEmpty) yield finish()
}
