import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BatchPlan,
  encodeRow,
  normalizeTableModel,
  planUpsert,
  RowTooLargeError,
} from '../src/index.js'
import { lexQuotedIdentifier, lexStringLiteral } from './redshiftLexer.js'

const model = normalizeTableModel({
  schema: 'public',
  name: 'wide',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'name', type: 'VARCHAR(65535)' },
    { name: 'note', type: 'VARCHAR(65535)' },
    { name: 'payload', type: 'SUPER' },
    { name: 'n', type: 'INTEGER' },
  ],
})

const bytes = (s: string) => new TextEncoder().encode(s).length

/** Splits `(a, 'b, c', JSON_PARSE('x')), (...)` into tuples of value texts, honoring literals. */
const parseTuples = (text: string): Array<Array<string>> => {
  const tuples: Array<Array<string>> = []
  let depth = 0
  let value = ''
  let current: Array<string> = []
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string
    if (c === "'") {
      const token = lexStringLiteral(text, i)
      value += text.slice(i, token.end)
      i = token.end
      continue
    }
    if (c === '(') {
      depth++
      if (depth > 1) value += c
    } else if (c === ')') {
      depth--
      if (depth === 0) {
        current.push(value.trim())
        tuples.push(current)
        current = []
        value = ''
      } else value += c
    } else if (c === ',' && depth === 1) {
      current.push(value.trim())
      value = ''
    } else if (depth > 0) value += c
    i++
  }
  expect(depth).toBe(0)
  return tuples
}

const parseIdentList = (text: string): Array<string> => {
  const names: Array<string> = []
  let i = 0
  while (i < text.length && text[i] !== ')') {
    if (text[i] === '"') {
      const token = lexQuotedIdentifier(text, i)
      names.push(token.value)
      i = token.end
    } else i++
  }
  return names
}

type State = Map<string, Record<string, string>>

/** Runs a plan against an in-memory table: stages INSERT tuples, then applies each MERGE. */
const applyPlan = (batches: ReadonlyArray<BatchPlan>, state: State): void => {
  for (const batch of batches) {
    const staged = new Map<string, Array<Record<string, string>>>()
    for (const sql of batch.sqls) {
      const create = /^CREATE TEMP TABLE "([a-z0-9_]+)" \(LIKE "public"\."wide"\)$/.exec(sql)
      if (create !== null) {
        expect(staged.has(create[1] as string)).toBe(false)
        staged.set(create[1] as string, [])
        continue
      }
      const insert = /^INSERT INTO "([a-z0-9_]+)" \(/.exec(sql)
      if (insert !== null) {
        const columns = parseIdentList(sql.slice(insert[0].length))
        const tuples = parseTuples(sql.slice(sql.indexOf(') VALUES ') + 8))
        const rows = staged.get(insert[1] as string)
        expect(rows).toBeDefined()
        for (const tuple of tuples) {
          expect(tuple).toHaveLength(columns.length)
          rows?.push(Object.fromEntries(columns.map((c, i) => [c, tuple[i] as string])))
        }
        continue
      }
      // Key-only staging lands as INSERT ... SELECT ... WHERE NOT EXISTS: new keys only.
      const keyOnly =
        /^INSERT INTO "public"\."wide" \(("[a-z_]+"(?:, "[a-z_]+")*)\)\nSELECT .* FROM "([a-z0-9_]+)"\nWHERE NOT EXISTS /.exec(
          sql,
        )
      const merge = /^MERGE INTO "public"\."wide"\nUSING "([a-z0-9_]+)"\n/.exec(sql)
      expect(keyOnly !== null || merge !== null).toBe(true)
      const rows = staged.get((keyOnly?.[2] ?? merge?.[1]) as string) ?? []
      const insertCols = keyOnly
        ? parseIdentList(`${keyOnly[1]})`)
        : parseIdentList(sql.slice(sql.indexOf('THEN INSERT (') + 13))
      const seen = new Set<string>()
      for (const row of rows) {
        const key = row.id as string
        // Redshift fails a MERGE whose source matches one target row twice.
        expect(seen.has(key)).toBe(false)
        seen.add(key)
        expect(Object.keys(row).sort()).toEqual([...insertCols].sort())
        if (keyOnly === null || !state.has(key)) {
          state.set(key, { ...(state.get(key) ?? {}), ...row })
        }
      }
    }
  }
}

/** What the table should hold: rows applied one by one, present fields overriding. */
const expectedState = (rows: ReadonlyArray<Record<string, unknown>>): State => {
  const state: State = new Map()
  rows.forEach((row, i) => {
    const encoded = encodeRow(model, row, i)
    const fields = Object.fromEntries(
      encoded.columns.map((c, j) => [
        model.columns[c]?.name as string,
        encoded.values[j] as string,
      ]),
    )
    const key = fields.id as string
    state.set(key, { ...(state.get(key) ?? {}), ...fields })
  })
  return state
}

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom("'", '\\', "\\'", '日本語', '😀') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'é', '日', '😀', "'", '\\'), fc.integer({ min: 100, max: 16000 }))
      .map(([c, n]) => c.repeat(n)),
  },
)

const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(fc.oneof(arb, fc.constant(null)), { nil: undefined, freq: 3 })

