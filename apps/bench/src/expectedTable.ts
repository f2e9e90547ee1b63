import type { BenchRow } from './generateRows.js'

/**
 * What the table must hold after upserting `rows` in order: the last full row of every key.
 *
 * @example
 * ```ts
 * expectedTable([{ id: 1, ...a }, { id: 1, ...b }]).get(1) // the second row
 * ```
 */
export const expectedTable = (rows: Iterable<BenchRow>): Map<number, BenchRow> => {
  const table = new Map<number, BenchRow>()
  for (const row of rows) table.set(row.id, row)
  return table
}

/** JSON with object keys sorted, so two equal SUPER values give the same text. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )

/** Epoch milliseconds of the database's timestamp text (`2026-01-02 03:04:05.6[+00]`), in UTC. */
const epochOf = (text: unknown): number => {
  if (typeof text !== 'string') return Number.NaN
  const iso = text.replace(' ', 'T')
  return Date.parse(iso.endsWith('+00') ? `${iso.slice(0, -3)}Z` : `${iso}Z`)
}

const sameRow = (want: BenchRow, got: Readonly<Record<string, unknown>>): boolean =>
  got['customer_id'] === want.customer_id &&
  got['sku'] === want.sku &&
  got['title'] === want.title &&
  got['description'] === want.description &&
  got['price'] === want.price &&
  got['discount'] === want.discount &&
  epochOf(got['ordered_at']) === want.ordered_at.getTime() &&
  epochOf(got['updated_at']) === want.updated_at.getTime() &&
  got['paid'] === want.paid &&
  canonicalJson(got['attributes']) === canonicalJson(want.attributes) &&
  canonicalJson(got['tags']) === canonicalJson(want.tags)

/**
 * Rows of `stored` that differ from `expected` in any column, plus expected keys missing from it
 * and stored keys seen twice or not expected at all. 0 means the table is exactly as expected.
 *
 * @example
 * ```ts
 * compareTable(expectedTable(input), await client.query('SELECT * FROM bench.orders')) // 0
 * ```
 */
export const compareTable = (
  expected: ReadonlyMap<number, BenchRow>,
  stored: ReadonlyArray<Readonly<Record<string, unknown>>>,
): number => {
  let mismatched = 0
  const seen = new Set<number>()
  for (const row of stored) {
    const id = Number(row['id'])
    const want = expected.get(id)
    if (want === undefined || seen.has(id) || !sameRow(want, row)) mismatched++
    seen.add(id)
  }
  for (const id of expected.keys()) if (!seen.has(id)) mismatched++
  return mismatched
}
