import type { DataApiClient } from '@redstore/data-api'
import { type Emulator, type LatencyOptions, startEmulator } from '@redstore/emulator'
import { createSchema, createTable, planUpsert, type TableModel } from '@redstore/sql'
import { type BenchReport, formatTable, machine, round } from './BenchReport.js'
import { benchClient, callsBetween, perThousandRows, totalCalls } from './benchClient.js'
import { benchTable } from './benchTable.js'
import { generateRows } from './generateRows.js'
import { saveWithReplacedConnector } from './replacedConnector.js'

/** One upsert of N rows into a fresh table, by redstore or by the replaced connector's algorithm. */
export interface EndToEndCase {
  readonly algorithm: 'redstore' | 'replaced-connector'
  readonly latency: Required<LatencyOptions>
  readonly rows: number
  /** Longest generated description, bytes: 100 fits 250 rows in 100 KB, 600 (the planner's) does not. */
  readonly descriptionBytes: number
  /** Planning plus sending, the wall time of the upsert. */
  readonly seconds: number
  /** The part of `seconds` spent in `planUpsert` (encoding rows into SQL); null for the replaced model. */
  readonly planSeconds: number | null
  readonly rowsPerSecond: number
  readonly batches: number
  readonly statements: number
  readonly largestStatementBytes: number
  readonly apiCalls: number
  readonly apiCallsByOperation: Readonly<Record<string, number>>
  readonly apiCallsPer1kRows: Readonly<Record<string, number>>
  readonly retries: number
  /** `count(*)` of the table afterwards, read back to check the upsert landed whole. */
  readonly rowsInTable: number
  /** Why the upsert failed; null when it succeeded. */
  readonly failure: string | null
}

export interface EndToEndOptions {
  /** Row counts redstore upserts. */
  readonly sizes: ReadonlyArray<number>
  /** Row counts the replaced connector's algorithm upserts (it costs >= 1 s per statement). */
  readonly replacedSizes: ReadonlyArray<number>
  /** Latency settings; redstore runs under each, the replaced algorithm under the last only. */
  readonly latencies: ReadonlyArray<Required<LatencyOptions>>
  /** Longest description in bytes; small enough that 250 rows fit one 100 KB INSERT. */
  readonly descriptionBytes?: number
  /** Also upsert this many rows with 600-byte descriptions (under the last latency), both ways. */
  readonly wideRows?: number
  /** Sleep before each DescribeStatement of the replaced algorithm. Default 1000 ms. */
  readonly replacedPollDelayMs?: number
}

const countRows = async (client: DataApiClient, model: TableModel): Promise<number> => {
  const [row] = await client.query(`SELECT COUNT(*) AS n FROM "${model.schema}"."${model.name}"`)
  return Number(row?.['n'])
}

const upsertWithRedstore = async (
  emulator: Emulator,
  model: TableModel,
  rows: number,
  descriptionBytes: number,
): Promise<
  Omit<EndToEndCase, 'algorithm' | 'latency' | 'rowsInTable' | 'failure'> & {
    client: DataApiClient
  }
> => {
  const client = benchClient(emulator)
  await client.execute(createTable(model))
  const before = await client.stats()
  let batches = 0
  let statements = 0
  let largest = 0
  let planMs = 0
  let sendMs = 0
  const plans = planUpsert(model, generateRows({ count: rows, seed: rows, descriptionBytes }))
  for (;;) {
    const planned = performance.now()
    const next = plans.next()
    planMs += performance.now() - planned
    if (next.done === true) break
    const sent = performance.now()
    await client.batch(next.value.sqls, { mode: 'TRANSACTION' })
    sendMs += performance.now() - sent
    batches++
    statements += next.value.sqls.length
    // Outside both timed spans.
    for (const sql of next.value.sqls) largest = Math.max(largest, Buffer.byteLength(sql, 'utf8'))
  }
  const seconds = (planMs + sendMs) / 1000
  const after = await client.stats()
  const calls = callsBetween(before.apiCallsByOperation, after.apiCallsByOperation)
  return {
    client,
    rows,
    descriptionBytes,
    seconds: round(seconds, 3),
    planSeconds: round(planMs / 1000, 3),
    rowsPerSecond: Math.round(rows / seconds),
    batches,
    statements,
    largestStatementBytes: largest,
    apiCalls: totalCalls(calls),
    apiCallsByOperation: calls,
    apiCallsPer1kRows: perThousandRows(calls, rows),
    retries: after.retries - before.retries,
  }
}

