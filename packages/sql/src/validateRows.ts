import { encodeRow } from './encodeRow.js'
import { isSqlError, type SqlError } from './SqlError.js'
import type { TableModel } from './TableModel.js'

/**
 * Options of `validateRows`.
 *
 * @example
 * ```ts
 * const options: ValidateRowsOptions = { maxErrors: 10 }
 * ```
 */
export interface ValidateRowsOptions {
  /** Stop after this many errors; default 100. */
  readonly maxErrors?: number | undefined
  /** As in `encodeRow`: `error` (default) or `ignore` fields no column has. */
  readonly unknownFields?: 'error' | 'ignore' | undefined
  /** Index of the first row, for messages. Default 0. */
  readonly firstRowIndex?: number | undefined
}

/**
 * Checks every row against the model the way `planUpsert` will (fields, keys, values), without
 * planning SQL, and returns the errors found in row order, each naming its row index. Run it
 * first when nothing may be sent before a bad row is reported (the planner is lazy and finds a
 * bad row only when it reaches it).
 *
 * @example
 * ```ts
 * const errors = validateRows(model, rows)
 * if (errors.length > 0) throw errors[0]
 * for (const batch of planUpsert(model, rows)) await send(batch)
 * ```
 */
export const validateRows = (
  model: TableModel,
  rows: Iterable<unknown>,
  options: ValidateRowsOptions = {},
): ReadonlyArray<SqlError> => {
  const maxErrors = Math.max(1, options.maxErrors ?? 100)
  const errors: Array<SqlError> = []
  let rowIndex = options.firstRowIndex ?? 0
  const encodeOptions = { unknownFields: options.unknownFields }
  for (const row of rows) {
    try {
      encodeRow(model, row, rowIndex, encodeOptions)
    } catch (error) {
      if (!isSqlError(error)) throw error
      errors.push(error)
      if (errors.length >= maxErrors) break
    }
    rowIndex++
  }
  return errors
}
