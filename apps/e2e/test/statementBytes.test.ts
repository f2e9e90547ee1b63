import {
  DATA_API_MAX_STATEMENT_BYTES,
  normalizeTableModel,
  planUpsert,
  RowTooLargeError,
} from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostileText } from '../src/arbitraries/hostileText.js'
import { type E2eHarness, startHarness } from '../src/E2eHarness.js'
import { propertyParameters } from '../src/propertyParameters.js'
import { utf8Bytes } from '../src/utf8.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

// UTF-8 bytes of a text once written as a literal: `'` and `\\` are doubled.
const literalBytes = (text: string): number => utf8Bytes(text) + (text.match(/['\\]/g)?.length ?? 0)

// A hostile, mostly multi-byte text repeated until its literal is 30,000 to 60,000 bytes.
const bulkyText = fc
  .tuple(
    hostileText(6).filter((t) => utf8Bytes(t) > 0),
    fc.integer({ min: 30_000, max: 60_000 }),
  )
  .map(([seed, bytes]) => {
    let text = ''
    let size = 0
    for (const char of seed.repeat(Math.ceil(bytes / utf8Bytes(seed)) + 1)) {
      const next = literalBytes(char)
      if (size + next > bytes) break
      text += char
      size += next
    }
    return text
  })

describe("statement bytes: planUpsert and the emulator agree on the Data API's 100 KB", () => {
  it('an INSERT of exactly maxStatementBytes UTF-8 bytes lands; one byte more is refused by both', async () => {
    const model = normalizeTableModel({
      schema: 'e2e_bytes',
      name: 'rows',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'v', type: 'VARCHAR(MAX)' },
        { name: 'w', type: 'VARCHAR(MAX)' },
        { name: 'u', type: 'VARCHAR(MAX)' },
      ],
    })
    await harness.create(model)
    const limit = DATA_API_MAX_STATEMENT_BYTES
    const options = { maxStatementBytes: limit }
    let id = 0
    await fc.assert(
      fc.asyncProperty(bulkyText, async (text) => {
        id++
        const planOf = (w: string, u: string) => {
          const [plan] = planUpsert(model, [{ id, v: text, w, u }], options)
          if (plan === undefined) throw new Error('nothing was planned')
          return plan
        }
        const insertOf = (w: string, u: string) => {
          const insert = planOf(w, u).sqls.find((sql) => sql.startsWith('INSERT'))
          if (insert === undefined) throw new Error('the plan has no INSERT')
          return insert
        }
        // `a` is one byte in the value and in the statement: pad the statement to the limit,
        // over two columns since each holds at most 65535 bytes.
        const pad = limit - utf8Bytes(insertOf('', ''))
        const w = 'a'.repeat(Math.ceil(pad / 2))
        const u = 'a'.repeat(Math.floor(pad / 2))
        expect(utf8Bytes(insertOf(w, u))).toBe(limit)
        // This exact batch (its staging names count towards the limit) is what is sent.
        await harness.client.batch(planOf(w, u).sqls, { mode: 'TRANSACTION' })
        const stored = await harness.client.query(
          `SELECT v, w, u FROM e2e_bytes.rows WHERE id = ${id}`,
        )
        expect(stored).toEqual([{ v: text, w, u }])

        expect(() => [...planUpsert(model, [{ id, v: text, w: `${w}a`, u }], options)]).toThrow(
          RowTooLargeError,
        )
        // The same INSERT one byte longer, sent raw, is refused by the emulator before it runs.
        await expect(harness.client.execute(`${insertOf(w, u)} `)).rejects.toMatchObject({
          reason: { _tag: 'Validation' },
          message: expect.stringContaining('Cannot process query string larger than 100kB'),
        })
      }),
      propertyParameters(8),
    )
  })
})