const redstoreCase = async (
  emulator: Emulator,
  latency: Required<LatencyOptions>,
  label: string,
  rows: number,
  descriptionBytes: number,
): Promise<EndToEndCase> => {
  const model = benchTable('bench', `orders_redstore_${label}_${rows}`)
  const { client, ...run } = await upsertWithRedstore(emulator, model, rows, descriptionBytes)
  try {
    const rowsInTable = await countRows(client, model)
    return { algorithm: 'redstore', latency, ...run, rowsInTable, failure: null }
  } finally {
    await client.close()
  }
}

const replacedCase = async (
  emulator: Emulator,
  setup: DataApiClient,
  latency: Required<LatencyOptions>,
  rows: number,
  descriptionBytes: number,
  options: EndToEndOptions,
): Promise<EndToEndCase> => {
  const model = benchTable('bench', `orders_replaced_${descriptionBytes}_${rows}`)
  await setup.execute(createTable(model))
  const run = await saveWithReplacedConnector(
    emulator,
    model,
    generateRows({ count: rows, seed: rows, descriptionBytes }),
    options.replacedPollDelayMs === undefined ? {} : { pollDelayMs: options.replacedPollDelayMs },
  )
  return {
    algorithm: 'replaced-connector',
    latency,
    rows,
    descriptionBytes,
    seconds: round(run.seconds, 3),
    planSeconds: null,
    rowsPerSecond: run.failure === null ? Math.round(rows / run.seconds) : 0,
    batches: run.statements,
    statements: run.statements,
    largestStatementBytes: run.largestStatementBytes,
    apiCalls: totalCalls(run.apiCallsByOperation),
    apiCallsByOperation: run.apiCallsByOperation,
    apiCallsPer1kRows: perThousandRows(run.apiCallsByOperation, rows),
    retries: 0,
    rowsInTable: await countRows(setup, model),
    failure: run.failure,
  }
}

/**
 * Upserts generated rows through the real SDK into one emulator per latency setting, with
 * redstore (planned batches, one BatchExecuteStatement each, long-polled) and with the replaced
 * connector's algorithm (one ExecuteStatement per statement, 1 s sleep before each describe).
 *
 * @example
 * ```ts
 * const report = await runEndToEndBench({ sizes: [1000], replacedSizes: [1000],
 *   latencies: [{ apiMs: 20, statementMs: 50 }] }, console.log)
 * ```
 */
export const runEndToEndBench = async (
  options: EndToEndOptions,
  log: (line: string) => void,
  command = 'pnpm bench',
): Promise<BenchReport<EndToEndCase>> => {
  const startedAt = new Date().toISOString()
  const descriptionBytes = options.descriptionBytes ?? 100
  const cases: Array<EndToEndCase> = []
  for (const [index, latency] of options.latencies.entries()) {
    const emulator = await startEmulator({ latency })
    const setup = benchClient(emulator)
    try {
      await setup.execute(createSchema('bench'))
      // Untimed: the first upsert of a process also pays for loading and JIT-compiling code.
      await upsertWithRedstore(
        emulator,
        benchTable('bench', `warmup_${index}`),
        20,
        descriptionBytes,
      ).then(({ client }) => client.close())
      for (const rows of options.sizes) {
        cases.push(await redstoreCase(emulator, latency, String(index), rows, descriptionBytes))
      }
      if (index !== options.latencies.length - 1) continue
      for (const rows of options.replacedSizes) {
        cases.push(await replacedCase(emulator, setup, latency, rows, descriptionBytes, options))
      }
      if (options.wideRows !== undefined) {
        cases.push(await redstoreCase(emulator, latency, `wide_${index}`, options.wideRows, 600))
        cases.push(await replacedCase(emulator, setup, latency, options.wideRows, 600, options))
      }
    } finally {
      await setup.close()
      await emulator.stop()
    }
  }
  log('end-to-end: upsert through @aws-sdk/client-redshift-data into the emulator (PGlite)')
  log(
    formatTable(
      [
        'algorithm',
        'latency api/stmt ms',
        'rows',
        'text B',
        'seconds',
        'of it planning',
        'rows/s',
        'batches',
        'stmts',
        'API calls',
        'calls per 1k rows',
        'in table',
        'failure',
      ],
      cases.map((c) => [
        c.algorithm,
        `${c.latency.apiMs}/${c.latency.statementMs}`,
        c.rows,
        c.descriptionBytes,
        c.seconds,
        c.planSeconds ?? '',
        c.rowsPerSecond,
        c.batches,
        c.statements,
        c.apiCalls,
        Object.entries(c.apiCallsPer1kRows)
          .map(([op, n]) => `${op.replace('Statement', '')} ${n}`)
          .join(', '),
        c.rowsInTable,
        c.failure === null ? '' : c.failure.slice(0, 70),
      ]),
    ),
  )
  log(
    'text B: longest description in bytes. The emulator adds statementMs for every statement, each sub-statement of a batch too.',
  )
  return { name: 'end-to-end', startedAt, machine: machine(), command, cases }
}
