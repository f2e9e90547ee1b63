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
 * An S3 request of the COPY path failed (upload, manifest, or clean-up before any load ran).
 * `objects` lists the `s3://` URLs staged so far, kept for inspection.
 *
 * @example
 * ```ts
 * new StagingError({ operation: 'UploadPart', bucket: 'loads', key: 'redstore/x/part-00000.csv.gz', problem: 'Access Denied', objects: [] })
 * ```
 */
export class StagingError extends Data.TaggedError('StagingError')<{
  /** The S3 operation, e.g. `PutObject`, `UploadPart`. */
  readonly operation: string
  readonly bucket: string
  readonly key: string
  /** What S3 (or the network) said. */
  readonly problem: string
  /** Objects staged so far, left in place. */
  readonly objects: ReadonlyArray<string>
}> {
  override get message(): string {
    const kept =
      this.objects.length === 0
        ? ''
        : ` ${this.objects.length} staged object(s) were kept: ${this.objects.slice(0, 5).join(', ')}${this.objects.length > 5 ? ', ...' : ''}.`
    return `S3 ${this.operation} of s3://${this.bucket}/${this.key} failed: ${this.problem}. Check the staging bucket, its region and the credentials' permissions (s3:PutObject, s3:DeleteObject).${kept}`
  }
}

/**
 * One bad line of a failed COPY, from STL_LOAD_ERRORS or SYS_LOAD_ERROR_DETAIL.
 *
 * @example
 * ```ts
 * const line: LoadErrorDetail = { file: 's3://b/k.csv.gz', line: 3, column: 'name', code: 1204, reason: 'String length exceeds DDL length', rowIndex: 2 }
 * ```
 */
export interface LoadErrorDetail {
  /** The object's `s3://` URL. */
  readonly file: string
  /** 1-based line number in the (uncompressed) object. */
  readonly line: number
  readonly column: string
  /** Redshift's load error code (see "Load error reference"). */
  readonly code: number
  readonly reason: string
  /** The field as loaded, when the view shows it. */
  readonly rawValue?: string | undefined
  /** The input row of that line, when it could be told. */
  readonly rowIndex?: number | undefined
}

/**
 * A load through S3 failed after its objects were staged: the COPY (bad lines are in
 * `lines`, read from the load error views), or the statements after it. Nothing of the load
 * landed. The staged objects are kept and listed in `objects`, to inspect or load by hand.
 *
 * @example
 * ```ts
 * if (e._tag === 'SaveError' && e.cause._tag === 'CopyLoadError') for (const l of e.cause.lines) console.log(l.line, l.column, l.reason)
 * ```
 */
export class CopyLoadError extends Data.TaggedError('CopyLoadError')<{
  readonly table: string
  /** The bad lines, when the COPY itself failed (at most 100). */
  readonly lines: ReadonlyArray<LoadErrorDetail>
  /** The manifest and data objects of the load, kept. */
  readonly objects: ReadonlyArray<string>
  /** The Data API's failure, with any secret of the statement removed. */
  readonly cause: DataApiError
}> {
  override get message(): string {
    const shown = this.lines.slice(0, 5).map((l) => {
      const row = l.rowIndex === undefined ? '' : ` (input row ${l.rowIndex})`
      return `${l.file} line ${l.line}${row}, column ${l.column}: ${l.reason} [${l.code}]`
    })
    const more =
      this.lines.length > shown.length
        ? `\n  ... and ${this.lines.length - shown.length} more in .lines`
        : ''
    const lines = shown.length === 0 ? '' : `\n  ${shown.join('\n  ')}${more}`
    const objects = `${this.objects.length} staged object(s) were kept: ${this.objects.slice(0, 3).join(', ')}${this.objects.length > 3 ? ', ...' : ''}`
    return `Loading into ${this.table} with COPY failed: ${this.cause.message}${lines}\n${objects}. Nothing of this load landed.`
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
  readonly cause:
    | RowError
    | DataApiError
    | StorageConfigError
    | TableConflictError
    | SourceError
    | StagingError
    | CopyLoadError
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
  | StagingError
  | CopyLoadError
  | DataApiError
  | SqlError

const storageErrorTags: ReadonlySet<string> = new Set<StorageError['_tag']>([
  'StorageConfigError',
  'ConfigParameterError',
  'TableConflictError',
  'InvalidRowsError',
  'SaveError',
  'StaleModelError',
  'StagingError',
  'CopyLoadError',
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
