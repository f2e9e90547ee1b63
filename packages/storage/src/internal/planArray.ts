import {
  type BatchPlan,
  createUpsertPlanner,
  isSqlError,
  type PlanUpsertOptions,
  type TableModel,
  validateRows,
} from '@redstore/sql'
import { Effect } from 'effect'
import { InvalidRowsError, type RowError } from '../StorageError.js'
import type { SaveStep } from './StepProducer.js'
import { UnknownFieldScanner } from './unknownFields.js'

/**
 * SQL an array's batches may hold before sending starts. An array is checked whole before
 * anything is sent; its first batches are kept as planned, and beyond this the rest is only
 * checked, then planned again while it is sent.
 */
const KEPT_PLAN_BYTES = 64 * 1024 * 1024

/** Rows checked between two yields to the event loop. */
const ROWS_PER_YIELD = 512

/** The checked start of an array save. */
export interface PlannedArray {
  /** Columns to add first (if any), then the batches kept. */
  readonly steps: ReadonlyArray<SaveStep>
  /** The model the rows were checked against (with added columns). */
  readonly model: TableModel
  /** Index of the first row not in the kept batches. */
  readonly keptEnd: number
  readonly keptBatches: number
}

const isRowError = (u: unknown): u is RowError =>
  isSqlError(u) ||
  (typeof u === 'object' &&
    u !== null &&
    (u as { _tag?: unknown })._tag === 'UnknownFieldTypeError')

/**
 * Checks every row of an array before anything is sent: each bad row is listed (up to
 * `maxErrors`) in one `InvalidRowsError`. With `addColumn`, the columns the rows need are
 * found first, and the rows are checked against the model with them.
 */
export const planArray = (
  rows: ReadonlyArray<unknown>,
  model: TableModel,
  planOptions: PlanUpsertOptions,
  options: { readonly addColumns: boolean; readonly maxErrors: number; readonly table: string },
): Effect.Effect<PlannedArray, InvalidRowsError> =>
  Effect.gen(function* () {
    const errors: Array<RowError> = []
    const invalid = (truncated: boolean) =>
      new InvalidRowsError({ table: options.table, errors, truncated })
    const steps: Array<SaveStep> = []
    let checked = model
    if (options.addColumns) {
      const scanner = new UnknownFieldScanner(model)
      for (let i = 0; i < rows.length; i++) {
        try {
          scanner.scan(rows[i], i)
        } catch (error) {
          if (!isRowError(error)) throw error
          errors.push(error)
          if (errors.length >= options.maxErrors) return yield* invalid(i + 1 < rows.length)
        }
        if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield* Effect.yieldNow
      }
      if (errors.length > 0) return yield* invalid(false)
      if (scanner.hasColumns) {
        try {
          const taken = scanner.take(model)
          checked = taken.model
          steps.push({ _tag: 'AddColumns', model: taken.model, added: taken.added })
        } catch (error) {
          if (!isRowError(error)) throw error
          errors.push(error)
          return yield* invalid(false)
        }
      }
    }
    const planner = createUpsertPlanner(checked, planOptions)
    let keptBytes = 0
    let keptEnd = 0
    let keeping = true
    let batches = 0
    for (let i = 0; i < rows.length; i++) {
      let closed: BatchPlan | undefined
      try {
        closed = planner.add(rows[i])
      } catch (error) {
        if (!isRowError(error)) throw error
        errors.push(error)
        // The rest is checked without planning, to list every bad row at once.
        errors.push(
          ...validateRows(checked, rows.slice(i + 1), {
            maxErrors: options.maxErrors - errors.length,
            firstRowIndex: i + 1,
            unknownFields: planOptions.unknownFields,
          }),
        )
        return yield* invalid(errors.length >= options.maxErrors)
      }
      if (closed !== undefined && keeping) {
        steps.push({ _tag: 'Batch', plan: closed })
        batches++
        keptEnd = closed.endRow
        keptBytes += closed.bytes
        if (keptBytes > KEPT_PLAN_BYTES) {
          keeping = false
          // Check the rest without keeping its SQL; it is planned again as it is sent.
          const rest = validateRows(checked, rows.slice(keptEnd), {
            maxErrors: options.maxErrors,
            firstRowIndex: keptEnd,
            unknownFields: planOptions.unknownFields,
          })
          if (rest.length > 0) {
            errors.push(...rest)
            return yield* invalid(errors.length >= options.maxErrors)
          }
          break
        }
      }
      if (i % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) yield* Effect.yieldNow
    }
    if (keeping) {
      let last: BatchPlan | undefined
      try {
        last = planner.flush()
      } catch (error) {
        if (!isRowError(error)) throw error
        errors.push(error)
        return yield* invalid(false)
      }
      if (last !== undefined) {
        steps.push({ _tag: 'Batch', plan: last })
        batches++
      }
      keptEnd = rows.length
    }
    return { steps, model: checked, keptEnd, keptBatches: batches }
  })
