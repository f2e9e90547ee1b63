/**
 * The options of a storage: which table, how rows are planned and sent, and how the
 * connection is made.
 */
import type { DataApiConfigOptions, DataApiOptions } from '@redstore/data-api'
import type { TableModel, TableModelInput, TableModelSource } from '@redstore/sql'
import type { SaveProgress } from './SaveSummary.js'

/**
 * A table as a storage takes it: a `TableModelInput`, a normalized `TableModel`, or anything
 * that yields one (a schema DSL definition).
 *
 * @example
 * ```ts
 * const table: TableInput = { schema: 'shop', name: 'orders', keys: ['id'], columns: [{ name: 'id', type: 'BIGINT' }] }
 * ```
 */
export type TableInput = TableModelInput | TableModel | TableModelSource

/**
 * What to do with a row field that no column of the model has: fail (`error`, the default),
 * drop it (`ignore`), or add a column of the type its values suggest (`addColumn`: integers
 * BIGINT, other numbers DOUBLE PRECISION, strings VARCHAR(65535), booleans BOOLEAN, Dates
 * TIMESTAMPTZ, objects and arrays SUPER, bytes VARBYTE(65535)).
 *
 * @example
 * ```ts
 * new RedshiftStorage({ table, unknownFields: 'addColumn' })
 * ```
 */
export type UnknownFields = 'error' | 'ignore' | 'addColumn'

/**
 * How the Data API is reached: the options `createDataApiClient` takes.
 *
 * @example
 * ```ts
 * const connection: ConnectionOptions = { workgroupName: 'wg', database: 'dev', region: 'us-east-1' }
 * ```
 */
export type ConnectionOptions = DataApiConfigOptions & DataApiOptions

/**
 * A generated storage class's record of the model it was generated from, so that `init()` can
 * tell when the schema file changed since.
 *
 * @example
 * ```ts
 * const generated: GeneratedFrom = { file: 'src/schema/orders.ts', hash: '9f2c0a1b3d4e5f60', current: () => orders }
 * ```
 */
export interface GeneratedFrom {
  /** The schema file, for messages. */
  readonly file: string
  /** `tableModelHash` of the model the class was generated from. */
  readonly hash: string
  /** The table as the schema file defines it now; its hash must equal `hash`. */
  readonly current?: (() => TableInput) | undefined
}

/**
 * Options of a storage, apart from the connection.
 *
 * @example
 * ```ts
 * const options: StorageOptions = { table, unknownFields: 'ignore', maxRowsPerInsert: 250 }
 * ```
 */
export interface StorageOptions {
  readonly table: TableInput
  /** Default `error`. */
  readonly unknownFields?: UnknownFields | undefined
  /** Rows per INSERT at most (the OWOX `MaxBufferSize`). Default: only the byte limit. */
  readonly maxRowsPerInsert?: number | undefined
  /** UTF-8 bytes per statement, 1024 to 102400. Default 98304 (96 KiB, under the 100 KB limit). */
  readonly maxStatementBytes?: number | undefined
  /** Statements per BatchExecuteStatement, 3 to 40. Default 40. */
  readonly maxStatementsPerBatch?: number | undefined
  /**
   * Data API calls that stage rows at once. 1 sends each batch as one transaction with temp
   * tables; more stages rows in permanent tables of `stagingSchema` over parallel calls and
   * merges them in one transaction per batch. Default `DEFAULT_CONCURRENCY`.
   */
  readonly concurrency?: number | undefined
  /** Schema of the staging tables when `concurrency` > 1. Default: the table's schema. */
  readonly stagingSchema?: string | undefined
  /**
   * Run every statement in one Data API session (one connection, reused). Only with
   * `concurrency: 1`; temp tables are dropped after each batch. Default false.
   */
  readonly reuseSession?: boolean | undefined
  /** Most invalid rows listed in an `InvalidRowsError`. Default 100. */
  readonly maxValidationErrors?: number | undefined
  /** Set by generated classes: the model they were generated from. */
  readonly generated?: GeneratedFrom | undefined
}

/**
 * Options of a `RedshiftStorage`: the storage options and the connection.
 *
 * @example
 * ```ts
 * new RedshiftStorage({ table, connection: { workgroupName: 'wg', database: 'dev', region: 'us-east-1' } })
 * ```
 */
export interface RedshiftStorageOptions extends StorageOptions {
  /** Default: the environment (`REDSHIFT_*` and `AWS_*` variables, see `fromEnv`). */
  readonly connection?: ConnectionOptions | undefined
}

/**
 * Options of a generated storage class's constructor: everything but the table, which the
 * class carries. The connection comes from the environment when omitted.
 *
 * @example
 * ```ts
 * new OrdersStorage({ connection: { workgroupName: 'wg', database: 'dev', region: 'us-east-1' }, concurrency: 2 })
 * ```
 */
export type GeneratedStorageOptions = Omit<RedshiftStorageOptions, 'table' | 'generated'>

/**
 * Options of `saveData`.
 *
 * @example
 * ```ts
 * await storage.saveData(rows, { onProgress: (p) => bar.update(p.rowsWritten) })
 * ```
 */
export interface SaveOptions {
  /** Called after each batch lands. */
  readonly onProgress?: ((progress: SaveProgress) => void) | undefined
}

/**
 * Options of `read`.
 *
 * @example
 * ```ts
 * for await (const record of storage.read({ limit: 10 })) console.log(record)
 * ```
 */
export interface ReadOptions {
  /** `keys` (default) orders by the key columns; `none` leaves the order to the database. */
  readonly orderBy?: 'keys' | 'none' | undefined
  /** Most records returned. */
  readonly limit?: number | undefined
}
