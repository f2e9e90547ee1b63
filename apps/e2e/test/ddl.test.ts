import {
  addColumn,
  commentStatements,
  encodeValue,
  normalizeIdent,
  normalizeTableModel,
  quoteLiteral,
  ValueEncodingError,
  widenVarchar,
} from '@redstore/sql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostileText } from '../src/arbitraries/hostileText.js'
import { identifierName } from '../src/arbitraries/identifierName.js'
import { type E2eHarness, informationSchemaColumns, startHarness } from '../src/E2eHarness.js'
import { propertyParameters } from '../src/propertyParameters.js'
import { UpsertModel } from '../src/UpsertModel.js'
import { fitUtf8Bytes, utf8Bytes } from '../src/utf8.js'

let harness: E2eHarness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness?.close()
})

// Names distinct once folded: the first is the key, then the table's columns, then added ones.
const names = fc.uniqueArray(identifierName(), {
  minLength: 3,
  maxLength: 7,
  selector: normalizeIdent,
})

describe('DDL builders through the emulator', () => {
  it('addColumn evolves a table: new hostile names appear in order, old rows keep their values', async () => {
    await fc.assert(
      fc.asyncProperty(
        names,
        fc.nat(),
        fc.array(fc.tuple(fc.nat({ max: 3 }), hostileText(2)), { minLength: 1, maxLength: 6 }),
        async (all, split, writes) => {
          const [key = 'k', ...rest] = all
          const initial = rest.slice(0, 1 + (split % rest.length))
          const added = rest.slice(initial.length)
          const schema = harness.freshName('e2e_ddl')
          const describe = (columns: ReadonlyArray<string>) =>
            normalizeTableModel({
              schema,
              name: 't',
              keys: [key],
              columns: [
                { name: key, type: 'INTEGER' },
                ...columns.map((name) => ({ name, type: 'VARCHAR(64)' })),
              ],
            })
          const before = describe(initial)
          const after = describe([...initial, ...added])
          await harness.create(before)
          const value = (text: string) => fitUtf8Bytes(text, 64, '')
          const firstRows = writes.map(([id, text]) =>
            Object.fromEntries([[key, id], ...initial.map((c) => [c, value(text)] as const)]),
          )
          await harness.upsert(before, firstRows)

          // Redshift adds one column per statement.
          // addColumn looks the column up by its folded name (the model's), not by its spelling.
          for (const column of added) {
            await harness.client.execute(addColumn(after, normalizeIdent(column)))
          }
          const columns = await harness.client.query(informationSchemaColumns(after))
          expect(columns.map((c) => c.column_name)).toEqual(after.columns.map((c) => c.name))

          // Later rows carry only the added columns: what the first rows wrote stays.
          const laterRows = writes.map(([id, text]) =>
            Object.fromEntries([[key, id], ...added.map((c) => [c, value(`${text}+`)] as const)]),
          )
          await harness.upsert(after, laterRows)
          const model = new UpsertModel(
            [normalizeIdent(key)],
            after.columns.map((c) => c.name),
          )
          const folded = (rows: ReadonlyArray<Record<string, unknown>>) =>
            rows.map((r) =>
              Object.fromEntries(Object.entries(r).map(([k, v]) => [normalizeIdent(k), v])),
            )
          model.apply(folded(firstRows))
          model.apply(folded(laterRows))
          expect(await harness.readTable(after)).toEqual(model.rows())
        },
      ),
      propertyParameters(20),
    )
  })

  it('widenVarchar: refused inside a transaction block; alone, the longer value then fits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 300 }),
        hostileText(20),
        async (length, extra, text) => {
          const name = harness.freshName('w')
          const model = (n: number) =>
            normalizeTableModel({
              schema: 'e2e_ddl',
              name,
              keys: ['id'],
              columns: [
                { name: 'id', type: 'INTEGER' },
                { name: 'v', type: `VARCHAR(${n})` },
              ],
            })
          const narrow = model(length)
          const wide = model(length + extra)
          const narrowV = narrow.columns[1]
          if (narrowV === undefined) throw new Error('the model lost its VARCHAR column')
          await harness.create(narrow)
          const long = fitUtf8Bytes(text, length + extra)
          expect(utf8Bytes(long)).toBeGreaterThan(length)
          expect(() => encodeValue(long, narrowV)).toThrow(ValueEncodingError)
          await expect(
            harness.client.batch([widenVarchar(narrow, 'v', length + extra)], {
              mode: 'TRANSACTION',
            }),
          ).rejects.toMatchObject({
            reason: {
              databaseMessage:
                'ERROR: ALTER TABLE ALTER COLUMN cannot run inside a transaction block',
            },
          })
          await harness.client.execute(widenVarchar(narrow, 'v', length + extra))
          const [column] = await harness.client.query(
            `SELECT character_maximum_length AS n FROM information_schema.columns WHERE table_schema = 'e2e_ddl' AND table_name = ${quoteLiteral(narrow.name)} AND column_name = 'v'`,
          )
          expect(column).toEqual({ n: length + extra })
          await harness.upsert(wide, [{ id: 1, v: long }])
          expect(await harness.readTable(wide)).toEqual([{ id: 1, v: long }])
        },
      ),
      propertyParameters(15),
    )
  })

  it('table and column comments of any text read back exactly from pg_description', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText().filter((t) => t !== ''),
        hostileText().filter((t) => t !== ''),
        async (tableComment, columnComment) => {
          const model = normalizeTableModel({
            schema: 'e2e_ddl',
            name: harness.freshName('c'),
            keys: ['id'],
            comment: tableComment,
            columns: [
              { name: 'id', type: 'INTEGER' },
              { name: 'v', type: 'SUPER', comment: columnComment },
            ],
          })
          await harness.create(model)
          await harness.client.batch(commentStatements(model), { mode: 'TRANSACTION' })
          const stored = await harness.client.query(
            `SELECT d.objsubid AS position, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'e2e_ddl' AND c.relname = ${quoteLiteral(model.name)} ORDER BY 1`,
          )
          expect(stored).toEqual([
            { position: 0, description: tableComment },
            { position: 2, description: columnComment },
          ])
        },
      ),
      propertyParameters(20),
    )
  })
})
