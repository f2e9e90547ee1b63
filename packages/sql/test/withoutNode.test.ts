import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as native from '../src/index.js'
import { hostileString } from './arbitraries.js'
import { captureError } from './captureError.js'

type Sql = typeof native
type Utf8 = typeof import('../src/internal/utf8.js')

/**
 * The package loaded again as a runtime without `Buffer` and without
 * `String.prototype.isWellFormed` would load it: its counters are the pure fallbacks.
 */
let pure: Sql
let pureUtf8: Utf8

beforeAll(async () => {
  const isWellFormed = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed')
  vi.resetModules()
  vi.stubGlobal('Buffer', undefined)
  Reflect.deleteProperty(String.prototype, 'isWellFormed')
  try {
    pureUtf8 = await import('../src/internal/utf8.js')
    pure = await import('../src/index.js')
  } finally {
    vi.unstubAllGlobals()
    if (isWellFormed !== undefined)
      Object.defineProperty(String.prototype, 'isWellFormed', isWellFormed)
  }
})

afterAll(() => {
  vi.resetModules()
})

const model = native.normalizeTableModel({
  schema: 'public',
  name: 'notes',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'INTEGER' },
    { name: 'title', type: 'VARCHAR(400)' },
    { name: 'body', type: 'VARCHAR(65535)' },
    { name: 'meta', type: 'SUPER' },
  ],
})

const text = fc.oneof(
  { weight: 4, arbitrary: hostileString({ maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'é', '日', '😀', "'", '\\'), fc.integer({ min: 50, max: 3000 }))
      .map(([c, n]) => c.repeat(n)),
  },
)

const row = fc
  .record(
    {
      id: fc.integer({ min: 0, max: 40 }),
      title: fc.oneof(
        { weight: 9, arbitrary: hostileString({ maxLength: 20 }) },
        { weight: 1, arbitrary: fc.constantFrom('\ud800', 'a\udc00b') },
      ),
      body: text,
      meta: fc.dictionary(hostileString({ maxLength: 3 }), text, { maxKeys: 3 }),
    },
    { requiredKeys: ['id'] },
  )
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)))

const options = fc.record({
  maxStatementBytes: fc.integer({ min: 1024, max: 20000 }),
  maxRowsPerInsert: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  maxStatementsPerBatch: fc.integer({ min: 3, max: 12 }),
  tempTablePrefix: fc.constant('stage'),
})

/** Every batch, or the error the planner stops with, as plain data. */
const planOf = (sql: Sql, rows: ReadonlyArray<unknown>, opts: native.PlanUpsertOptions) => {
  const batches: Array<native.BatchPlan> = []
  try {
    for (const batch of sql.planUpsert(model, rows, opts)) batches.push(batch)
    return { batches }
  } catch (error) {
    return { batches, error: { ...(error as object), message: (error as Error).message } }
  }
}

describe('the package without Buffer and isWellFormed', () => {
  it('loads the pure counters', () => {
    expect(pureUtf8.utf8ByteLength).toBe(pureUtf8.utf8ByteLengthPure)
    expect(pureUtf8.loneSurrogateIndex).toBe(pureUtf8.loneSurrogateIndexPure)
  })

  it('plans exactly what it plans with the native counters, errors included', () => {
    let planned = 0
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), options, (rows, opts) => {
        const expected = planOf(native, rows, opts)
        if (expected.error === undefined) planned++
        expect(planOf(pure, rows, opts)).toEqual(expected)
      }),
      { numRuns: 150 },
    )
    expect(planned).toBeGreaterThan(10)
  })

  it('rejects the same lone surrogate, at the same index', () => {
    const column = { name: 'c', type: native.parseRedshiftType('VARCHAR(10)'), nullable: true }
    for (const sql of [native, pure]) {
      const error = captureError(() => sql.encodeValue('ok\udc00', column, 2))
      expect(error).toMatchObject({ _tag: 'ValueEncodingError', rowIndex: 2 })
      expect((error as { reason: string }).reason).toMatch(/surrogate at index 2/)
    }
  })
})
