/**
 * The Data API's limit on one SQL statement: 100 KB.
 *
 * @example
 * ```ts
 * planUpsert(model, rows, { maxStatementBytes: DATA_API_MAX_STATEMENT_BYTES })
 * ```
 */
export const DATA_API_MAX_STATEMENT_BYTES = 102400

/**
 * Default byte limit per planned statement: 96 KiB, 4 KiB under the Data API's 100 KB, and
 * under 100,000 bytes too in case the service counts 100 KB in decimal.
 *
 * @example
 * ```ts
 * planUpsert(model, rows, { maxStatementBytes: DEFAULT_MAX_STATEMENT_BYTES / 2 })
 * ```
 */
export const DEFAULT_MAX_STATEMENT_BYTES = 98304

/**
 * The Data API's limit on statements in one BatchExecuteStatement.
 *
 * @example
 * ```ts
 * planUpsert(model, rows, { maxStatementsPerBatch: MAX_STATEMENTS_PER_BATCH })
 * ```
 */
export const MAX_STATEMENTS_PER_BATCH = 40

/**
 * Most statements a batch planned for permanent staging tables may hold: such a batch is not
 * sent as one BatchExecuteStatement but spread over several calls (see `StagingOptions`).
 *
 * @example
 * ```ts
 * planUpsert(model, rows, { staging: { schema: 'etl' }, maxStatementsPerBatch: 4 * 38 + 2 })
 * ```
 */
export const MAX_STAGED_STATEMENTS_PER_BATCH = 2000

/**
 * Staging in permanent tables of `schema` instead of session temp tables. A temp table lives
 * only in the session that created it, so rows staged by several calls at once (in parallel)
 * need tables every session can see; the caller runs each group's CREATE, spreads the INSERTs
 * over its calls, then runs the MERGEs and `dropSql` in one transaction. Names start with the
 * plan's `tempTablePrefix`, so tables left behind by a crash can be found and dropped.
 *
 * @example
 * ```ts
 * const staging: StagingOptions = { schema: 'analytics' }
 * ```
 */
export interface StagingOptions {
  readonly schema: string
}

/**
 * Options of `planUpsert`, `planUpsertAsync` and `createUpsertPlanner`.
 *
 * @example
 * ```ts
 * const options: PlanUpsertOptions = { maxRowsPerInsert: 250, tempTablePrefix: 'stage_run1' }
 * ```
 */
export interface PlanUpsertOptions {
  /** UTF-8 bytes per statement, 1024 to 102400; default `DEFAULT_MAX_STATEMENT_BYTES`. */
  readonly maxStatementBytes?: number | undefined
  /** Rows per INSERT at most (the OWOX `MaxBufferSize`); default unlimited. */
  readonly maxRowsPerInsert?: number | undefined
  /**
   * Statements per batch: 3 to 40 with temp tables (default 40), up to
   * `MAX_STAGED_STATEMENTS_PER_BATCH` with `staging` (default 40).
   */
  readonly maxStatementsPerBatch?: number | undefined
  /**
   * Groups (staging tables, one per set of present columns) per batch, at least 1; default
   * unlimited with temp tables, and 39 at most with `staging` (its MERGEs and DROP share one
   * call).
   */
  readonly maxGroupsPerBatch?: number | undefined
  /**
   * Start of every staging table name: lowercase letters, digits and `_`, at most 80 bytes.
   * Default `redstore_stage_` and 12 random characters; names end `_b<batch>_g<group>`.
   */
  readonly tempTablePrefix?: string | undefined
  /** Stage in permanent tables of a schema (for staging across calls); default temp tables. */
  readonly staging?: StagingOptions | undefined
  /**
   * End every batch's `sqls` with `dropSql`, so that staging tables do not pile up in a
   * session that runs many batches. Counts as one statement of the batch. Default false.
   */
  readonly dropStagingTables?: boolean | undefined
  /** `error` (default): a field no column has is an `UnknownColumnError`; `ignore`: it is skipped. */
  readonly unknownFields?: 'error' | 'ignore' | undefined
}

/**
 * The name of a staging table of a plan: `<prefix>_b<batch>_g<group>`. Plans name their
 * tables this way, so a caller can prepare a table before the batch that uses it is planned.
 *
 * @example
 * ```ts
 * stagingTableName('redstore_stage_x', 0, 0) // 'redstore_stage_x_b0_g0'
 * ```
 */
export const stagingTableName = (prefix: string, batchIndex: number, groupIndex: number): string =>
  `${prefix}_b${batchIndex}_g${groupIndex}`
