import {
  createUpsertPlanner,
  normalizeIdent,
  type PlanUpsertOptions,
  resolveTableModel,
  type TableModel,
} from '@redstore/sql'
import { StorageConfigError } from '../StorageError.js'
import type { GeneratedFrom, StorageOptions, UnknownFields } from '../StorageOptions.js'
import { type ResolvedStaging, resolveStaging } from './copy/resolveStaging.js'

/**
 * Staging calls at once when the caller says nothing; see `StorageOptions.concurrency` and the
 * measurements in the package README.
 */
export const DEFAULT_CONCURRENCY = 4

/** Most staging calls at once: the Data API allows about 30 ExecuteStatement calls a second. */
export const MAX_CONCURRENCY = 16

/** The options with defaults applied and checked. */
export interface ResolvedStorage {
  readonly model: TableModel
  readonly unknownFields: UnknownFields
  readonly concurrency: number
  readonly stagingSchema: string
  readonly reuseSession: boolean
  readonly maxValidationErrors: number
  /** Limits passed to every planner (prefix, staging and start indexes are set per save). */
  readonly planLimits: Pick<
    PlanUpsertOptions,
    'maxRowsPerInsert' | 'maxStatementBytes' | 'maxStatementsPerBatch'
  >
  readonly generated: GeneratedFrom | undefined
  /** Where COPY loads are staged; undefined without `staging`. */
  readonly staging: ResolvedStaging | undefined
}

const integer = (
  option: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number => {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new StorageConfigError({
      option,
      problem: `is ${String(value)}`,
      fix: `use an integer from ${min} to ${max}`,
    })
  }
  return value
}

const unknownFieldPolicies: ReadonlyArray<UnknownFields> = ['error', 'ignore', 'addColumn']

/**
 * Checks the options and resolves the table model.
 *
 * @throws StorageConfigError, or the table model's own errors (`InvalidTableModelError`, ...).
 */
export const resolveStorageOptions = (options: StorageOptions): ResolvedStorage => {
  if (typeof options !== 'object' || options === null || options.table === undefined) {
    throw new StorageConfigError({
      option: 'table',
      problem: 'is missing',
      fix: 'pass { table: { schema, name, keys, columns } } or a schema definition',
    })
  }
  const model = resolveTableModel(options.table)
  const unknownFields = options.unknownFields ?? 'error'
  if (!unknownFieldPolicies.includes(unknownFields)) {
    throw new StorageConfigError({
      option: 'unknownFields',
      problem: `is ${JSON.stringify(unknownFields)}`,
      fix: `use one of ${unknownFieldPolicies.map((p) => `'${p}'`).join(', ')}`,
    })
  }
  const concurrency = integer(
    'concurrency',
    options.concurrency,
    DEFAULT_CONCURRENCY,
    1,
    MAX_CONCURRENCY,
  )
  const reuseSession = options.reuseSession === true
  if (reuseSession && options.concurrency !== undefined && concurrency > 1) {
    throw new StorageConfigError({
      option: 'reuseSession',
      problem: `is true with concurrency ${concurrency}`,
      fix: 'a session runs one statement at a time: use concurrency 1 with reuseSession',
    })
  }
  const planLimits = {
    maxRowsPerInsert: options.maxRowsPerInsert,
    maxStatementBytes: options.maxStatementBytes,
    maxStatementsPerBatch: options.maxStatementsPerBatch,
  }
  // The planner checks its own limits: make a bad one fail now, not at the first save.
  createUpsertPlanner(model, planLimits)
  return {
    model,
    unknownFields,
    concurrency: reuseSession ? 1 : concurrency,
    stagingSchema: normalizeIdent(options.stagingSchema ?? model.schema),
    reuseSession,
    maxValidationErrors: integer(
      'maxValidationErrors',
      options.maxValidationErrors,
      100,
      1,
      1_000_000,
    ),
    planLimits,
    generated: options.generated,
    staging: options.staging === undefined ? undefined : resolveStaging(options.staging),
  }
}
