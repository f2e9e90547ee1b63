import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type InvalidRowsError, RedshiftStorage } from '../src/index.js'
import { collect, rejection } from './support/collect.js'
import { startTestBed, type TestBed } from './support/emulator.js'

let bed: TestBed
let storage: RedshiftStorage
beforeAll(async () => {
  bed = await startTestBed()
  storage = new RedshiftStorage({
    table: {
      schema: 'hostile',
      name: 'values',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'text', type: 'VARCHAR(65535)' },
        { name: 'doc', type: 'SUPER' },
        { name: 'amount', type: 'DECIMAL(38,10)' },
      ],
    },
    connection: bed.connection(),
    concurrency: 2,
    maxStatementBytes: 4096,
  })
  await storage.init()
})
afterAll(async () => {
  await storage?.close()
  await bed?.stop()
})

const hostileSnippets = [
  "'",
  "''",
  '\\',
  "\\'",
  "\\'), (99, 1) --",
  '";--',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '$$',
  '/*',
  '*/',
  '--',
  'é',
  '😀',
  '\u00a0',
  '\u2028',
  '\ufeff',
  'NULL',
  '\\N',
  'JSON_PARSE(',
]

/** Text with the characters SQL quoting gets wrong, and any other Unicode (no NUL). */
const text = fc
  .array(
    fc.oneof(fc.constantFrom(...hostileSnippets), fc.string({ unit: 'binary', maxLength: 8 })),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join('').replaceAll('\u0000', ''))

/** A JSON value without NUL (Redshift cannot store it) in any string or key, and no -0. */
const withoutNul = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replaceAll('\u0000', '')
  if (Array.isArray(value)) return value.map(withoutNul)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', ''), withoutNul(v)]),
    )
  }
  return Object.is(value, -0) ? 0 : value
}

const json = fc.jsonValue({ maxDepth: 3, noUnicodeString: false }).map(withoutNul)

const amount = fc
  .tuple(
    fc.bigInt({ min: -(10n ** 27n) + 1n, max: 10n ** 27n - 1n }),
    fc.integer({ min: 0, max: 9_999_999_999 }),
  )
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(10, '0')}`)

let round = 0

it('stores hostile text, JSON and decimals byte for byte', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ text, doc: json, amount }), { minLength: 1, maxLength: 15 }),
      async (values) => {
        const base = 1_000 * round++
        const rows = values.map((v, i) => ({ id: base + i, ...v }))
        await storage.saveData(rows)
        const stored = (await collect(storage.read())).filter(
          (r) => Number(r['id']) >= base && Number(r['id']) < base + 1_000,
        )
        expect(stored).toEqual(
          rows.map((r) => ({
            id: BigInt(r.id),
            text: r.text,
            doc: r.doc,
            amount: r.amount.replace(/^(-?)0+(?=\d)/, '$1'),
          })),
        )
      },
    ),
    { numRuns: 25 },
  )
})

it('refuses NUL and lone surrogates with the row and column, writing nothing', async () => {
  const error = (await rejection(() =>
    storage.saveData([
      { id: 9_000_001, text: 'fine' },
      { id: 9_000_002, text: 'a\u0000b' },
      { id: 9_000_003, doc: { k: '\ud800' } },
    ]),
  )) as InvalidRowsError
  expect(error.errors.map((e) => [e._tag, 'rowIndex' in e ? e.rowIndex : undefined])).toEqual([
    ['ValueEncodingError', 1],
    ['ValueEncodingError', 2],
  ])
  const stored = await collect(storage.read())
  expect(stored.some((r) => Number(r['id']) > 9_000_000)).toBe(false)
})