const row = fc
  .record({
    id: fc.oneof(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }).map(String)),
    name: optional(text),
    note: optional(text),
    payload: optional(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(text, { maxLength: 3 }))),
    n: optional(fc.integer()),
  })
  .map((r) => {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v
    return out
  })
  .filter((r) => !JSON.stringify(r).includes('\\u0000'))

const fullRow = fc
  .record({
    id: fc.integer({ min: 0, max: 300 }),
    name: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constant(null)),
    note: fc.constantFrom('', "'", '\\', '日本語'.repeat(50)),
    payload: fc.jsonValue({ maxDepth: 1 }),
    n: fc.integer(),
  })
  .filter((r) => !JSON.stringify(r).includes('\\u0000'))

const options = fc.record({
  maxStatementBytes: fc.integer({ min: 1024, max: 102400 }),
  maxRowsPerInsert: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  maxStatementsPerBatch: fc.integer({ min: 3, max: 40 }),
})

const countTuples = (sql: string): number =>
  parseTuples(sql.slice(sql.indexOf(') VALUES ') + 8)).length

describe('planUpsert limits', () => {
  it.each([
    ['rows of many shapes', fc.array(row, { maxLength: 60 })],
    ['many rows of one shape', fc.array(fullRow, { maxLength: 400 })],
  ])(
    '%s: every statement, batch and INSERT within its limit, result as if applied in order',
    (_label, rowsArb) => {
      fc.assert(
        fc.property(rowsArb, options, (rows, opts) => {
          let pulled = 0
          function* source() {
            for (const r of rows) {
              pulled++
              yield r
            }
          }
          const batches: Array<BatchPlan> = []
          try {
            for (const batch of planUpsert(model, source(), { ...opts, tempTablePrefix: 'p' })) {
              // Lazy: at most the batch's rows and the one that did not fit were read.
              expect(pulled).toBeLessThanOrEqual(batch.endRow + 1)
              batches.push(batch)
            }
          } catch (error) {
            expect(error).toBeInstanceOf(RowTooLargeError)
            const tooLarge = error as RowTooLargeError
            expect(tooLarge.bytes).toBeGreaterThan(opts.maxStatementBytes)
            expect(() => [
              ...planUpsert(model, [rows[tooLarge.rowIndex]], { ...opts, tempTablePrefix: 'p' }),
            ]).toThrow(RowTooLargeError)
            return
          }
          let next = 0
          for (const batch of batches) {
            expect(batch.firstRow).toBe(next)
            next = batch.endRow
            expect(batch.rows + batch.duplicates).toBe(batch.inputRows)
            expect(batch.sqls.length).toBeGreaterThan(0)
            expect(batch.sqls.length).toBeLessThanOrEqual(opts.maxStatementsPerBatch)
            expect(batch.sqls.length).toBe(batch.inserts + 2 * batch.merges)
            const names = new Set(batch.tempTables)
            expect(names.size).toBe(batch.tempTables.length)
            for (const name of names) expect(bytes(name)).toBeLessThan(127)
            let staged = 0
            for (const sql of batch.sqls) {
              expect(bytes(sql)).toBeLessThanOrEqual(opts.maxStatementBytes)
              if (/^INSERT INTO "[a-z0-9_]+" \(/.test(sql)) {
                const count = countTuples(sql)
                staged += count
                expect(count).toBeLessThanOrEqual(opts.maxRowsPerInsert ?? Number.POSITIVE_INFINITY)
              }
            }
            expect(staged).toBe(batch.rows)
            expect(batch.bytes).toBe(batch.sqls.reduce((sum, s) => sum + bytes(s), 0))
          }
          expect(next).toBe(rows.length)
          const state: State = new Map()
          applyPlan(batches, state)
          expect(state).toEqual(expectedState(rows))
        }),
        { numRuns: 150 },
      )
    },
  )

  it('fills batches up to 40 statements under the default limits for large inputs', () => {
    const rows = Array.from({ length: 12000 }, (_, i) => ({ id: i, name: 'ü'.repeat(200), n: i }))
    const batches = [...planUpsert(model, rows, { tempTablePrefix: 'p' })]
    expect(batches.length).toBeGreaterThan(1)
    for (const batch of batches) {
      expect(batch.sqls.length).toBeLessThanOrEqual(40)
      for (const sql of batch.sqls) expect(bytes(sql)).toBeLessThanOrEqual(98304)
    }
    expect(batches[0]?.sqls).toHaveLength(40)
    expect(batches.reduce((sum, b) => sum + b.rows, 0)).toBe(12000)
  })

  it('packs a row of exactly the limit and rejects one byte more', () => {
    const limit = 2048
    const header = 'INSERT INTO "p_b0_g0" ("id", "name") VALUES '
    const fill = limit - bytes(header) - bytes("(1, '')")
    const [batch] = planUpsert(model, [{ id: 1, name: 'x'.repeat(fill) }], {
      tempTablePrefix: 'p',
      maxStatementBytes: limit,
    })
    expect(batch?.sqls[1]).toHaveLength(limit)
    expect(() => [
      ...planUpsert(model, [{ id: 1, name: 'x'.repeat(fill + 1) }], {
        tempTablePrefix: 'p',
        maxStatementBytes: limit,
      }),
    ]).toThrow(RowTooLargeError)
  })
})
