/**
 * Seeded rows of every column type, hostile text included, for the golden encoding test. The
 * generator is a small PRNG written here (not fast-check), so the rows stay the same whatever
 * version of a test library is installed.
 */

/** mulberry32: a float in [0, 1) per call, the same sequence for the same seed everywhere. */
export class Seeded {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: ReadonlyArray<T>): T {
    return items[Math.floor(this.next() * items.length)] as T
  }
}

/** Pieces that break naive quoting and counting: quotes, backslashes, breaks, multi-byte text. */
const hostilePieces = [
  "'",
  "''",
  '\\',
  '\\\\',
  "\\'",
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '$$',
  '--',
  '/*',
  ';',
  ',',
  ' ',
  '  ',
  '\\N',
  'NULL',
  'é',
  'ß',
  '日本',
  '😀',
  '\u2028',
  '\u00a0',
  '\u007f',
  '\u0001',
  '\ufeff',
  '\uffff',
  'A',
  'z',
  'plain',
]

/** Text of up to `pieces` hostile pieces, without NUL or lone surrogates. */
export const hostileText = (random: Seeded, pieces: number): string => {
  let text = ''
  const count = random.int(0, pieces)
  for (let i = 0; i < count; i++) text += random.pick(hostilePieces)
  return text
}

const asciiPieces = ["'", '\\', '"', ' ', 'a', 'Z', '0', ',', '\t', '\n', '~', '\\N']

const asciiText = (random: Seeded, maxLength: number): string => {
  let text = ''
  while (text.length < maxLength && random.chance(0.8)) text += random.pick(asciiPieces)
  return text.slice(0, maxLength)
}

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the years Redshift dates hold. */
const firstMillis = -62135596800000
const lastMillis = 253402300799999

const anyDate = (random: Seeded): Date => {
  const pick = random.int(0, 5)
  if (pick === 0) return new Date(random.pick([0, -1, 1, 999, firstMillis, lastMillis]))
  if (pick === 1) return new Date(Date.UTC(2025, 0, 31, 10, 0, 0, random.int(0, 999)))
  return new Date(Math.floor(firstMillis + random.next() * (lastMillis - firstMillis)))
}

const digits = (random: Seeded, max: number): string => {
  let text = ''
  const count = random.int(0, max)
  for (let i = 0; i < count; i++) text += String(random.int(0, 9))
  return text
}

const superValue = (random: Seeded, depth: number): unknown => {
  const pick = random.int(0, depth > 2 ? 5 : 8)
  switch (pick) {
    case 0:
      return null
    case 1:
      return random.chance(0.5)
    case 2:
      return random.pick([0, -0, 1.5, -2, 1e21, 5e-324, 123456789.123, Number.MAX_SAFE_INTEGER])
    case 3:
    case 4:
      return hostileText(random, 6)
    case 5:
      return anyDate(random)
    case 6:
      return Array.from({ length: random.int(0, 4) }, () => superValue(random, depth + 1))
    default: {
      const value: Record<string, unknown> = random.chance(0.1) ? Object.create(null) : {}
      const members = random.int(0, 4)
      for (let i = 0; i < members; i++) {
        value[hostileText(random, 3)] = random.chance(0.1)
          ? undefined
          : superValue(random, depth + 1)
      }
      return value
    }
  }
}

/** The table of every column type that the golden rows fill, keyed on a BIGINT. */
export const everyKindColumns = [
  { name: 'id', type: 'BIGINT' },
  { name: 's', type: 'SMALLINT' },
  { name: 'i', type: 'INTEGER' },
  { name: 'd', type: 'DECIMAL(12,4)' },
  { name: 'd38', type: 'DECIMAL(38,0)' },
  { name: 'r', type: 'REAL' },
  { name: 'f', type: 'DOUBLE PRECISION' },
  { name: 'b', type: 'BOOLEAN' },
  { name: 'c', type: 'CHAR(20)' },
  { name: 'v', type: 'VARCHAR(65535)' },
  { name: 'vs', type: 'VARCHAR(12)' },
  { name: 'email_address', field: 'email', type: 'VARCHAR(100)' },
  { name: 'customerId', field: 'customerId', type: 'INTEGER' },
  { name: 'must', type: 'VARCHAR(10)', nullable: false },
  { name: 'dt', type: 'DATE' },
  { name: 't', type: 'TIME' },
  { name: 'tz', type: 'TIMETZ' },
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'tstz', type: 'TIMESTAMPTZ' },
  { name: 'j', type: 'SUPER' },
  { name: 'vb', type: 'VARBYTE(64)' },
] as const

