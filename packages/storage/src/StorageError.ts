/**
 * The typed errors of @redstore/storage. Each is tagged (branch on `_tag`, never on
 * `instanceof`: a process may load two copies of the package) and its message says what
 * happened, where, and what to do. No message or field carries a secret.
 */
import type { DataApiError } from '@redstore/data-api'
import { type ColumnConflict, isSqlError, type SqlError } from '@redstore/sql'
import { Data } from 'effect'

/**
 * An option of the storage is invalid.
 *
 * @example
 * ```ts
 * new StorageConfigError({ option: 'concurrency', problem: 'is 0', fix: 'use 1 to 16' })
 * ```
 */
export class StorageConfigError extends Data.TaggedError('StorageConfigError')<{
  readonly option: string
  readonly problem: string
  readonly fix: string
}> {
  override get message(): string {
    return `Invalid storage option ${this.option}: it ${this.problem}. Fix: ${this.fix}.`
  }
}

/**
 * A parameter of an OWOX-style `AbstractConfig` given to `AwsRedshiftStorage` is missing or
 * invalid. The message names the parameter, never its value when it is a secret.
 *
 * @example
 * ```ts
 * new ConfigParameterError({ parameter: 'AWSRegion', problem: 'is required', fix: "set AWSRegion, e.g. 'us-east-1'" })
 * ```
 */
export class ConfigParameterError extends Data.TaggedError('ConfigParameterError')<{
  readonly parameter: string
  readonly problem: string
  readonly fix: string
}> {
  override get message(): string {
    return `Invalid configuration: parameter '${this.parameter}' ${this.problem}. Fix: ${this.fix}.`
  }
}

/**
 * The live table has columns whose type or nullability cannot take what the model writes.
 * Nothing was changed.
 *
 * @example
 * ```ts
 * if (error._tag === 'TableConflictError') for (const c of error.conflicts) console.log(c.column, c.fix)
 * ```
 */
export class TableConflictError extends Data.TaggedError('TableConflictError')<{
  readonly table: string
  readonly conflicts: ReadonlyArray<ColumnConflict>
}> {
  override get message(): string {
    const lines = this.conflicts.map(
      (c) =>
        `column "${c.column}": the table has ${c.liveType}, the model ${c.modelType}; ${c.reason}. Fix: ${c.fix}`,
    )
    return `Table ${this.table} conflicts with the model (nothing was changed):\n  ${lines.join('\n  ')}`
  }
}

/**
 * A field that no column of the model has, whose values do not share one column type, so that
 * `unknownFields: 'addColumn'` cannot add a column for it.
 *
 * @example
 * ```ts
 * new UnknownFieldTypeError({ field: 'score', rowIndex: 7, types: ['BIGINT', 'VARCHAR(65535)'] })
 * ```
 */
export class UnknownFieldTypeError extends Data.TaggedError('UnknownFieldTypeError')<{
  readonly field: string
  readonly rowIndex: number
  readonly types: ReadonlyArray<string>
}> {
  override get message(): string {
    return `Row ${this.rowIndex}: field ${JSON.stringify(this.field)} is not a column, and its values need different column types (${this.types.join(', ')}), so no column can be added for it. Add the column to the model with the type you want, or make the values agree.`
  }
}

/** What can be wrong with one input row. */
export type RowError = SqlError | UnknownFieldTypeError

/**
 * Rows were invalid; nothing was sent. `errors` lists them in row order (each names its row
 * index, the column and the reason), up to `maxValidationErrors`.
 *
 * @example
 * ```ts
 * if (error._tag === 'InvalidRowsError') for (const e of error.errors) console.log(e.message)
 * ```
 */
export class InvalidRowsError extends Data.TaggedError('InvalidRowsError')<{
  readonly table: string
  readonly errors: ReadonlyArray<RowError>
  /** True when more rows were bad than `errors` holds. */
  readonly truncated: boolean
}> {
  override get message(): string {
    const shown = this.errors.slice(0, 10).map((e) => e.message)
    const more = this.errors.length - shown.length
    const tail =
      (more > 0 ? `\n  ... and ${more} more listed in .errors` : '') +
      (this.truncated ? ' (validation stopped there; later rows were not checked)' : '')
    return `${this.errors.length} invalid row(s) for ${this.table}; nothing was written. Fix the rows and save again:\n  ${shown.join('\n  ')}${tail}`
  }
}

