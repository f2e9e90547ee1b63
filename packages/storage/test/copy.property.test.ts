import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RedshiftStorage } from '../src/index.js'
import { collect } from './support/collect.js'
import { type CopyBed, startCopyBed } from './support/copyBed.js'
import { twins } from './support/twins.js'

let bed: CopyBed
let storage: RedshiftStorage
beforeAll(async () => {
  bed = await startCopyBed()
  storage = new RedshiftStorage({
    table: {
      schema: 'copy_hostile',
      name: 'values',
      keys: ['id'],
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'text', type: 'VARCHAR(65535)' },
        { name: 'doc', type: 'SUPER' },
        { name: 'amount', type: 'DECIMAL(38,10)' },
        { name: 'bytes', type: 'VARBYTE(64)' },
      ],
    },
    connection: bed.connection(),
    // Small objects, so that records (some over several lines) are cut across files.
    staging: bed.staging({ fileBytes: 2048 }),
  })
  await storage.init()
})
afterAll(async () => {
  await storage?.close()
  await bed?.stop()
})

const hostileSnippets = [
  "'",
  '"',
  '""',
  '\\',
  '\\N',
  'NULL',
  ',',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  'é',
  '😀',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '{"a":1}',
  '[',
]

/** Text with what CSV quoting gets wrong, and any other Unicode (no NUL, no lone surrogate). */
const text = fc
  .array(
    fc.oneof(fc.constantFrom(...hostileSnippets), fc.string({ unit: 'grapheme', maxLength: 8 })),
    { maxLength: 12 },
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

const json = fc
  .jsonValue({ maxDepth: 3, noUnicodeString: false })
  .map(withoutNul)
  .filter((value) => value !== null)

const amount = fc
  .tuple(
    fc.bigInt({ min: -(10n ** 27n) + 1n, max: 10n ** 27n - 1n }),
    fc.integer({ min: 0, max: 9_999_999_999 }),
  )
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(10, '0')}`)

let round = 0

it('stores hostile text, JSON, decimals and bytes through COPY byte for byte', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          text: fc.option(text, { nil: null }),
          doc: json,
          amount,
          bytes: fc.uint8Array({ maxLength: 64 }),
        }),
        { minLength: 1, maxLength: 20 },
      ),
      async (values) => {
        const base = 1_000 * round++
        const rows = values.map((v, i) => ({ id: base + i, ...v }))
        const summary = await storage.saveData(rows, { method: 'copy' })
        expect(summary.method).toBe('copy')
        const stored = (await collect(storage.read())).filter(
          (r) => Number(r['id']) >= base && Number(r['id']) < base + 1_000,
        )
        expect(stored).toEqual(
          rows.map((r) => ({
            id: BigInt(r.id),
            text: r.text,
            doc: r.doc,
            amount: r.amount.replace(/^(-?)0+(?=\d)/, '$1'),
            bytes: r.bytes,
          })),
        )
      },
    ),
    { numRuns: 25 },
  )
})

it('upserts like the INSERT path whatever fields rows carry and however keys repeat', async () => {
  const columns = [
    { name: 'id', type: 'INTEGER' },
    { name: 'a', type: 'VARCHAR(20)' },
    { name: 'b', type: 'BIGINT' },
    { name: 'c', type: 'SUPER' },
    { name: 'd', type: 'BOOLEAN' },
  ]
  const field = <A>(value: fc.Arbitrary<A>) =>
    fc.option(fc.option(value, { nil: null }), { nil: undefined })
  const row = fc
    .record({
      id: fc.integer({ min: 0, max: 6 }),
      a: field(text.map((t) => Array.from(t).slice(0, 5).join(''))),
      b: field(fc.integer()),
      c: field(json),
      d: field(fc.boolean()),
    })
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)))
  let table = 0
  await fc.assert(
    fc.asyncProperty(
      fc.array(row, { maxLength: 8 }),
      fc.array(row, { minLength: 1, maxLength: 60 }),
      async (seed, rows) => {
        const pair = twins(bed, 'copy_semantics', `t${table++}`, columns)
        try {
          if (seed.length > 0) {
            await pair.insert.saveData(seed)
            await pair.copy.saveData(seed, { method: 'insert' })
          }
          await pair.insert.saveData(rows)
          const summary = await pair.copy.saveData(rows, { method: 'copy' })
          expect(summary.method).toBe('copy')
          const { insert, copy } = await pair.read()
          expect(copy).toEqual(insert)
        } finally {
          await pair.close()
        }
      },
    ),
    { numRuns: 12 },
  )
})
