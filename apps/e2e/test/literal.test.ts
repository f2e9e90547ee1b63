import { normalizeTableModel, quoteLiteral } from '@redstore/sql'
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

describe('string literals: quoteLiteral through the SDK and the emulator', () => {
  it('SELECT <quoteLiteral(s)> returns exactly s', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(), async (text) => {
        const rows = await harness.client.query(`SELECT ${quoteLiteral(text)} AS v`)
        expect(rows).toEqual([{ v: text }])
      }),
      { ...propertyParameters(60), examples: [['\ufeff'], ['\ufeff\\'], ["'\\"], ['']] },
    )
  })

  it('stores every string whole, leading U+FEFF included: LENGTH and OCTET_LENGTH match', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(), async (text) => {
        const literal = quoteLiteral(text)
        const rows = await harness.client.query(
          `SELECT LENGTH(${literal}) AS chars, OCTET_LENGTH(${literal}) AS bytes`,
        )
        expect(rows).toEqual([{ chars: [...text].length, bytes: utf8Bytes(text) }])
      }),
      { ...propertyParameters(40), examples: [['\ufeff'], ["\ufeff'"], ['\\'], ["'"]] },
    )
  })

  it('several literals in one statement stay apart (no quote or comment swallows the next)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText(4), { minLength: 2, maxLength: 5 }), async (texts) => {
        const select = texts.map((t, i) => `${quoteLiteral(t)} AS v${i}`).join(', ')
        const rows = await harness.client.query(`SELECT ${select}`)
        expect(rows).toEqual([Object.fromEntries(texts.map((t, i) => [`v${i}`, t]))])
      }),
      propertyParameters(30),
    )
  })

  it('a row upserted with planUpsert into VARCHAR(MAX) reads back exactly s', async () => {
    const model = normalizeTableModel({
      schema: 'e2e_literal',
      name: 'texts',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'v', type: 'VARCHAR(MAX)' },
      ],
    })
    await harness.create(model)
    let nextId = 0
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText(), { minLength: 1, maxLength: 8 }), async (texts) => {
        const rows = texts.map((v) => ({ id: nextId++, v }))
        await harness.upsert(model, rows)
        const first = rows[0]?.id ?? 0
        const stored = await harness.client.query(
          `SELECT id, v FROM e2e_literal.texts WHERE id >= ${first} ORDER BY id`,
        )
        expect(stored).toEqual(rows)
      }),
      propertyParameters(40),
    )
  })

  it('thousands of strings in one load land across batches and read back exactly across result pages', async () => {
    const model = normalizeTableModel({
      schema: 'e2e_literal',
      name: 'bulk',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'v', type: 'VARCHAR(MAX)' },
      ],
    })
    await harness.create(model)
    let nextId = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileText(3), { minLength: 1200, maxLength: 2600 }),
        async (texts) => {
          const first = nextId
          const rows = texts.map((v) => ({ id: nextId++, v }))
          // At most 20 rows per INSERT and 40 statements per batch: several batches.
          const { batches } = await harness.upsert(model, rows, {
            maxStatementBytes: 16_384,
            maxRowsPerInsert: 20,
          })
          expect(batches).toBeGreaterThan(1)
          const stored = await harness.client.query(
            `SELECT id, v FROM e2e_literal.bulk WHERE id >= ${first} ORDER BY id`,
          )
          // More rows than one GetStatementResult page (1000) holds.
          expect(stored).toEqual(rows)
        },
      ),
      propertyParameters(3),
    )
  })
})
