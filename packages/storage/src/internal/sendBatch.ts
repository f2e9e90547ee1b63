import type { BatchResult, DataApiError, DataApiShape, Session } from '@redstore/data-api'
import type { BatchPlan } from '@redstore/sql'
import { Effect } from 'effect'

/** Statements of one BatchExecuteStatement call. */
const MAX_STATEMENTS_PER_CALL = 40

/** What sending a batch cost. */
export interface SentBatch {
  readonly statements: number
  readonly sqlBytes: number
  readonly results: ReadonlyArray<BatchResult>
}

const utf8 = (sql: string): number => Buffer.byteLength(sql, 'utf8')

/**
 * Sends a batch planned with temp tables as ONE BatchExecuteStatement in TRANSACTION mode:
 * it lands whole or not at all. In a session, the plan ends with the DROP of its temp tables.
 */
export const sendWhole = (
  api: DataApiShape,
  plan: BatchPlan,
  session: Session | undefined,
  name: string,
): Effect.Effect<SentBatch, DataApiError> =>
  Effect.map(
    session === undefined
      ? api.batch(plan.sqls, { mode: 'TRANSACTION', statementName: name })
      : session.batch(plan.sqls, { mode: 'TRANSACTION', statementName: name }),
    (result) => ({ statements: plan.sqls.length, sqlBytes: plan.bytes, results: [result] }),
  )

/** `items` cut into `parts` runs of nearly equal length, in order, none longer than `max`. */
export const splitEvenly = <A>(
  items: ReadonlyArray<A>,
  parts: number,
  max: number,
): ReadonlyArray<ReadonlyArray<A>> => {
  const count = Math.max(Math.min(parts, items.length), Math.ceil(items.length / max))
  const runs: Array<ReadonlyArray<A>> = []
  let start = 0
  for (let i = 0; i < count; i++) {
    const end = start + Math.ceil((items.length - start) / (count - i))
    runs.push(items.slice(start, end))
    start = end
  }
  return runs
}

/** A staging table created ahead of its batch (while the batch was being planned). */
export interface PrecreatedTable {
  readonly name: string
  /** The CREATE's call: awaited before the INSERTs go out. */
  readonly created: Effect.Effect<BatchResult, DataApiError>
}

/**
 * Sends a batch planned with permanent staging tables: the CREATEs in one call, the INSERTs
 * spread over up to `concurrency` calls at once (each its own transaction), then every MERGE
 * and the DROP in one TRANSACTION call, so the batch lands whole or not at all. On failure the
 * staging tables are dropped (best effort; a later `init()` drops what a crash left behind).
 */
export const sendStaged = (
  api: DataApiShape,
  plan: BatchPlan,
  concurrency: number,
  name: string,
  precreated?: PrecreatedTable | undefined,
): Effect.Effect<SentBatch, DataApiError> => {
  const creates = plan.groups
    .filter((g) => g.stagingTable !== precreated?.name)
    .map((g) => g.create)
  const inserts = plan.groups.flatMap((g) => g.inserts)
  const finish = [...plan.groups.map((g) => g.merge), plan.dropSql]
  const run = Effect.gen(function* () {
    const results: Array<BatchResult> = []
    const [early, rest] = yield* Effect.all(
      [
        precreated === undefined ? Effect.succeed(undefined) : precreated.created,
        creates.length === 0
          ? Effect.succeed(undefined)
          : api.batch(creates, { mode: 'TRANSACTION', statementName: `${name}:create` }),
      ],
      { concurrency: 2 },
    )
    for (const result of [early, rest]) if (result !== undefined) results.push(result)
    const staged = yield* Effect.forEach(
      splitEvenly(inserts, concurrency, MAX_STATEMENTS_PER_CALL),
      (chunk, k) => api.batch(chunk, { mode: 'TRANSACTION', statementName: `${name}:stage${k}` }),
      { concurrency },
    )
    results.push(...staged)
    results.push(yield* api.batch(finish, { mode: 'TRANSACTION', statementName: `${name}:merge` }))
    return {
      statements: plan.groups.length + inserts.length + finish.length,
      sqlBytes: plan.bytes + utf8(plan.dropSql),
      results,
    }
  })
  return run.pipe(
    Effect.onError(() =>
      api.execute(plan.dropSql, { statementName: `${name}:drop` }).pipe(
        Effect.tapError((e) => Effect.logWarning(`dropping staging tables failed: ${e.message}`)),
        Effect.ignore,
      ),
    ),
  )
}
