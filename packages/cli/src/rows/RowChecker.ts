import {
  DEFAULT_MAX_STATEMENT_BYTES,
  encodeCopyRecord,
  encodeRow,
  insertHeader,
  isSqlError,
  type SqlError,
  type TableModel,
} from '@redstore/sql'

/**
 * Which way rows will be sent, as far as the check must know: `insert` (each row must fit one
 * INSERT under the Data API's statement limit), `copy` (each row must fit one COPY record of
 * 4 MB), or `either` (`--method auto` with a staging bucket: a row too long for an INSERT is
 * fine, and the load then goes through COPY).
 *
 * @example
 * ```ts
 * const path: LoadPath = 'either'
 * ```
 */
export type LoadPath = 'insert' | 'copy' | 'either'

/**
 * Options of a `RowChecker`.
 *
 * @example
 * ```ts
 * const options: RowCheckerOptions = { path: 'insert', unknownFields: 'error' }
 * ```
 */
export interface RowCheckerOptions {
  readonly path: LoadPath
  readonly unknownFields: 'error' | 'ignore'
  /** The storage's statement limit. Default `DEFAULT_MAX_STATEMENT_BYTES`. */
  readonly maxStatementBytes?: number | undefined
}

/**
 * A storage error about one row as a reason without its row index (the CLI names the line).
 *
 * @example
 * ```ts
 * describeRowError(new NullKeyError({ rowIndex: 4, column: 'id' })) // 'no value for key column "id"; every row needs one'
 * ```
 */
export const describeRowError = (error: SqlError): string => {
  switch (error._tag) {
    case 'ValueEncodingError':
      return `value for column ${JSON.stringify(error.column)} (${error.type}) ${error.reason}`
    case 'NullKeyError':
      return `no value for key column ${JSON.stringify(error.column)}; every row needs one (NULL keys never match in MERGE)`
    case 'UnknownColumnError':
      return `field ${JSON.stringify(error.column)} is not a column of ${error.table}; add it to the schema file, or pass --unknown-fields ignore`
    case 'InvalidRowError':
      return `the row ${error.reason}`
    default:
      return error.message.replace(/^Row \d+:?\s*/, '')
  }
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

/** A staging table name at least as long as any the storage makes (`redstore_stage_<id>_b<n>_g<m>`). */
const LONGEST_STAGING_NAME = `redstore_stage_${'x'.repeat(10)}_${'x'.repeat(8)}_b9999999_g999`

/**
 * Checks rows against the table model as the storage will, before anything is sent: fields,
 * keys and values (`encodeRow`), and the size limit of the path the rows take (one INSERT under
 * the statement limit, or one COPY record). Pure; a row it passes is a row the storage takes.
 *
 * @example
 * ```ts
 * const checker = new RowChecker(model, { path: 'insert', unknownFields: 'error' })
 * const problem = checker.check({ id: 1, name: 'Ann' }, 0) // undefined
 * ```
 */
export class RowChecker {
  /** Rows that passed but are too long for an INSERT (path `either`): the load must use COPY. */
  tooLongForInsert = 0
  private readonly headerBytes = new Map<string, number>()
  private readonly maxStatementBytes: number

  constructor(
    private readonly model: TableModel,
    private readonly options: RowCheckerOptions,
  ) {
    this.maxStatementBytes = options.maxStatementBytes ?? DEFAULT_MAX_STATEMENT_BYTES
  }

  /** The reason `row` cannot be saved, or `undefined` when it can. */
  check(row: unknown, rowIndex: number): string | undefined {
    const encodeOptions = { unknownFields: this.options.unknownFields }
    try {
      if (this.options.path === 'copy') {
        encodeCopyRecord(this.model, row, rowIndex, encodeOptions)
        return undefined
      }
      const encoded = encodeRow(this.model, row, rowIndex, encodeOptions)
      const bytes = this.insertBytes(encoded.columns, encoded.values)
      if (bytes <= this.maxStatementBytes) return undefined
      if (this.options.path === 'either') {
        encodeCopyRecord(this.model, row, rowIndex, encodeOptions)
        this.tooLongForInsert++
        return undefined
      }
      return `the row needs an INSERT of ${bytes} bytes, over the statement limit of ${this.maxStatementBytes} bytes; load it through S3 with --method copy (and a staging bucket), or shorten its values`
    } catch (error) {
      if (isSqlError(error)) return describeRowError(error)
      throw error
    }
  }

  private insertBytes(columns: ReadonlyArray<number>, values: ReadonlyArray<string>): number {
    const shape = columns.join(',')
    let header = this.headerBytes.get(shape)
    if (header === undefined) {
      const names = columns.map((i) => this.model.columns[i]?.name ?? '')
      header = utf8Bytes(
        insertHeader({ schema: this.model.schema, name: LONGEST_STAGING_NAME }, names),
      )
      this.headerBytes.set(shape, header)
    }
    let bytes = header + 2 + 2 * Math.max(0, values.length - 1)
    for (const value of values) bytes += utf8Bytes(value)
    return bytes
  }
}
