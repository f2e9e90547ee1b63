import type { BatchPlan } from './BatchPlan.js'
import type { PlanUpsertOptions } from './planLimits.js'
import type { TableModel } from './TableModel.js'
import { createUpsertPlanner } from './UpsertPlanner.js'

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
  const planner = createUpsertPlanner(model, options)
  for (const row of rows) {
    const batch = planner.add(row)
    if (batch !== undefined) yield batch
  }
  const last = planner.flush()
  if (last !== undefined) yield last
}

/**
 * `planUpsert` over an async iterable (a stream, a paged source) or a sync one: rows are
 * pulled only as batches are taken, so memory holds one batch whatever the input size.
 *
 * @throws the errors of `planUpsert`, when the row is reached.
 * @example
 * ```ts
 * for await (const batch of planUpsertAsync(model, readNdjson('rows.ndjson'))) await send(batch)
 * ```
 */
export async function* planUpsertAsync(
  model: TableModel,
  rows: AsyncIterable<unknown> | Iterable<unknown>,
  options: PlanUpsertOptions = {},
): AsyncGenerator<BatchPlan, void, undefined> {
  const planner = createUpsertPlanner(model, options)
  for await (const row of rows) {
    const batch = planner.add(row)
    if (batch !== undefined) yield batch
  }
  const last = planner.flush()
  if (last !== undefined) yield last
}
