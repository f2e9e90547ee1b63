import type { BatchPlan } from './BatchPlan.js'
import { rowKeyIdentity } from './encodeRow.js'
import { BatchBuilder } from './internal/BatchBuilder.js'
import { encodeStagedValues } from './internal/encodeSizedRow.js'
import { resolvePlanOptions } from './internal/resolvePlanOptions.js'
import { TextArena } from './internal/TextArena.js'
import type { PlanUpsertOptions } from './planLimits.js'
import { PlanLimitError } from './SqlError.js'
import { type TableModel, tableLabel } from './TableModel.js'

/**
 * Options of `createUpsertPlanner`: the planning options, plus where counting starts, so that
 * a caller who replaces a planner mid-stream (say, after adding a column to the model) keeps
 * row indexes and staging table names counting across the whole load.
 *
 * @example
 * ```ts
 * const next = createUpsertPlanner(widerModel, { ...options, firstRowIndex: planner.nextRowIndex, firstBatchIndex: planner.nextBatchIndex })
 * ```
 */
export interface UpsertPlannerOptions extends PlanUpsertOptions {
  /** Index of the first row added. Default 0. */
  readonly firstRowIndex?: number | undefined
  /** Index of the first batch planned. Default 0. */
  readonly firstBatchIndex?: number | undefined
}

/**
 * A push planner: rows go in one at a time with `add`, batches come out as they fill. This is
 * `planUpsert` without the loop, for callers that pull rows themselves (streams, async
 * iterables) or interleave planning with sending.
 *
 * @example
 * ```ts
 * const planner = createUpsertPlanner(model, { maxRowsPerInsert: 250 })
 * for await (const row of source) {
 *   const batch = planner.add(row)
 *   if (batch !== undefined) await send(batch)
 * }
 * const last = planner.flush()
 * if (last !== undefined) await send(last)
 * ```
 */
export interface UpsertPlanner {
  readonly model: TableModel
  /** The `tempTablePrefix` in force (random unless given). */
  readonly tempTablePrefix: string
  /** Index the next added row gets. */
  readonly nextRowIndex: number
  /** Index the next planned batch gets. */
  readonly nextBatchIndex: number
  /** Rows added since the last batch was returned. */
  readonly pendingRows: number
  /**
   * Adds one row. Returns the batch this row closed (the batch before it, which had no room
   * for it), or undefined. A bad row throws its typed error and changes nothing; when the bad
   * row closed a batch, that batch is returned first and the error is thrown by the next call.
   */
  readonly add: (row: unknown) => BatchPlan | undefined
  /** Returns the batch of the rows added since the last one, or undefined when there are none. */
  readonly flush: () => BatchPlan | undefined
}

/**
 * Creates a push planner for upserts into `model` (see `UpsertPlanner` and `planUpsert` for
 * how rows are grouped, merged and packed).
 *
 * @throws PlanLimitError for bad options or a model without keys.
 * @example
 * ```ts
 * const planner = createUpsertPlanner(model)
 * const batches = rows.flatMap((row) => planner.add(row) ?? [])
 * ```
 */
export const createUpsertPlanner = (
  model: TableModel,
  options: UpsertPlannerOptions = {},
): UpsertPlanner => {
  const limits = resolvePlanOptions(options)
  const unknownFields = options.unknownFields ?? 'error'
  if (model.keys.length === 0) {
    throw new PlanLimitError({
      reason: `table ${tableLabel(model)} has no key columns; MERGE needs at least one key`,
    })
  }
  let rowIndex = startIndex('firstRowIndex', options.firstRowIndex)
  let batchIndex = startIndex('firstBatchIndex', options.firstBatchIndex)
  let firstRow = rowIndex
  const arenas = { rows: new TextArena(), statement: new TextArena() }
  const newBuilder = () => new BatchBuilder(model, limits, limits.prefix, batchIndex, arenas)
  let builder = newBuilder()
  let pending: { readonly error: unknown } | undefined
  const throwPending = () => {
    if (pending !== undefined) throw pending.error
  }
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
    builder = newBuilder()
    return plan
  }
  return {
    model,
    tempTablePrefix: limits.prefix,
    get nextRowIndex() {
      return rowIndex
    },
    get nextBatchIndex() {
      return batchIndex
    },
    get pendingRows() {
      return rowIndex - firstRow
    },
    add: (row) => {
      throwPending()
      const encoded = encodeStagedValues(model, row, rowIndex, unknownFields)
      const key = rowKeyIdentity(model, encoded)
      if (builder.add(encoded, key)) {
        rowIndex++
        return undefined
      }
      const closed = finish()
      try {
        if (!builder.add(encoded, key)) {
          throw new Error('planUpsert invariant broken: a row does not fit an empty batch')
        }
      } catch (error) {
        // The batch before the row is complete: hand it out now, fail on the next call.
        pending = { error }
        return closed
      }
      rowIndex++
      return closed
    },
    flush: () => {
      throwPending()
      return builder.isEmpty ? undefined : finish()
    },
  }
}

const startIndex = (name: string, value: number | undefined): number => {
  if (value === undefined) return 0
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PlanLimitError({ reason: `${name} must be a non-negative integer, not ${value}` })
  }
  return value
}
