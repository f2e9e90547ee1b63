import { describe, expect, it } from 'vitest'
import { BenchUsageError, parseBenchArgs } from '../src/benchArgs.js'
import { defaultUpsertLatency } from '../src/upsertBench.js'

const known = ['planner', 'upsert']

describe('parseBenchArgs', () => {
  it('takes names and flags in any order, and defaults the rest', () => {
    const args = parseBenchArgs(
      ['--', 'upsert', '--api-latency-ms', '50', '--max-rows', '5000'],
      known,
    )
    expect(args).toEqual({
      names: ['upsert'],
      latency: { apiMs: 50, statementMs: defaultUpsertLatency.statementMs },
      maxRows: 5000,
    })
    expect(parseBenchArgs([], known)).toEqual({
      names: [],
      latency: defaultUpsertLatency,
      maxRows: Number.MAX_SAFE_INTEGER,
    })
  })

  it.each([
    [['nope'], 'unknown benchmark nope; choose from planner, upsert'],
    [['--fast'], 'unknown flag --fast'],
    [
      ['--statement-latency-ms'],
      '--statement-latency-ms needs a whole number of at least 0, got ""',
    ],
    [['--max-rows', '0'], '--max-rows needs a whole number of at least 1, got "0"'],
    [['--api-latency-ms', '1.5'], '--api-latency-ms needs a whole number of at least 0, got "1.5"'],
  ])('refuses %j', (argv, message) => {
    let caught: unknown
    try {
      parseBenchArgs(argv, known)
    } catch (error) {
      caught = error
    }
    expect(BenchUsageError.is(caught)).toBe(true)
    expect((caught as Error).message).toBe(message)
  })
})
