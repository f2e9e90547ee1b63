/**
 * What a save did, reported when it ends and, as it goes, after each batch lands.
 */

/**
 * Where a save stands after a batch landed.
 *
 * @example
 * ```ts
 * const onProgress = (p: SaveProgress) => console.log(`${p.rowsWritten} rows written in ${p.batches} batches`)
 * ```
 */
export interface SaveProgress {
  /** Input rows read from the source so far. */
  readonly rowsReceived: number
  /** Input rows covered by the batches that landed (every row before this index landed). */
  readonly rowsLanded: number
  /** Rows written by the batches that landed, after duplicate keys collapsed. */
  readonly rowsWritten: number
  /** Batches that landed. */
  readonly batches: number
  /** SQL statements sent. */
  readonly statements: number
  /** Data API requests sent. */
  readonly apiCalls: number
  /** UTF-8 bytes of SQL sent. */
  readonly sqlBytes: number
  /** Milliseconds since the save began. */
  readonly durationMs: number
}

/**
 * The result of `saveData`.
 *
 * @example
 * ```ts
 * const s: SaveSummary = await storage.saveData(rows)
 * console.log(`${s.rowsWritten} rows written in ${s.batches} batches, ${s.statements} statements, ${s.apiCalls} API calls`)
 * ```
 */
export interface SaveSummary {
  /**
   * The save's id: its Data API calls are named `redstore:<schema.table>:<saveId>:b<batch>...`
   * (StatementName, seen in ListStatements and the console) and its staging tables
   * `redstore_stage_<saveId>_b<batch>_g<group>`.
   */
  readonly saveId: string
  /** Input rows read. */
  readonly rowsReceived: number
  /** Rows written (upserted), after duplicate keys within the call collapsed. */
  readonly rowsWritten: number
  /** Input rows folded into a later row with the same key. */
  readonly duplicateKeysCollapsed: number
  /** Batches sent; each landed whole, in its own transaction. */
  readonly batches: number
  /** SQL statements sent (staging tables, INSERTs, MERGEs, DROPs, ALTERs). */
  readonly statements: number
  /** Data API requests sent, retries included. */
  readonly apiCalls: number
  /** Requests repeated after a transient failure, and batches resubmitted after a conflict. */
  readonly retries: number
  /** UTF-8 bytes of SQL sent. */
  readonly sqlBytes: number
  /** Columns added to the table during the save (`unknownFields: 'addColumn'`). */
  readonly columnsAdded: ReadonlyArray<string>
  /**
   * How rows were sent: `insert` (multi-row INSERTs into staging tables, then MERGE) or `copy`
   * (compressed CSV objects on S3, COPY into a staging table, then MERGE).
   */
  readonly method: 'insert' | 'copy'
  /** What the COPY path staged and loaded; only when `method` is `copy`. */
  readonly copy?: CopySummary | undefined
  /** Wall time of the save, milliseconds. */
  readonly durationMs: number
}

/**
 * What a save through S3 and COPY staged.
 *
 * @example
 * ```ts
 * const { loads, files, bytesUploaded } = summary.copy ?? { loads: 0, files: 0, bytesUploaded: 0 }
 * ```
 */
export interface CopySummary {
  /** COPY loads run; each landed whole, in its own transaction (`batches` counts them too). */
  readonly loads: number
  /** Data objects staged (manifests not counted). */
  readonly files: number
  /** CSV bytes written, before compression. */
  readonly bytesStaged: number
  /** Bytes uploaded (compressed data and manifests). */
  readonly bytesUploaded: number
  /** Objects deleted after their load landed. */
  readonly objectsDeleted: number
  /**
   * `s3://` URLs of objects of landed loads that could not be deleted (the rows landed; delete
   * these by hand or with a bucket lifecycle rule).
   */
  readonly objectsLeft: ReadonlyArray<string>
}

/**
 * The result of `init`.
 *
 * @example
 * ```ts
 * const { created, columnsAdded } = await storage.init()
 * ```
 */
export interface InitSummary {
  /** The table did not exist and was created (with its schema). */
  readonly created: boolean
  /** Columns added with ALTER TABLE ADD COLUMN, in model order. */
  readonly columnsAdded: ReadonlyArray<string>
  /** VARCHAR columns widened to the model's length. */
  readonly columnsWidened: ReadonlyArray<string>
  /** Columns of the table that the model does not have: left alone, never written. */
  readonly extraColumns: ReadonlyArray<string>
  /** Staging tables left behind by earlier, interrupted saves and dropped now. */
  readonly staleStagingTablesDropped: number
  /** SQL statements run. */
  readonly statements: number
  /** Data API requests sent. */
  readonly apiCalls: number
  readonly durationMs: number
}
