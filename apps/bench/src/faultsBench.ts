import {
  ListStatementsCommand,
  RedshiftDataClient,
  type StatementData,
} from '@aws-sdk/client-redshift-data'
import { type Emulator, type FaultRule, startEmulator } from '@redstore/emulator'
import { createSchema, createTable } from '@redstore/sql'
import { RedshiftStorage } from '@redstore/storage'
import { type BenchReport, formatTable, machine, round } from './BenchReport.js'
import { benchClient, callsBetween, totalCalls } from './benchClient.js'
import { connectionOf, targetOf } from './benchServices.js'
import { benchTable } from './benchTable.js'
import { compareTable, expectedTable } from './expectedTable.js'
import { type BenchRow, generateRows } from './generateRows.js'
import { type OutcomeTally, startRecordingProxy } from './RecordingProxy.js'

/** The fault schedule of the benchmark: on every operation, drawn from the seed. */
export const benchFaultRules: ReadonlyArray<FaultRule> = [
  { kind: 'throttling', rate: 0.1 },
  { kind: 'internal', rate: 0.05 },
  { kind: 'drop-connection', afterExecute: true, rate: 0.02 },
]

/** One upsert under seeded faults, and what the table and the service hold afterwards. */
export interface FaultsCase {
  readonly seed: number
  readonly rules: ReadonlyArray<FaultRule>
  /** Input rows, duplicate keys included. */
  readonly inputRows: number
  /** Distinct keys in the input: the rows the table must hold. */
  readonly expectedRows: number
  readonly batches: number
  readonly statements: number
  readonly seconds: number
  readonly apiCalls: number
  readonly apiCallsByOperation: Readonly<Record<string, number>>
  readonly retries: number
  /** What the client met during the upsert, per operation: answers, error names, `dropped`. */
  readonly answers: OutcomeTally
  /** Injected faults met during the upsert (every answer that was not 200). */
  readonly faultsMet: number
  readonly statementsFailed: number
  readonly rowsInTable: number
  /** Rows that are missing, unexpected, or differ in any column from the last write of their key. */
  readonly mismatchedRows: number
  /** Batches whose statement name the service recorded more than once (work run twice). */
  readonly batchesSubmittedTwice: number
  /** Batches the service has no FINISHED record of. */
  readonly batchesNotFinished: number
  readonly exactlyOnce: boolean
}

export interface FaultsOptions {
  /** Input rows; the last quarter repeats keys of the middle to test ordering. Default 2000. */
  readonly rows?: number
  /** One run per seed, each on its own emulator. Default [7]. */
  readonly seeds?: ReadonlyArray<number>
  readonly rules?: ReadonlyArray<FaultRule>
}

/** The input: 3/4 of the rows with new keys, then 1/4 rewriting the last third of those keys. */
const inputRows = (rows: number): Array<BenchRow> => {
  const fresh = Math.ceil((rows * 3) / 4)
  const again = rows - fresh
  return [
    ...generateRows({ count: fresh, seed: 11, firstId: 1, revision: 'first: ' }),
    ...generateRows({ count: again, seed: 12, firstId: fresh - again + 1, revision: 'again: ' }),
  ]
}

