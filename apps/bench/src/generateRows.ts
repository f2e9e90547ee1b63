import { Random } from './Random.js'

/** One generated row of the benchmark table (see `benchColumns`). */
export interface BenchRow {
  readonly id: number
  readonly customer_id: number
  readonly sku: string
  readonly title: string
  readonly description: string
  readonly price: string
  readonly discount: string
  readonly ordered_at: Date
  readonly updated_at: Date
  readonly paid: boolean
  readonly attributes: { readonly [key: string]: unknown }
  readonly tags: ReadonlyArray<string>
}

/** A row of the 10-column table: a `BenchRow` without `description` and `tags`. */
export type BenchRow10 = Omit<BenchRow, 'description' | 'tags'>

export interface GenerateRowsOptions {
  readonly count: number
  readonly seed?: number
  /** Id of the first row; ids then count up by one. Default 1. */
  readonly firstId?: number
  /** Longest description in UTF-8 bytes (about); descriptions range over 1/8 to all of it. Default 600. */
  readonly descriptionBytes?: number
  /** A label mixed into every title, so two loads of the same ids differ. Default ''. */
  readonly revision?: string
}

const words = [
  'Kaffee',
  'Müsli',
  'crème brûlée',
  'naïve',
  'smörgåsbord',
  'Ελληνικά',
  'кофе',
  '東京',
  '抹茶ラテ',
  '한국어',
  'émoji 🚀',
  "O'Brien",
  'back\\slash',
  '"quoted"',
  'plain',
  'ASCII',
]

const tagPool = ['new', 'sale', 'gift', 'eco', 'bundle', 'ÜBER', '限定', 'vip']

const wordBytes = new Map(words.map((word) => [word, Buffer.byteLength(word, 'utf8')]))

/** Words joined by spaces, between 1/8 of `maxBytes` and `maxBytes` UTF-8 bytes long. */
const sentence = (random: Random, maxBytes: number): string => {
  const target = random.int(Math.max(1, Math.floor(maxBytes / 8)), maxBytes)
  let text = random.pick(words)
  let bytes = wordBytes.get(text) ?? 0
  for (;;) {
    const word = random.pick(words)
    const next = bytes + 1 + (wordBytes.get(word) ?? 0)
    if (next > target) return text
    text += ` ${word}`
    bytes = next
  }
}

/** Epoch of 2026-01-01T00:00:00Z; generated timestamps fall in the year after it. */
const yearStart = Date.UTC(2026, 0, 1)

/**
 * A lazy, seeded sequence of benchmark rows: each row is made as it is read, so a planner
 * reading them holds none of the input beyond the batch it builds.
 *
 * @example
 * ```ts
 * for (const row of generateRows({ count: 3, seed: 1 })) console.log(row.id, row.title)
 * ```
 */
export function* generateRows(options: GenerateRowsOptions): Generator<BenchRow, void, undefined> {
  const random = new Random(options.seed ?? 1)
  const firstId = options.firstId ?? 1
  const descriptionBytes = options.descriptionBytes ?? 600
  const revision = options.revision ?? ''
  for (let i = 0; i < options.count; i++) {
    const id = firstId + i
    const cents = random.int(1, 99_999_999)
    const ordered = yearStart + random.int(0, 364 * 86_400) * 1000 + random.int(0, 999)
    yield {
      id,
      customer_id: random.int(1, 2_000_000),
      sku: `SKU-${random.int(0, 0xffffff).toString(16).padStart(6, '0')}`,
      title: `${revision}${sentence(random, 60)}`,
      description: sentence(random, descriptionBytes),
      price: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      discount: `0.${String(random.int(0, 9999)).padStart(4, '0')}`,
      ordered_at: new Date(ordered),
      updated_at: new Date(ordered + random.int(0, 30 * 86_400_000)),
      paid: random.next() < 0.8,
      attributes: {
        color: random.pick(['red', 'grün', '青', 'black']),
        size: random.int(1, 48),
        warehouse: {
          code: `W${random.int(1, 40)}`,
          city: random.pick(['Berlin', 'Zürich', '大阪']),
        },
        fragile: random.next() < 0.1,
      },
      tags: Array.from({ length: random.int(0, 4) }, () => random.pick(tagPool)),
    }
  }
}

/**
 * The rows of `generateRows` without `description` and `tags`: the 10-column table's rows.
 *
 * @example
 * ```ts
 * for (const row of generateRows10({ count: 3, seed: 1 })) console.log(row.id, row.title)
 * ```
 */
export function* generateRows10(
  options: GenerateRowsOptions,
): Generator<BenchRow10, void, undefined> {
  for (const { description: _description, tags: _tags, ...row } of generateRows(options)) yield row
}
