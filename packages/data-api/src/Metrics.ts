/**
 * What a client did: Effect metrics (global, by operation) and a per-client tally callers
 * read with `DataApi.stats`, e.g. to report API calls and retries of one job.
 */
import { Effect, Metric } from 'effect'

/** Counter of Data API requests sent, with attribute `operation`. */
export const apiCallsTotal = Metric.counter('redstore_data_api_calls_total', {
  description: 'Redshift Data API requests sent',
  incremental: true,
})

/** Counter of retries (of a request, or of a whole statement or batch), with attribute `operation`. */
export const retriesTotal = Metric.counter('redstore_data_api_retries_total', {
  description: 'Redshift Data API retries',
  incremental: true,
})

/** A snapshot of one client's tally. */
export interface DataApiStats {
  /** Requests sent, retries included. */
  readonly apiCalls: number
  /** Requests repeated after a transient failure, plus statements or batches resubmitted. */
  readonly retries: number
  /** Requests sent per operation. */
  readonly apiCallsByOperation: Readonly<Record<string, number>>
  /** Statements and batches that finished. */
  readonly statementsFinished: number
  /** Statements and batches that ended in an error. */
  readonly statementsFailed: number
}

/** A mutable tally behind `DataApiStats`. */
export interface StatsTally {
  readonly recordCall: (operation: string) => Effect.Effect<void>
  readonly recordRetry: (operation: string) => Effect.Effect<void>
  readonly recordOutcome: (ok: boolean) => Effect.Effect<void>
  readonly snapshot: Effect.Effect<DataApiStats>
}

/**
 * A fresh tally; counts also go to the global metrics.
 *
 * @example
 * ```ts
 * const tally = makeStatsTally()
 * yield* tally.recordCall('ExecuteStatement')
 * ```
 */
export const makeStatsTally = (): StatsTally => {
  let apiCalls = 0
  let retries = 0
  let finished = 0
  let failed = 0
  const byOperation: Record<string, number> = {}
  return {
    recordCall: (operation) =>
      Effect.suspend(() => {
        apiCalls++
        byOperation[operation] = (byOperation[operation] ?? 0) + 1
        return Metric.update(Metric.withAttributes(apiCallsTotal, { operation }), 1)
      }),
    recordRetry: (operation) =>
      Effect.suspend(() => {
        retries++
        return Metric.update(Metric.withAttributes(retriesTotal, { operation }), 1)
      }),
    recordOutcome: (ok) =>
      Effect.sync(() => {
        if (ok) finished++
        else failed++
      }),
    snapshot: Effect.sync(() => ({
      apiCalls,
      retries,
      apiCallsByOperation: { ...byOperation },
      statementsFinished: finished,
      statementsFailed: failed,
    })),
  }
}
