import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data'
import { TaggedError } from '@redstore/errors'
import {
  createTable,
  dropTable,
  encodeRow,
  insertRows,
  normalizeTableModel,
  quoteIdent,
  quoteQualifiedName,
  type TableModel,
} from '@redstore/sql'
import { BenchCheckError } from './BenchCheckError.js'
import type { BenchTarget } from './benchServices.js'

/** What one saveData of the replaced connector's algorithm sent and how long it took. */
export interface ReplacedConnectorRun {
  readonly seconds: number
  readonly statements: number
  readonly inserts: number
  readonly largestStatementBytes: number
  /** UTF-8 bytes of every statement sent. */
  readonly sqlBytes: number
  readonly apiCallsByOperation: Readonly<Record<string, number>>
  /** Why saveData failed (it does not throw, so that its cost up to the failure is kept); null when it succeeded. */
  readonly failure: string | null
}

export interface ReplacedConnectorOptions {
  /** Rows per INSERT (its MaxBufferSize). Default 250. */
  readonly rowsPerInsert?: number
  /** Fixed sleep before every DescribeStatement. Default 1000 ms, as the connector does. */
  readonly pollDelayMs?: number
  /** Polls before giving up. Default 300, as the connector does. */
  readonly maxPolls?: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Thrown when a statement of the modelled connector does not finish. */
export class ReplacedConnectorStatementError extends TaggedError(
  'ReplacedConnectorStatementError',
  (f: { readonly statement: string; readonly status: string; readonly detail: string }) =>
    `replaced-connector model: statement ${f.statement.slice(0, 60)}... ended ${f.status}: ${f.detail}; check the emulator's log and the statement text`,
) {}

const mergeStatement = (target: TableModel, temp: TableModel): string => {
  const into = quoteQualifiedName(target.schema, target.name)
  const from = quoteQualifiedName(temp.schema, temp.name)
  const source = (column: string) => `${from}.${quoteIdent(column)}`
  const names = target.columns.map((c) => c.name)
  const on = target.keys.map((k) => `${into}.${quoteIdent(k)} = ${source(k)}`).join(' AND ')
  const set = names
    .filter((n) => !target.keys.includes(n))
    .map((n) => `${quoteIdent(n)} = ${source(n)}`)
  return [
    `MERGE INTO ${into} USING ${from} ON ${on}`,
    `WHEN MATCHED THEN UPDATE SET ${set.join(', ')}`,
    `WHEN NOT MATCHED THEN INSERT (${names.map(quoteIdent).join(', ')}) VALUES (${names.map(source).join(', ')})`,
  ].join('\n')
}

/**
 * The saveData algorithm of the connector redstore replaces, run for real: a PERMANENT scratch
 * table, one INSERT per 250 rows, one MERGE, a DROP; every statement its own autocommitted
 * ExecuteStatement, followed by DescribeStatement polls each after a fixed 1 s sleep. Values are
 * encoded correctly by @redstore/sql (the connector's own escaping is broken), so only the
 * algorithm's shape and cost are modelled, not its defects. Steady state (the target table
 * exists): 3 + ceil(N/250) statements. Rows whose 250-row INSERT exceeds the Data API's 100 KB
 * fail as the connector does; the failure is returned, not thrown.
 *
 * @example
 * ```ts
 * const run = await saveWithReplacedConnector(emulator, model, rows)
 * console.log(run.statements, run.apiCallsByOperation)
 * ```
 */
export const saveWithReplacedConnector = async (
  emulator: BenchTarget,
  target: TableModel,
  rows: Iterable<object>,
  options: ReplacedConnectorOptions = {},
): Promise<ReplacedConnectorRun> => {
  const rowsPerInsert = options.rowsPerInsert ?? 250
  const pollDelayMs = options.pollDelayMs ?? 1000
  const maxPolls = options.maxPolls ?? 300
  const client = new RedshiftDataClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
  })
  const connection = {
    WorkgroupName: emulator.workgroup,
    Database: emulator.database,
  }
  const calls: Record<string, number> = {}
  const count = (operation: string) => {
    calls[operation] = (calls[operation] ?? 0) + 1
  }
  let statements = 0
  let inserts = 0
  let largest = 0
  let sqlBytes = 0
  const run = async (sql: string): Promise<void> => {
    statements++
    const bytes = Buffer.byteLength(sql, 'utf8')
    sqlBytes += bytes
    largest = Math.max(largest, bytes)
    count('ExecuteStatement')
    const { Id } = await client.send(new ExecuteStatementCommand({ ...connection, Sql: sql }))
    for (let poll = 0; poll < maxPolls; poll++) {
      await sleep(pollDelayMs)
      count('DescribeStatement')
      const described = await client.send(new DescribeStatementCommand({ Id }))
      if (described.Status === 'FINISHED') return
      if (described.Status === 'FAILED' || described.Status === 'ABORTED') {
        throw new ReplacedConnectorStatementError({
          statement: sql,
          status: described.Status,
          detail: described.Error ?? '',
        })
      }
    }
    throw new ReplacedConnectorStatementError({
      statement: sql,
      status: 'still running',
      detail: `after ${maxPolls} polls`,
    })
  }
  const temp = normalizeTableModel({
    schema: target.schema,
    name: `temp_${target.name}_${Date.now()}`,
    keys: [...target.keys],
    columns: target.columns,
  })
  const names = target.columns.map((c) => c.name)
  const start = performance.now()
  let failure: string | null = null
  try {
    await run(createTable(temp))
    let chunk: Array<ReadonlyArray<string>> = []
    let rowIndex = 0
    const flush = async () => {
      if (chunk.length === 0) return
      inserts++
      await run(insertRows(temp, names, chunk))
      chunk = []
    }
    for (const row of rows) {
      // The connector writes every column of data[0] for every row: the generated rows carry all.
      const encoded = encodeRow(target, row, rowIndex++)
      if (encoded.columns.length !== names.length) {
        throw new BenchCheckError(
          'end-to-end',
          `row ${encoded.rowIndex} carries ${encoded.columns.length} of ${names.length} columns`,
          'the replaced-connector model writes every column of every row: generate full rows',
        )
      }
      chunk.push(encoded.values)
      if (chunk.length === rowsPerInsert) await flush()
    }
    await flush()
    await run(mergeStatement(target, temp))
  } catch (error) {
    failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  } finally {
    // The connector drops its scratch table in a finally block and only logs a failed drop.
    await run(dropTable(temp)).catch(() => undefined)
    client.destroy()
  }
  return {
    seconds: (performance.now() - start) / 1000,
    statements,
    inserts,
    largestStatementBytes: largest,
    sqlBytes,
    apiCallsByOperation: calls,
    failure,
  }
}
