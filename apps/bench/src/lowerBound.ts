import {
  DATA_API_MAX_STATEMENT_BYTES,
  MAX_STATEMENTS_PER_BATCH,
  planUpsert,
  type TableModel,
} from '@redstore/sql'

/** The fewest statements the Data API's limits allow for one upsert, and what it is made of. */
export interface StatementLowerBound {
  /** UTF-8 bytes of every INSERT that stages the rows (duplicate keys collapsed). */
  readonly insertBytes: number
  /** INSERTs, if every one were filled to the 100 KB statement limit. */
  readonly inserts: number
  /** Those INSERTs plus one CREATE and one MERGE per batch of 40 statements. */
  readonly statements: number
}

/**
 * The Data API's lower bound for upserting `rows`: their INSERT text (as redstore plans it,
 * duplicate keys collapsed) cut into statements of exactly 100 KB, with the CREATE of a staging
 * table and a MERGE for every 38 of them, since a BatchExecuteStatement holds 40 statements.
 *
 * @example
 * ```ts
 * statementLowerBound(model, rows).statements // 19 for 5,000 rows of 330 bytes
 * ```
 */
export const statementLowerBound = (
  model: TableModel,
  rows: Iterable<unknown>,
): StatementLowerBound => {
  let insertBytes = 0
  for (const batch of planUpsert(model, rows, {
    maxStatementBytes: DATA_API_MAX_STATEMENT_BYTES,
  })) {
    for (const group of batch.groups) {
      for (const insert of group.inserts) insertBytes += Buffer.byteLength(insert, 'utf8')
    }
  }
  const inserts = Math.ceil(insertBytes / DATA_API_MAX_STATEMENT_BYTES)
  const batches = Math.ceil(inserts / (MAX_STATEMENTS_PER_BATCH - 2))
  return { insertBytes, inserts, statements: inserts + 2 * batches }
}