/** Every statement the service recorded with a name starting with `prefix`. */
const listNamed = async (emulator: Emulator, prefix: string): Promise<Array<StatementData>> => {
  // The SDK's own retries ride out the injected faults on this read-only check.
  const sdk = new RedshiftDataClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
    maxAttempts: 20,
  })
  const found: Array<StatementData> = []
  try {
    let nextToken: string | undefined
    do {
      const page = await sdk.send(
        new ListStatementsCommand({
          StatementName: prefix,
          MaxResults: 100,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      )
      found.push(...(page.Statements ?? []))
      nextToken = page.NextToken
    } while (nextToken !== undefined)
  } finally {
    sdk.destroy()
  }
  return found
}

/**
 * Upserts rows through RedshiftStorage into an emulator that injects seeded faults, then checks
 * that the table holds exactly the last write of every key and that the service ran each batch
 * once.
 *
 * @example
 * ```ts
 * const result = await runFaultsCase(2000, 7, benchFaultRules, console.log)
 * result.exactlyOnce // true
 * ```
 */
export const runFaultsCase = async (
  rows: number,
  seed: number,
  rules: ReadonlyArray<FaultRule>,
  log: (line: string) => void,
): Promise<FaultsCase> => {
  const emulator = await startEmulator({ faults: { seed, rules } })
  const proxy = await startRecordingProxy(emulator.endpoint)
  const client = benchClient(targetOf(emulator), proxy.endpoint)
  const model = benchTable('bench', 'orders_faults')
  const input = inputRows(rows)
  // Small batches, each one BatchExecuteStatement, so that the faults meet many of them.
  const storage = new RedshiftStorage<BenchRow>({
    table: model,
    connection: connectionOf(targetOf(emulator), proxy.endpoint),
    concurrency: 1,
    maxRowsPerInsert: 10,
    maxStatementsPerBatch: 5,
  })
  try {
    await client.execute(createSchema(model.schema))
    await client.execute(createTable(model))
    await storage.init()
    const before = await storage.stats()
    proxy.reset()
    const start = performance.now()
    const summary = await storage.saveData(input)
    const seconds = (performance.now() - start) / 1000
    const after = await storage.stats()
    const { batches, statements } = summary
    // Every call of the save is named `redstore:<table>:<saveId>:b<batch>`.
    const prefix = `redstore:${model.schema}.${model.name}:${summary.saveId}:`
    const answers = proxy.tally()
    const faultsMet = Object.values(answers)
      .flatMap((outcomes) => Object.entries(outcomes))
      .reduce((sum, [outcome, n]) => (outcome === '200' ? sum : sum + n), 0)
    const expected = expectedTable(input)
    const stored = await client.query(`SELECT * FROM "${model.schema}"."${model.name}" ORDER BY id`)
    const mismatchedRows = compareTable(expected, stored)
    const recorded = await listNamed(emulator, prefix)
    const names = new Map<string, number>()
    const finished = new Set<string>()
    for (const statement of recorded) {
      const name = statement.StatementName ?? ''
      names.set(name, (names.get(name) ?? 0) + 1)
      if (statement.Status === 'FINISHED') finished.add(name)
    }
    const batchNames = Array.from({ length: batches }, (_, i) => `${prefix}b${i}`)
    const batchesSubmittedTwice = batchNames.filter((n) => (names.get(n) ?? 0) > 1).length
    const batchesNotFinished = batchNames.filter((n) => !finished.has(n)).length
    const calls = callsBetween(before.apiCallsByOperation, after.apiCallsByOperation)
    const result: FaultsCase = {
      seed,
      rules,
      inputRows: input.length,
      expectedRows: expected.size,
      batches,
      statements,
      seconds: round(seconds, 3),
      apiCalls: totalCalls(calls),
      apiCallsByOperation: calls,
      retries: after.retries - before.retries,
      answers,
      faultsMet,
      statementsFailed: after.statementsFailed - before.statementsFailed,
      rowsInTable: stored.length,
      mismatchedRows,
      batchesSubmittedTwice,
      batchesNotFinished,
      exactlyOnce:
        mismatchedRows === 0 &&
        stored.length === expected.size &&
        batchesSubmittedTwice === 0 &&
        batchesNotFinished === 0,
    }
    log(
      `faults: ${rows} rows upserted under seeded faults (seed ${seed}: ${rules
        .map(
          (r) =>
            `${r.kind}${r.afterExecute === true ? ' after execute' : ''} ${(r.rate ?? 0) * 100}%`,
        )
        .join(', ')})`,
    )
    log(
      formatTable(
        [
          'rows',
          'keys',
          'batches',
          'seconds',
          'API calls',
          'retries',
          'faults met',
          'in table',
          'mismatched',
          'run twice',
          'exactly once',
        ],
        [
          [
            result.inputRows,
            result.expectedRows,
            result.batches,
            result.seconds,
            result.apiCalls,
            result.retries,
            result.faultsMet,
            result.rowsInTable,
            result.mismatchedRows,
            result.batchesSubmittedTwice,
            String(result.exactlyOnce),
          ],
        ],
      ),
    )
    for (const [operation, outcomes] of Object.entries(answers)) {
      const list = Object.entries(outcomes).map(([outcome, n]) => `${outcome} ${n}`)
      log(`  ${operation}: ${list.join(', ')}`)
    }
    return result
  } finally {
    await storage.close()
    await client.close()
    await proxy.stop()
    await emulator.stop()
  }
}

/**
 * Runs the faults benchmark once per seed, each on a fresh emulator, and returns the report.
 *
 * @example
 * ```ts
 * const report = await runFaultsBench({ rows: 2000, seeds: [1, 2, 7] }, console.log)
 * report.cases.every((c) => c.exactlyOnce) // true
 * ```
 */
export const runFaultsBench = async (
  options: FaultsOptions,
  log: (line: string) => void,
  command = 'pnpm bench',
): Promise<BenchReport<FaultsCase>> => {
  const startedAt = new Date().toISOString()
  const cases: Array<FaultsCase> = []
  for (const seed of options.seeds ?? [7]) {
    cases.push(
      await runFaultsCase(options.rows ?? 2000, seed, options.rules ?? benchFaultRules, log),
    )
  }
  return { name: 'faults', startedAt, machine: machine(), command, cases }
}
