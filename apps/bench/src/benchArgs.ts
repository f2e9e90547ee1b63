import type { LatencyOptions } from '@redstore/emulator'
import { TaggedError } from '@redstore/errors'
import { defaultUpsertLatency } from './upsertBench.js'

/** What `pnpm bench` was asked for: benchmark names and the run's settings. */
export interface BenchArgs {
  /** Benchmarks to run, in order; empty for all. */
  readonly names: ReadonlyArray<string>
  /** The upsert benchmark's latency model. */
  readonly latency: Required<LatencyOptions>
  /** Row counts above this are skipped (sizes of 1M take minutes). */
  readonly maxRows: number
}

export const benchUsage = `usage: pnpm bench [name ...] [--api-latency-ms N] [--statement-latency-ms N] [--max-rows N]
  name                     planner, encoding, upsert, memory, faults, codegen (default: all)
  --api-latency-ms N       the emulator's delay per Data API call in the upsert benchmark (default ${defaultUpsertLatency.apiMs})
  --statement-latency-ms N the emulator's delay per statement run (default ${defaultUpsertLatency.statementMs})
  --max-rows N             skip row counts above N (default: none skipped)`

/** A command line `pnpm bench` cannot act on; the message says which argument and why. */
export class BenchUsageError extends TaggedError(
  'BenchUsageError',
  (f: { readonly problem: string }) => f.problem,
) {}

const count = (flag: string, text: string | undefined, min: number): number => {
  const n = Number(text)
  if (text === undefined || !Number.isSafeInteger(n) || n < min)
    throw new BenchUsageError({
      problem: `${flag} needs a whole number of at least ${min}, got ${JSON.stringify(text ?? '')}`,
    })
  return n
}

/**
 * Reads `pnpm bench`'s arguments: names of benchmarks (each one of `known`) and flags.
 *
 * @example
 * parseBenchArgs(['upsert', '--api-latency-ms', '50'], ['upsert']).latency.apiMs // 50
 */
export const parseBenchArgs = (
  argv: ReadonlyArray<string>,
  known: ReadonlyArray<string>,
): BenchArgs => {
  const names: Array<string> = []
  let apiMs = defaultUpsertLatency.apiMs
  let statementMs = defaultUpsertLatency.statementMs
  let maxRows = Number.MAX_SAFE_INTEGER
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') continue
    if (arg === '--api-latency-ms') apiMs = count(arg, argv[++i], 0)
    else if (arg === '--statement-latency-ms') statementMs = count(arg, argv[++i], 0)
    else if (arg === '--max-rows') maxRows = count(arg, argv[++i], 1)
    else if (arg.startsWith('-')) throw new BenchUsageError({ problem: `unknown flag ${arg}` })
    else if (!known.includes(arg))
      throw new BenchUsageError({
        problem: `unknown benchmark ${arg}; choose from ${known.join(', ')}`,
      })
    else names.push(arg)
  }
  return { names, latency: { apiMs, statementMs }, maxRows }
}
