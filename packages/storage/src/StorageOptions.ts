/**
 * The options of a storage: which table, how rows are planned and sent, and how the
 * connection is made.
 */
import type { Credentials, DataApiConfigOptions, DataApiOptions } from '@redstore/data-api'
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
 * CSV bytes from which `method: 'auto'` loads with COPY instead of INSERTs, measured on the
 * emulator with the Data API's latency modelled (see "Bulk loads through S3" in the README).
 *
 * @example
 * ```ts
 * new RedshiftStorage({ table, staging: { bucket, copyThresholdBytes: 2 * DEFAULT_COPY_THRESHOLD_BYTES } })
 * ```
 */
export const DEFAULT_COPY_THRESHOLD_BYTES = 4 * 1024 * 1024

/**
 * Where bulk loads are staged for COPY: an S3 bucket Redshift can read. With it, `saveData`
 * may write rows as compressed CSV objects and load them with COPY (see `SaveMethod`).
 *
 * @example
 * ```ts
 * const staging: StagingOptions = { bucket: 'my-loads', prefix: 'redstore/', iamRole: 'arn:aws:iam::123456789012:role/redshift-load' }
 * ```
 */
export interface StagingOptions {
  /** The bucket objects are staged in. */
  readonly bucket: string
  /** Start of every staged object's key. Default `redstore/`. */
  readonly prefix?: string | undefined
  /** The bucket's region. Default: the connection's region (COPY then names no REGION). */
  readonly region?: string | undefined
  /** S3 endpoint, e.g. a local S3 server or a VPC endpoint; path-style addressing is used. */
  readonly endpoint?: string | undefined
  /**
   * Who uploads (and, without `iamRole`, who COPY signs as, session token included).
   * Default: the connection's credentials.
   */
  readonly credentials?: Credentials | undefined
  /** The role Redshift assumes to read the bucket (`COPY ... IAM_ROLE`). */
  readonly iamRole?: string | undefined
  /**
   * With `method: 'auto'`, COPY is used when the rows come to at least this many bytes of CSV
   * (a stream is read ahead up to this much to decide). Default `DEFAULT_COPY_THRESHOLD_BYTES`.
   */
  readonly copyThresholdBytes?: number | undefined
  /** Uncompressed bytes per staged object, at most. Default 32 MiB (see the package README). */
  readonly fileBytes?: number | undefined
  /**
   * Uncompressed bytes per load, at most: a longer stream is loaded in several COPYs, each
   * landing whole, in order. Default 1 GiB.
   */
  readonly loadBytes?: number | undefined
  /** Multipart uploads' part size in bytes, 5 MiB to 5 GiB. Default 8 MiB. */
  readonly partBytes?: number | undefined
  /** Parts uploaded at once. Default 4. */
  readonly uploadConcurrency?: number | undefined
}

/**
 * How `saveData` sends rows: `insert` (multi-row INSERTs into staging tables, then MERGE),
 * `copy` (compressed CSV objects on S3, one COPY into a staging table, then the same dedup and
 * MERGE; needs `staging`), or `auto` (COPY from `copyThresholdBytes` on; the default with
 * `staging`).
 *
 * @example
 * ```ts
 * await storage.saveData(rows, { method: 'copy' })
 * ```
 */
export type SaveMethod = 'insert' | 'copy' | 'auto'

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
  /** An S3 bucket to stage bulk loads in, for COPY (see `SaveMethod`). */
  readonly staging?: StagingOptions | undefined
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
  /** How rows are sent. Default `auto` with `staging`, else `insert`. */
  readonly method?: SaveMethod | undefined
  /** Called after each batch (or COPY load) lands. */
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