/**
 * A save stopped part-way: input rows `0` to `rowsLanded - 1` landed (whole batches, each in
 * its own transaction); rows from `rowsLanded` on did not, and may be saved again.
 *
 * @example
 * ```ts
 * if (error._tag === 'SaveError') await storage.saveData(rows.slice(error.rowsLanded))
 * ```
 */
export class SaveError extends Data.TaggedError('SaveError')<{
  readonly table: string
  /** Input rows that landed: all rows before this index, none after. */
  readonly rowsLanded: number
  /** Batches that landed. */
  readonly batchesLanded: number
  /** Why the save stopped: a bad row (reached mid-stream), the Data API, or the source. */
  readonly cause: RowError | DataApiError | StorageConfigError | TableConflictError | SourceError
}> {
  override get message(): string {
    const landed =
      this.rowsLanded === 0
        ? 'no rows landed'
        : `input rows 0 to ${this.rowsLanded - 1} landed (${this.batchesLanded} batch(es))`
    return `Saving into ${this.table} stopped: ${landed}; rows from ${this.rowsLanded} on did not land and can be saved again. Cause: ${this.cause.message}`
  }
}

/**
 * The caller's row source (an iterable or async iterable) threw while it was read.
 *
 * @example
 * ```ts
 * if (error._tag === 'SaveError' && error.cause._tag === 'SourceError') console.log(error.cause.error)
 * ```
 */
export class SourceError extends Data.TaggedError('SourceError')<{
  readonly rowIndex: number
  readonly error: unknown
}> {
  override get message(): string {
    const text = this.error instanceof Error ? this.error.message : String(this.error)
    return `reading input row ${this.rowIndex} from the source failed: ${text}`
  }
}

/**
 * The generated storage class was built from a table model that differs from the schema file
 * today: regenerate it.
 *
 * @example
 * ```ts
 * new StaleModelError({ table: 'shop.orders', generatedFrom: 'src/schema/orders.ts', expectedHash: 'a1', actualHash: 'b2' })
 * ```
 */
export class StaleModelError extends Data.TaggedError('StaleModelError')<{
  readonly table: string
  readonly generatedFrom: string
  readonly expectedHash: string
  readonly actualHash: string
}> {
  override get message(): string {
    return `The generated storage for ${this.table} is stale: it was generated from a model with hash ${this.expectedHash}, but ${this.generatedFrom} now defines hash ${this.actualHash}. Run \`pnpm codegen\` (redstore-codegen) and rebuild.`
  }
}

/**
 * Every error the storage fails with: its own, the Data API's, and the table model's
 * (`InvalidTableModelError`, `InvalidTypeError`, ... from @redstore/sql, when the table given
 * is not a valid model).
 *
 * @example
 * ```ts
 * const describe = (e: StorageError) => `${e._tag}: ${e.message}`
 * ```
 */
export type StorageError =
  | StorageConfigError
  | ConfigParameterError
  | TableConflictError
  | InvalidRowsError
  | SaveError
  | StaleModelError
  | DataApiError
  | SqlError

const storageErrorTags: ReadonlySet<string> = new Set<StorageError['_tag']>([
  'StorageConfigError',
  'ConfigParameterError',
  'TableConflictError',
  'InvalidRowsError',
  'SaveError',
  'StaleModelError',
  'DataApiError',
])

/**
 * True for every error the storage fails with, recognised by its tag.
 *
 * @example
 * ```ts
 * try { await storage.saveData(rows) } catch (e) { if (isStorageError(e)) console.error(e._tag) }
 * ```
 */
export const isStorageError = (error: unknown): error is StorageError =>
  isSqlError(error) ||
  (typeof error === 'object' &&
    error !== null &&
    storageErrorTags.has((error as { _tag?: unknown })._tag as string))
