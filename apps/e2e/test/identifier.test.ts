import {
  DuplicateColumnError,
  normalizeIdent,
  normalizeTableModel,
  quoteIdent,
  quoteLiteral,
} from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostileText } from '../src/arbitraries/hostileText.js'
import { caseVariant, identifierName } from '../src/arbitraries/identifierName.js'
import { type E2eHarness, informationSchemaColumns, startHarness } from '../src/E2eHarness.js'
import { propertyParameters } from '../src/propertyParameters.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

// Column names distinct once folded, as a table needs them.
const columnNames = fc.uniqueArray(identifierName(), {
  minLength: 1,
  maxLength: 5,
  selector: normalizeIdent,
})

const withAsciiLetter = identifierName().filter((name) => /[A-Za-z]/.test(name))

describe('identifiers: createTable and planUpsert names through the emulator', () => {
  it('arbitrary table and column names read back as normalizeIdent(name), schema and data', async () => {
    await fc.assert(
      fc.asyncProperty(
        identifierName(),
        columnNames,
        fc.array(fc.tuple(hostileText(3), hostileText(3)), { minLength: 1, maxLength: 3 }),
        async (tableName, names, values) => {
          const schema = harness.freshName('e2e_ident')
          // The key column comes first; every given name is a VARCHAR value column.
          const keyName = names[0] ?? 'k'
          const valueNames = names.slice(1)
          const model = normalizeTableModel({
            schema,
            name: tableName,
            keys: [keyName],
            columns: names.map((name) => ({ name, type: 'VARCHAR(256)' })),
          })
          await harness.create(model)

          const tables = await harness.client.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = ${quoteLiteral(schema)}`,
          )
          expect(tables).toEqual([{ table_name: normalizeIdent(tableName) }])
          const columns = await harness.client.query(informationSchemaColumns(model))
          expect(columns.map((c) => c.column_name)).toEqual(names.map(normalizeIdent))

          // Rows are written with the names as given (mixed case), which fold onto the columns.
          const rows = values.map(([first, second], i) =>
            Object.fromEntries([
              [keyName, `${i}:${first}`],
              ...valueNames.map((name, j) => [name, j % 2 === 0 ? second : first] as const),
            ]),
          )
          await harness.upsert(model, rows)
          const stored = await harness.client.query(
            `SELECT * FROM ${quoteIdent(schema)}.${quoteIdent(tableName)} ORDER BY 1`,
          )
          const expected = rows
            .map((row) =>
              Object.fromEntries(Object.entries(row).map(([k, v]) => [normalizeIdent(k), v])),
            )
            .sort((a, b) => compareText(a[model.keys[0] ?? ''], b[model.keys[0] ?? '']))
          expect(stored).toEqual(expected)
        },
      ),
      propertyParameters(30),
    )
  })

  it('colliding column names are rejected by the sql package before any SQL is sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        withAsciiLetter,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (name, flips, exactRepeat) => {
          const other = exactRepeat ? name : caseVariant(name, flips)
          const schema = harness.freshName('e2e_collide')
          const before = await harness.stats()
          let thrown: unknown
          try {
            await harness.create(
              normalizeTableModel({
                schema,
                name: 't',
                columns: [
                  { name, type: 'INTEGER' },
                  { name: other, type: 'VARCHAR(10)' },
                ],
              }),
            )
          } catch (error) {
            thrown = error
          }
          expect(thrown).toBeInstanceOf(DuplicateColumnError)
          expect(thrown).toMatchObject({ normalized: normalizeIdent(name), names: [name, other] })
          expect((await harness.stats()).apiCalls).toBe(before.apiCalls)
          const schemas = await harness.client.query(
            `SELECT schema_name FROM information_schema.schemata WHERE schema_name = ${quoteLiteral(schema)}`,
          )
          expect(schemas).toEqual([])
        },
      ),
      propertyParameters(25),
    )
  })

  it('row fields that fold onto one column are rejected before any SQL is sent', async () => {
    const model = normalizeTableModel({
      schema: 'e2e_fields',
      name: 't',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'userId', type: 'VARCHAR(10)' },
      ],
    })
    await harness.create(model)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), async (flips) => {
        const other = caseVariant('userId', flips)
        const before = await harness.stats()
        await expect(
          harness.upsert(model, [{ id: 1, userId: 'a', [other]: 'b' }]),
        ).rejects.toMatchObject({
          _tag: 'InvalidRowsError',
          errors: [expect.objectContaining({ _tag: 'InvalidRowError', rowIndex: 0 })],
        })
        expect((await harness.stats()).apiCalls).toBe(before.apiCalls)
      }),
      propertyParameters(10),
    )
    expect(await harness.readTable(model)).toEqual([])
  })
})

// ORDER BY 1 on VARCHAR keys: the emulator's collation is C (byte order), as Redshift's is.
const compareText = (a: unknown, b: unknown): number => {
  const x = Buffer.from(String(a), 'utf8')
  const y = Buffer.from(String(b), 'utf8')
  return Buffer.compare(x, y)
}