type ValueOf = (random: Seeded) => unknown

/** Valid values per field of `everyKindColumns`. */
const validValues: Record<string, ValueOf> = {
  s: (r) => r.pick([0, -32768, 32767, 7n, '-12', '+5', r.int(-32768, 32767)]),
  i: (r) => r.pick([r.int(-2147483648, 2147483647), '007', -0, 2147483647n]),
  d: (r) =>
    r.pick([
      `${r.int(-99999999, 99999999)}.${digits(r, 4)}`,
      ' 12.30 ',
      '1.5e3',
      '-0.000',
      '.5',
      '5.',
      '+1E-4',
      0.1,
      -12.25,
      123n,
      r.int(-1e9, 1e9) / 100,
    ]),
  d38: (r) => r.pick([`${r.int(1, 9)}${digits(r, 37)}`, '-1e37', 10n ** 37n, 0]),
  r: (r) => r.pick([0.1, 3.4e38, 1e-30, -0, '1e10', 16777217, 5n, r.next() * 1000]),
  f: (r) => r.pick([r.next(), -0, 1e21, 5e-324, '3.25', '-1.5E+300', 2n ** 53n - 1n]),
  b: (r) => r.chance(0.5),
  c: (r) => asciiText(r, 20),
  v: (r) =>
    r.chance(0.08)
      ? r.pick(['x', 'é', '日', '😀', "'", '\\']).repeat(r.int(100, 700))
      : r.pick([hostileText(r, 12), hostileText(r, 12), r.int(-5, 5), 12n, true, 1.5]),
  vs: (r) => r.pick(['', 'abc   ', "O'B", '\\\\', '😀😀😀', 'ééé', '\\N']),
  email: (r) => `${asciiText(r, 8)}@example.com${r.pick(['', ' ', '  '])}`,
  customerId: (r) => r.int(0, 1000),
  must: (r) => r.pick(['ok', '', "'", 'é']),
  dt: (r) =>
    r.pick([anyDate(r), '2025-01-31', ' 2024-02-29 ', '0001-01-01', '9999-12-31', anyDate(r)]),
  t: (r) => r.pick([anyDate(r), '10:30', '23:59:59.999999', '00:00:00.5', ' 10:30:00 ']),
  tz: (r) => r.pick([anyDate(r), '10:30:00+02:00', '23:59:59.999999-05', '00:00+0130', '01:00z']),
  ts: (r) =>
    r.pick([
      anyDate(r),
      '2025-01-31T10:00:00.123456Z',
      '2025-01-31 10:00',
      '2025-01-31T23:30:00-02:30',
      '2025-01-31',
      '2000-02-29 00:00:00.000100 +14',
    ]),
  tstz: (r) => r.pick([anyDate(r), '2025-06-30T23:59:59.1+00:00', '1999-12-31T22:00:00-0200']),
  j: (r) => superValue(r, 0),
  vb: (r) =>
    r.chance(0.2)
      ? new Uint8Array()
      : Uint8Array.from({ length: r.int(1, 64) }, () => r.int(0, 255)),
}

/** A key spelled several ways: the same BIGINT as a number, an integer string or a bigint. */
const keyOf = (random: Seeded, keys: number): unknown => {
  const id = random.int(1, keys)
  return random.pick([id, id, String(id), BigInt(id)])
}

