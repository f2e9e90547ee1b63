/**
 * Where a pass over the input stands, as the progress line shows it.
 *
 * @example
 * ```ts
 * const state: ProgressState = { phase: 'load', file: 'data.ndjson', rows: 120000, rowsLanded: 98000, badLines: 0, bytes: 52e6, totalBytes: 108e6, elapsedMs: 9500 }
 * ```
 */
export interface ProgressState {
  /** `check`: rows are read and checked, nothing is sent; `load`: rows are read and saved. */
  readonly phase: 'check' | 'load'
  /** The input's name (`stdin` for stdin). */
  readonly file: string
  /** Rows read in this pass (bad lines not counted). */
  readonly rows: number
  /** Rows whose batch landed (load only). */
  readonly rowsLanded?: number | undefined
  readonly badLines: number
  /** Bytes of the input read in this pass (compressed bytes of a `.gz` file). */
  readonly bytes: number
  /** The input's size, when known (a file, stdin redirected from a file): the ETA needs it. */
  readonly totalBytes: number | undefined
  /** Since the pass began. */
  readonly elapsedMs: number
}

const thousands = (n: number): string => Math.round(n).toLocaleString('en-US')

/**
 * Bytes as MB (10^6 bytes) with one decimal, or kB below 1 MB.
 *
 * @example
 * ```ts
 * formatBytes(52_100_000) // '52.1 MB'
 * ```
 */
export const formatBytes = (bytes: number): string =>
  bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`

/**
 * A duration as `m:ss`, or `h:mm:ss` from an hour on.
 *
 * @example
 * ```ts
 * formatClock(65_000) // '1:05'
 * ```
 */
export const formatClock = (ms: number): string => {
  const total = Math.max(0, Math.round(ms / 1000))
  const s = total % 60
  const m = Math.floor(total / 60) % 60
  const h = Math.floor(total / 3600)
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/**
 * The time left, from the bytes read so far and the input's size; `undefined` when it cannot
 * be told yet (unknown size, nothing read, less than a second in).
 *
 * @example
 * ```ts
 * estimateRemainingMs({ bytes: 25, totalBytes: 100, elapsedMs: 10_000 }) // 30000
 * ```
 */
export const estimateRemainingMs = (
  state: Pick<ProgressState, 'bytes' | 'totalBytes' | 'elapsedMs'>,
): number | undefined => {
  if (state.totalBytes === undefined || state.bytes <= 0 || state.elapsedMs < 1000) return undefined
  const left = Math.max(0, state.totalBytes - state.bytes)
  return (state.elapsedMs * left) / state.bytes
}

const BAR_WIDTH = 20

const bar = (fraction: number): string => {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH)
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`
}

/**
 * The progress line of a pass: phase, input, a bar and percentage (when the size is known),
 * rows (and rows landed), bad lines, bytes, rows per second and ETA, cut to `columns - 1`
 * characters so that the terminal never wraps it (when space is short the bar goes first,
 * then the start of a long path).
 * Pure: the reporter redraws it in place.
 *
 * @example
 * ```ts
 * renderProgressLine({ phase: 'load', file: 'data.ndjson', rows: 120000, rowsLanded: 98000, badLines: 0, bytes: 54e6, totalBytes: 108e6, elapsedMs: 10_000 }, 120)
 * // 'loading data.ndjson [##########..........]  50%  120,000 rows (98,000 landed)  54.0/108.0 MB  12,000 rows/s  ETA 0:10'
 * ```
 */
export const renderProgressLine = (state: ProgressState, columns = 80): string => {
  const verb = state.phase === 'check' ? 'checking' : 'loading'
  const known = state.totalBytes !== undefined && state.totalBytes > 0
  const fraction = known ? state.bytes / (state.totalBytes as number) : 0
  const percent = known ? `${String(Math.min(100, Math.floor(fraction * 100))).padStart(3)}%` : ''
  const rows =
    `${thousands(state.rows)} ${state.rows === 1 ? 'row' : 'rows'}` +
    (state.rowsLanded === undefined ? '' : ` (${thousands(state.rowsLanded)} landed)`)
  const bad = state.badLines > 0 ? `${thousands(state.badLines)} bad` : ''
  const total = state.totalBytes as number
  // Both in the total's unit: 0.3/9.2 MB, 12.0/97.8 kB.
  const bytes = known
    ? `${(state.bytes / (total < 1e6 ? 1e3 : 1e6)).toFixed(1)}/${formatBytes(total)}`
    : formatBytes(state.bytes)
  const seconds = state.elapsedMs / 1000
  const rate = seconds > 0 ? `${thousands(state.rows / seconds)} rows/s` : '- rows/s'
  const remaining = estimateRemainingMs(state)
  const eta = `ETA ${remaining === undefined ? '?' : formatClock(remaining)}`
  const parts = (withBar: boolean, file = state.file) =>
    [
      `${verb} ${file}`,
      withBar && known ? `${bar(fraction)} ${percent}` : percent,
      rows,
      bad,
      bytes,
      rate,
      eta,
    ]
      .filter((p) => p !== '')
      .join('  ')
  const limit = Math.max(10, columns - 1)
  const full = parts(true)
  if (full.length <= limit) return full
  const short = parts(false)
  if (short.length <= limit) return short
  // A long path gives way first (its end names the file), then the line's end.
  const keep = state.file.length - (short.length - limit) - 3
  const shortened = keep >= 8 ? parts(false, `...${state.file.slice(-keep)}`) : short
  return shortened.length <= limit ? shortened : `${shortened.slice(0, limit - 3)}...`
}
