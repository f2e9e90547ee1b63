/**
 * A key column type and, for a few distinct keys in ascending order, several spellings of
 * each that Redshift compares as equal.
 *
 * @example
 * ```ts
 * const bigint = keySpellings.find((k) => k.type === 'BIGINT')
 * bigint?.keys[0] // [-5, '-5', -5n]
 * ```
 */
export interface KeySpellings {
  readonly type: string
  /** `keys[i]` spells key i; keys ascend with i. */
  readonly keys: ReadonlyArray<ReadonlyArray<unknown>>
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/**
 * Key types whose values have several spellings: integers as number, text and bigint;
 * DECIMAL with trailing zeros, as a number or with an exponent; REAL doubles and the single
 * precision value they are stored as; the same instant at different UTC offsets; CHAR with
 * trailing blanks.
 *
 * @example
 * ```ts
 * for (const { type, keys } of keySpellings) console.log(type, keys.length)
 * ```
 */
export const keySpellings: ReadonlyArray<KeySpellings> = [
  {
    type: 'BIGINT',
    keys: range(4).map((i) => {
      const n = i * 1000 - 5
      return [n, String(n), BigInt(n)]
    }),
  },
  {
    type: 'DECIMAL(10,2)',
    keys: range(4).map((i) => {
      const cents = i * 125 - 50
      const text = (cents / 100).toFixed(2)
      return [text, `${text}0`, cents / 100, `${cents}e-2`]
    }),
  },
  {
    type: 'REAL',
    keys: range(4).map((i) => {
      const x = 0.1 * (i + 1)
      return [x, Math.fround(x), String(Math.fround(x))]
    }),
  },
  {
    type: 'TIMESTAMPTZ',
    keys: range(4).map((i) => {
      const instant = Date.UTC(2024, 1, 29, 22, 30, 0, 250) + i * 3_600_000
      const utc = new Date(instant).toISOString()
      // The same instant written two hours east of UTC.
      const east = new Date(instant + 2 * 3_600_000).toISOString().replace('Z', '+02:00')
      return [utc, east, new Date(instant), `${utc.slice(0, 23)}000Z`]
    }),
  },
  {
    type: 'TIMESTAMP',
    keys: range(4).map((i) => {
      const d = new Date(Date.UTC(1999, 11, 31, 23, 59, 59) + i * 86_400_000)
      const iso = d.toISOString()
      return [d, iso.slice(0, 19), `${iso.slice(0, 10)} ${iso.slice(11, 19)}.000000`]
    }),
  },
  {
    type: 'CHAR(5)',
    keys: ['a', 'b', "c'", 'd\\'].map((k) => [k, `${k} `, k.padEnd(5, ' ')]),
  },
]
