import type { BatchPlan } from '../../../src/BatchPlan.js'
import { rowKeyIdentity } from '../../../src/encodeRow.js'
import { encodeStagedValues } from '../../../src/internal/encodeSizedRow.js'
import { resolvePlanOptions } from '../../../src/internal/resolvePlanOptions.js'
import type { PlanUpsertOptions } from '../../../src/planLimits.js'
import type { TableModel } from '../../../src/TableModel.js'
import { BatchBuilder } from './BatchBuilder.js'

/**
 * `planUpsert` as it was before its staging was reworked for speed, driving the frozen copies
 * of `BatchBuilder` and `StagedRow` kept next to this file: the reference its output must
 * equal byte for byte. Rows are planned eagerly; the first error ends the list.
 */
export const referencePlan = (
  model: TableModel,
  rows: Iterable<unknown>,
  options: PlanUpsertOptions,
): { readonly batches: Array<BatchPlan>; readonly error?: unknown } => {
  const limits = resolvePlanOptions(options)
  const unknownFields = options.unknownFields ?? 'error'
  const batches: Array<BatchPlan> = []
  let rowIndex = 0
  let batchIndex = 0
  let firstRow = 0
  let builder = new BatchBuilder(model, limits, limits.prefix, batchIndex)
  const finish = () => {
    const built = builder.build()
    batches.push({
      index: batchIndex,
      firstRow,
      endRow: rowIndex,
      inputRows: rowIndex - firstRow,
      ...built,
    })
    batchIndex++
    firstRow = rowIndex
    builder = new BatchBuilder(model, limits, limits.prefix, batchIndex)
  }
  try {
    for (const row of rows) {
      const encoded = encodeStagedValues(model, row, rowIndex, unknownFields)
      const key = rowKeyIdentity(model, encoded)
      if (!builder.add(encoded, key)) {
        finish()
        if (!builder.add(encoded, key)) throw new Error('a row does not fit an empty batch')
      }
      rowIndex++
    }
    if (!builder.isEmpty) finish()
  } catch (error) {
    return { batches, error }
  }
  return { batches }
}
