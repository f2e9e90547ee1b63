/**
 * The in-memory meaning of an upsert: rows applied in order; a row whose key is new is
 * inserted with NULL in every column it does not carry; a row whose key is stored overwrites
 * only the fields it carries (an absent or `undefined` field keeps the stored value, an
 * explicit `null` stores NULL). Keys are compared by their values as given.
 *
 * @example
 * ```ts
 * const model = new UpsertModel(['id'], ['id', 'name', 'note'])
 * model.apply([{ id: 1, name: 'a', note: 'x' }, { id: 1, name: 'b' }])
 * model.rows() // [{ id: 1, name: 'b', note: 'x' }]
 * ```
 */
export class UpsertModel {
  readonly #keys: ReadonlyArray<string>
  readonly #columns: ReadonlyArray<string>
  readonly #rows = new Map<string, Record<string, unknown>>()

  constructor(keys: ReadonlyArray<string>, columns: ReadonlyArray<string>) {
    this.#keys = keys
    this.#columns = columns
  }

  /** The identity of a row's key: its key values, in key order. */
  keyOf(row: Readonly<Record<string, unknown>>): string {
    return JSON.stringify(this.#keys.map((k) => row[k]))
  }

  /** Applies rows in order. */
  apply(rows: Iterable<Readonly<Record<string, unknown>>>): void {
    for (const row of rows) {
      const key = this.keyOf(row)
      const stored =
        this.#rows.get(key) ?? Object.fromEntries(this.#columns.map((c) => [c, null] as const))
      for (const column of this.#columns) {
        const value = row[column]
        if (value !== undefined) stored[column] = value
      }
      this.#rows.set(key, stored)
    }
  }

  /** The table's rows, ordered by key identity. */
  rows(): Array<Record<string, unknown>> {
    return [...this.#rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => ({ ...row }))
  }
}