/** The sets of fields a row leaves out: rows of one set share a staging table and MERGE. */
const absentSets: ReadonlyArray<ReadonlyArray<string>> = [
  [],
  [],
  [],
  ['v', 'j'],
  ['s', 'i', 'd', 'd38', 'r', 'f', 'b', 'c'],
  ['email', 'customerId', 'dt', 't', 'tz', 'ts', 'tstz', 'vb'],
]

/**
 * `count` valid rows of `everyKindColumns`: keys repeat (spelled differently), a few sets of
 * fields are absent, values are often null, and field names vary in case.
 */
export const validRows = (seed: number, count: number, keys: number): Array<unknown> => {
  const random = new Seeded(seed)
  return Array.from({ length: count }, () => {
    const absent = random.pick(absentSets)
    const row: Record<string, unknown> = {
      id: keyOf(random, keys),
      must: validValues.must?.(random),
    }
    for (const [field, valueFor] of Object.entries(validValues)) {
      if (field === 'must' || absent.includes(field)) continue
      const name = random.chance(0.05) ? field.toUpperCase() : field
      row[name] = random.chance(0.15) ? null : random.chance(0.004) ? undefined : valueFor(random)
    }
    return row
  })
}

const cycle = (): unknown => {
  const value: Record<string, unknown> = { a: 1 }
  value['self'] = { back: value }
  return value
}

const nested = (levels: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < levels; i++) value = [value]
  return value
}

/** One bad value (or bad row) per entry: every error the encoders raise, at least once. */
export const badRows = (): Array<unknown> => {
  const base = { id: 1, must: 'ok' }
  const bad: Array<Record<string, unknown>> = [
    { id: null },
    { id: undefined },
    { id: 1.5 },
    { id: 2 ** 53 },
    { id: 'abc' },
    { id: 2n ** 63n },
    { id: Number.NaN },
    { id: {} },
    { s: 40000 },
    { s: '1.0' },
    { i: 2147483648 },
    { d: '1e2000' },
    { d: '123456789.12345' },
    { d: '12345678901.5' },
    { d: 'abc' },
    { d: '' },
    { d: Number.POSITIVE_INFINITY },
    { d: true },
    { r: 1e39 },
    { r: 1e-50 },
    { r: Number.NaN },
    { r: 2n ** 60n },
    { r: '1e' },
    { f: Number.NEGATIVE_INFINITY },
    { f: 'x' },
    { b: 'true' },
    { b: 1 },
    { c: 'é' },
    { c: 'x'.repeat(21) },
    { c: 'a\u0000' },
    { v: 'a\u0000b' },
    { v: 'x\ud800' },
    { v: '\udc00' },
    { v: {} },
    { v: new Date(0) },
    { v: Number.NaN },
    { v: undefined },
    { vs: 'é'.repeat(7) },
    { email: 'x'.repeat(101) },
    { must: undefined },
    { must: null },
    { dt: '2025-02-30' },
    { dt: new Date(Number.NaN) },
    { dt: '2025-01-01T10:00' },
    { dt: new Date(Date.UTC(10000, 0, 1)) },
    { dt: 20250101 },
    { t: '24:00' },
    { t: '10:00+02' },
    { tz: '10:00+16:00' },
    { ts: '2025-01-31T10:00:00.1234567Z' },
    { ts: 'x' },
    { ts: '0000-01-01' },
    { ts: '2025-13-01' },
    { tstz: '2025-01-31T25:00:00Z' },
    { j: 1n },
    { j: [undefined] },
    { j: cycle() },
    { j: new Map() },
    { j: Number.NaN },
    { j: 'a\u0000' },
    { j: { '\ud800': 1 } },
    { j: { ok: ['x\udfff'] } },
    { j: nested(1001) },
    { j: 'é'.repeat(32768) },
    { j: () => 1 },
    { j: undefined },
    { vb: '00ff' },
    { vb: new Uint8Array(65) },
    { nope: 1 },
    { ID: 2 },
    { email_address: 'a@b' },
    { customerid: 1, customerId: 2 },
  ]
  return [
    { must: 'ok' },
    ...bad.map((fields) => ({ ...base, ...fields })),
    null,
    [],
    5,
    'row',
    undefined,
    new Date(0),
  ]
}
