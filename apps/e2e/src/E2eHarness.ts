import {
  createDataApiClient,
  type DataApiClient,
  type DataApiOptions,
  type DataApiStats,
  isDataApiError,
  staticKeys,
} from '@redstore/data-api'
import { type Emulator, type EmulatorOptions, startEmulator } from '@redstore/emulator'
import {
  createSchema,
  createTable,
  type PlanUpsertOptions,
  quoteIdent,
  quoteLiteral,
  type TableModel,
} from '@redstore/sql'
import { RedshiftStorage, type SaveSummary } from '@redstore/storage'

/**
 * One emulator (PGlite in memory, on 127.0.0.1) and one Data API client pointed at it through
 * the real AWS SDK. Start one per test file: PGlite takes seconds and hundreds of MB to start.
 *
 * @example
 * ```ts
 * const harness = await startHarness()
 * await harness.create(model)
 * await harness.upsert(model, rows)
 * const stored = await harness.readTable(model)
 * await harness.close()
 * ```
 */
export interface E2eHarness {
  readonly emulator: Emulator
  readonly client: DataApiClient
  /** A name no earlier call returned, for a fresh schema or table per property run. */
  readonly freshName: (prefix: string) => string
  /** Creates the model's schema and table in one transaction. */
  readonly create: (model: TableModel) => Promise<void>
  /**
   * Saves rows with a `RedshiftStorage` of the model (temp-table batches, one
   * BatchExecuteStatement each, in order), with the planner limits given; returns its summary.
   */
  readonly upsert: (
    model: TableModel,
    rows: Iterable<unknown> | AsyncIterable<unknown>,
    options?: PlanUpsertOptions,
  ) => Promise<SaveSummary>
  /** Every row of the model's table, ordered by its key columns. */
  readonly readTable: (
    model: TableModel,
    select?: (column: string) => string,
  ) => Promise<Array<Record<string, unknown>>>
  /** Runs one statement and returns the database's error text, or `undefined` if it succeeded. */
  readonly statementError: (sql: string) => Promise<string | undefined>
  /** What the harness's client and every storage it made sent, together. */
  readonly stats: () => Promise<DataApiStats>
  readonly close: () => Promise<void>
}

/**
 * Options of `startHarness`: the emulator's (faults, latency, limits) and the client's
 * (retry and poll schedules).
 *
 * @example
 * ```ts
 * const options: HarnessOptions = { emulator: { faults: { rules: [{ kind: 'throttling', rate: 0.1 }] } } }
 * ```
 */
export interface HarnessOptions {
  readonly emulator?: EmulatorOptions
  readonly client?: DataApiOptions
}

/**
 * Starts the emulator and a client for it.
 *
 * @example
 * ```ts
 * const harness = await startHarness()
 * const [row] = await harness.client.query("SELECT 'x' AS v")
 * ```
 */
export const startHarness = async (options_: HarnessOptions = {}): Promise<E2eHarness> => {
  const emulator = await startEmulator(options_.emulator)
  const connection = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    workgroupName: emulator.config.workgroups[0] ?? 'default',
    database: emulator.config.databases[0] ?? 'dev',
    credentials: staticKeys(emulator.credentials),
  }
  const client = createDataApiClient({ ...options_.client, ...connection })
  let counter = 0
  const freshName = (prefix: string): string => `${prefix}_${counter++}`

  const create = async (model: TableModel): Promise<void> => {
    await client.batch([createSchema(model.schema), createTable(model)], { mode: 'TRANSACTION' })
  }

  // What the storages made by `upsert` sent, added to the client's own stats.
  const saved = { apiCalls: 0, retries: 0, finished: 0, failed: 0 }
  const byOperation: Record<string, number> = {}

  const upsert = async (
    model: TableModel,
    rows: Iterable<unknown> | AsyncIterable<unknown>,
    options: PlanUpsertOptions = {},
  ): Promise<SaveSummary> => {
    const storage = new RedshiftStorage({
      table: model,
      connection: { ...options_.client, ...connection },
      concurrency: 1,
      maxStatementBytes: options.maxStatementBytes,
      maxRowsPerInsert: options.maxRowsPerInsert,
      maxStatementsPerBatch: options.maxStatementsPerBatch,
    })
    try {
      return await storage.saveData(rows as Iterable<Record<string, unknown>>)
    } finally {
      const stats = await storage.stats()
      saved.apiCalls += stats.apiCalls
      saved.retries += stats.retries
      saved.finished += stats.statementsFinished
      saved.failed += stats.statementsFailed
      for (const [operation, n] of Object.entries(stats.apiCallsByOperation)) {
        byOperation[operation] = (byOperation[operation] ?? 0) + n
      }
      await storage.close()
    }
  }

  const stats = async (): Promise<DataApiStats> => {
    const own = await client.stats()
    const operations = { ...own.apiCallsByOperation }
    for (const [operation, n] of Object.entries(byOperation)) {
      operations[operation] = (operations[operation] ?? 0) + n
    }
    return {
      apiCalls: own.apiCalls + saved.apiCalls,
      retries: own.retries + saved.retries,
      apiCallsByOperation: operations,
      statementsFinished: own.statementsFinished + saved.finished,
      statementsFailed: own.statementsFailed + saved.failed,
    }
  }

  const readTable = async (
    model: TableModel,
    select: (column: string) => string = quoteIdent,
  ): Promise<Array<Record<string, unknown>>> => {
    const columns = model.columns.map((c) => `${select(c.name)} AS ${quoteIdent(c.name)}`)
    const order = model.keys.map(quoteIdent).join(', ')
    return client.query(
      `SELECT ${columns.join(', ')} FROM ${quoteIdent(model.schema)}.${quoteIdent(model.name)}` +
        (order === '' ? '' : ` ORDER BY ${order}`),
    )
  }

  const statementError = async (sql: string): Promise<string | undefined> => {
    try {
      await client.execute(sql)
      return undefined
    } catch (error) {
      if (isDataApiError(error) && error.reason._tag === 'StatementFailed') {
        return error.reason.databaseMessage
      }
      throw error
    }
  }

  return {
    emulator,
    client,
    freshName,
    create,
    upsert,
    readTable,
    statementError,
    stats,
    close: async () => {
      await client.close()
      await emulator.stop()
    },
  }
}

/**
 * SQL that lists a table's columns as `information_schema.columns` names them, in order.
 *
 * @example
 * ```ts
 * const rows = await harness.client.query(informationSchemaColumns(model))
 * rows.map((r) => r.column_name)
 * ```
 */
export const informationSchemaColumns = (table: {
  readonly schema: string
  readonly name: string
}): string =>
  `SELECT column_name FROM information_schema.columns WHERE table_schema = ${quoteLiteral(table.schema)} AND table_name = ${quoteLiteral(table.name)} ORDER BY ordinal_position`
