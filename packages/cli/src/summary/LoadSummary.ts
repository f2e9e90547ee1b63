/**
 * What one `redstore load` did: the input, the table, the storage's counts and the time.
 *
 * @example
 * ```ts
 * const summary: LoadSummary = {
 *   file: 'orders.ndjson', table: 'shop.orders', method: 'insert', rowsRead: 10_001, badLines: 1,
 *   rowsWritten: 9_998, duplicateKeysCollapsed: 2, batches: 3, statements: 65, apiCalls: 12,
 *   retries: 0, bytesRead: 2_600_000, checkMs: 300, loadMs: 3_900,
 * }
 * ```
 */
export interface LoadSummary {
  /** The input's name (`stdin` for stdin). */
  readonly file: string
  /** `schema.table`. */
  readonly table: string
  /** How rows were sent (`auto` resolved). */
  readonly method: 'insert' | 'copy'
  /** Rows of the input, bad lines included (blank lines and a CSV header are not rows). */
  readonly rowsRead: number
  /** Bad lines skipped (at most `--max-bad-lines`). */
  readonly badLines: number
  /** Rows written (upserted), after duplicate keys collapsed. */
  readonly rowsWritten: number
  /** Input rows folded into a later row with the same key. */
  readonly duplicateKeysCollapsed: number
  /** Batches (INSERT path) or COPY loads, each landed whole in its own transaction. */
  readonly batches: number
  /** SQL statements sent. */
  readonly statements: number
  /** Data API requests, retries included. */
  readonly apiCalls: number
  readonly retries: number
  /** Bytes of the input read by the load (compressed bytes of a `.gz` file). */
  readonly bytesRead: number
  /** The check pass's wall time; 0 with `--single-pass`. */
  readonly checkMs: number
  /** The load pass's wall time (reading, sending, waiting). */
  readonly loadMs: number
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/**
 * The summary line printed when a load ends: rows read, written, duplicate keys collapsed and
 * bad lines skipped; batches, statements, API calls and retries; the method; seconds and MB/s
 * (input bytes over the whole time, check included).
 *
 * @example
 * ```ts
 * formatLoadSummary(summary)
 * // 'loaded orders.ndjson into shop.orders: 10,001 rows read, 9,998 written, 2 duplicate keys collapsed, 1 bad line skipped; 3 batches, 65 statements, 12 API calls, 0 retries; method insert; 4.2 s (check 0.3 s), 0.6 MB/s'
 * ```
 */
export const formatLoadSummary = (summary: LoadSummary): string => {
  const totalMs = summary.checkMs + summary.loadMs
  const rate = totalMs > 0 ? summary.bytesRead / 1e6 / (totalMs / 1000) : 0
  const time =
    summary.checkMs > 0
      ? `${seconds(totalMs)} (check ${seconds(summary.checkMs)})`
      : seconds(summary.loadMs)
  return (
    `loaded ${summary.file} into ${summary.table}: ` +
    `${plural(summary.rowsRead, 'row')} read, ${summary.rowsWritten.toLocaleString('en-US')} written, ` +
    `${plural(summary.duplicateKeysCollapsed, 'duplicate key')} collapsed, ` +
    `${plural(summary.badLines, 'bad line')} skipped; ` +
    `${plural(summary.batches, 'batch', 'batches')}, ${plural(summary.statements, 'statement')}, ` +
    `${plural(summary.apiCalls, 'API call')}, ${plural(summary.retries, 'retry', 'retries')}; ` +
    `method ${summary.method}; ${time}, ${rate.toFixed(1)} MB/s`
  )
}

/**
 * The summary as one JSON object (`--json`): times in whole milliseconds and in seconds, MB/s to
 * three decimals.
 *
 * @example
 * ```ts
 * JSON.parse(loadSummaryJson(summary)).rowsWritten // 9998
 * ```
 */
export const loadSummaryJson = (summary: LoadSummary): string => {
  const totalMs = summary.checkMs + summary.loadMs
  const round = (n: number, digits: number) => Number(n.toFixed(digits))
  return JSON.stringify({
    ...summary,
    checkMs: Math.round(summary.checkMs),
    loadMs: Math.round(summary.loadMs),
    seconds: round(totalMs / 1000, 3),
    megabytesPerSecond: round(totalMs > 0 ? summary.bytesRead / 1e6 / (totalMs / 1000) : 0, 3),
  })
}
