/**
 * The statements of one group of a batch: rows that carry the same set of columns share a
 * staging table, its INSERTs and one MERGE.
 *
 * @example
 * ```ts
 * const run = (g: StagingGroupPlan) => [g.create, ...g.inserts, g.merge]
 * ```
 */
export interface StagingGroupPlan {
  /** The staging table's name (unqualified; with `staging` it lives in that schema). */
  readonly stagingTable: string
  /** The columns its rows carry, keys included, in table order. */
  readonly columns: ReadonlyArray<string>
  /** `CREATE TEMP TABLE ... (LIKE target)`, or `CREATE TABLE` in the staging schema. */
  readonly create: string
  /** Multi-row INSERTs into the staging table, each within the statement limits. */
  readonly inserts: ReadonlyArray<string>
  /** MERGE from the staging table into the target on the key columns. */
  readonly merge: string
  /** Rows staged. */
  readonly rows: number
}

/**
 * One planned batch: self-contained SQL to run in TRANSACTION mode, and what it covers for
 * progress reports. Batches must run in order (later ones win over earlier ones).
 *
 * @example
 * ```ts
 * const report = (b: BatchPlan) => `rows ${b.firstRow}..${b.endRow - 1}: ${b.sqls.length} statements`
 * ```
 */
export interface BatchPlan {
  /** 0-based position of the batch. */
  readonly index: number
  /**
   * The whole batch as one BatchExecuteStatement: per group CREATE, INSERTs, MERGE (and
   * `dropSql` last with `dropStagingTables`). At most 40 statements with temp tables.
   */
  readonly sqls: ReadonlyArray<string>
  /** The same statements by group, for callers that stage across several calls. */
  readonly groups: ReadonlyArray<StagingGroupPlan>
  /** `DROP TABLE IF EXISTS` of every staging table of the batch. */
  readonly dropSql: string
  /** Index of the first input row this batch covers. */
  readonly firstRow: number
  /** Index after the last input row this batch covers. */
  readonly endRow: number
  /** Input rows covered (`endRow - firstRow`). */
  readonly inputRows: number
  /** Rows staged after collapsing duplicate keys. */
  readonly rows: number
  /** Input rows folded into a later row with the same key. */
  readonly duplicates: number
  readonly inserts: number
  readonly merges: number
  readonly tempTables: ReadonlyArray<string>
  /** UTF-8 bytes of all statements. */
  readonly bytes: number
}
