import { normalizeIdent } from '../identifier.js'
import {
  DATA_API_MAX_STATEMENT_BYTES,
  DEFAULT_MAX_STATEMENT_BYTES,
  MAX_STAGED_STATEMENTS_PER_BATCH,
  MAX_STATEMENTS_PER_BATCH,
  type PlanUpsertOptions,
} from '../planLimits.js'
import { PlanLimitError } from '../SqlError.js'
import type { BatchLimits } from './BatchBuilder.js'

/** Most groups of a staged batch: its MERGEs and one DROP share a 40-statement call. */
const MAX_STAGED_GROUPS = MAX_STATEMENTS_PER_BATCH - 1

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

/** Options with defaults applied and ranges checked. */
export const resolvePlanOptions = (
  options: PlanUpsertOptions,
): BatchLimits & { readonly prefix: string } => {
  const prefix = options.tempTablePrefix ?? `redstore_stage_${randomSuffix()}`
  if (!/^[a-z_][a-z0-9_]{0,79}$/.test(prefix)) {
    throw new PlanLimitError({
      reason: `tempTablePrefix ${JSON.stringify(prefix)} must be 1 to 80 lowercase letters, digits or _, not starting with a digit`,
    })
  }
  const stagingSchema =
    options.staging === undefined ? undefined : normalizeIdent(options.staging.schema)
  const staged = stagingSchema !== undefined
  return {
    prefix,
    stagingSchema,
    dropStagingTables: options.dropStagingTables === true,
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
      options.dropStagingTables === true ? 4 : 3,
      staged ? MAX_STAGED_STATEMENTS_PER_BATCH : MAX_STATEMENTS_PER_BATCH,
    ),
    maxGroupsPerBatch: integerOption(
      'maxGroupsPerBatch',
      options.maxGroupsPerBatch,
      staged ? MAX_STAGED_GROUPS : Number.MAX_SAFE_INTEGER,
      1,
      staged ? MAX_STAGED_GROUPS : Number.MAX_SAFE_INTEGER,
    ),
  }
}
