import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeRow, normalizeTableModel } from '../src/index.js'
import { encodeSizedRow } from '../src/internal/encodeSizedRow.js'
import { utf8ByteLengthPure } from '../src/internal/utf8.js'
import { hostileString } from './arbitraries.js'
import { captureError } from './captureError.js'

// One column of every type kind, so every encoder reports (or implies) its SQL's bytes.
const model = normalizeTableModel({
  schema: 'public',
  name: 'every_kind',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 's', type: 'SMALLINT' },
    { name: 'i', type: 'INTEGER' },
    { name: 'd', type: 'DECIMAL(12,4)' },
    { name: 'r', type: 'REAL' },
    { name: 'f', type: 'DOUBLE PRECISION' },
    { name: 'b', type: 'BOOLEAN' },
    { name: 'c', type: 'CHAR(20)' },
    { name: 'v', type: 'VARCHAR(65535)' },
    { name: 'vs', type: 'VARCHAR(12)' },
    { name: 'dt', type: 'DATE' },
    { name: 't', type: 'TIME' },
    { name: 'tz', type: 'TIMETZ' },
    { name: 'ts', type: 'TIMESTAMP' },
    { name: 'tstz', type: 'TIMESTAMPTZ' },
    { name: 'j', type: 'SUPER' },
    { name: 'vb', type: 'VARBYTE(64)' },
  ],
})

const date = fc.date({
  min: new Date('0001-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59Z'),
  noInvalidDate: true,
})

/** Text that may also hold lone surrogates and NUL: those rows must fail as before. */
const anyText = fc.oneof(
  { weight: 6, arbitrary: hostileString() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', 'a\udfff', '\u0000', '😀'.repeat(4)) },
)

const jsonOf = (text: fc.Arbitrary<string>): fc.Arbitrary<unknown> =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      date,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(text, tie('value'), { maxKeys: 4 }),
    ),
  })).value

const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }), {
    nil: undefined,
    freq: 4,
  })

const withoutAbsent = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))

/** Rows whose every value is valid for its column. */
const validRow = fc
  .record({
    id: fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    s: optional(fc.integer({ min: -32768, max: 32767 })),
    i: optional(fc.integer()),
    d: optional(
      fc.oneof(
        fc
          .tuple(fc.integer({ min: -99999999, max: 99999999 }), fc.nat(9999))
          .map(([a, b]) => `${a}.${b}`),
        fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
      ),
    ),
    r: optional(fc.float({ noNaN: true, noDefaultInfinity: true })),
    f: optional(
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }),
      ),
    ),
    b: optional(fc.boolean()),
    c: optional(
      fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).filter((t) => !t.includes('\u0000')),
    ),
    v: optional(
      fc.oneof(hostileString({ maxLength: 60 }), fc.integer(), fc.bigInt(), fc.boolean()),
    ),
    vs: optional(hostileString({ maxLength: 4 }).filter((t) => utf8ByteLengthPure(t) <= 12)),
    dt: optional(date),
    t: optional(date),
    tz: optional(fc.oneof(date, fc.constantFrom('10:30:00+02:00', '23:59:59.999999-05'))),
    ts: optional(fc.oneof(date, fc.constant('2025-01-31T10:00:00.123456Z'))),
    tstz: optional(date),
    j: optional(jsonOf(hostileString())),
    vb: optional(fc.uint8Array({ maxLength: 64 })),
  })
  .map(withoutAbsent)

/** Rows with values that may be bad: lone surrogates, NUL, over-long text, out of range. */
const anyRow = fc
  .record({
    id: fc.integer(),
    s: optional(fc.integer({ min: -40000, max: 40000 })),
    c: optional(fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 24 }), anyText)),
    v: optional(anyText),
    vs: optional(anyText),
    j: optional(jsonOf(anyText)),
    ts: optional(fc.constantFrom('2025-02-30', '2025-01-31T10:00:00.1234567Z', 'x')),
  })
  .map(withoutAbsent)

/** The error `run` throws, or undefined when it returns. */
const thrownBy = (run: () => unknown): unknown => {
  try {
    run()
    return undefined
  } catch (error) {
    return error
  }
}

describe('encodeSizedRow', () => {
  it('reports the UTF-8 bytes of every value it encodes, and encodes as encodeRow does', () => {
    fc.assert(
      fc.property(validRow, fc.nat(1000), (input, rowIndex) => {
        const sized = encodeSizedRow(model, input, rowIndex)
        expect({ rowIndex: sized.rowIndex, columns: sized.columns, values: sized.values }).toEqual(
          encodeRow(model, input, rowIndex),
        )
        expect(sized.bytes).toEqual(sized.values.map(utf8ByteLengthPure))
      }),
      { numRuns: 1000 },
    )
  })

  it('fails on a bad value exactly as encodeRow does, and sizes what it accepts', () => {
    fc.assert(
      fc.property(anyRow, (input) => {
        const error = thrownBy(() => encodeRow(model, input, 7))
        const sizedError = thrownBy(() => encodeSizedRow(model, input, 7))
        expect(sizedError).toEqual(error)
        if (error !== undefined) {
          expect((sizedError as Error).message).toBe((error as Error).message)
          return
        }
        const sized = encodeSizedRow(model, input, 7)
        expect(sized.bytes).toEqual(sized.values.map(utf8ByteLengthPure))
      }),
      { numRuns: 1000 },
    )
  })

  it('counts multi-byte text and SUPER strings exactly, escapes and doubling included', () => {
    const input = {
      id: 1,
      v: "日本's \\ 😀",
      j: { "k'é": ['a\nb', '"😀"', "it's", '\\', new Date(0)], n: 1.5, e: '' },
    }
    const sized = encodeSizedRow(model, input, 0)
    expect(sized.values).toEqual([
      '1',
      "'日本''s \\\\ 😀'",
      `JSON_PARSE('{"k''é":["a\\\\nb","\\\\"😀\\\\"","it''s","\\\\\\\\","1970-01-01T00:00:00.000Z"],"n":1.5,"e":""}')`,
    ])
    expect(sized.bytes).toEqual(sized.values.map((v) => new TextEncoder().encode(v).length))
  })

  it('keeps the SUPER limit on the JSON bytes, counted from its strings', () => {
    // 16 MB of JSON: 256 strings of 65535 bytes ("é" is 2 bytes) overflow it by their quotes.
    const big = Array.from({ length: 256 }, () => 'é'.repeat(32767) + 'x')
    const error = captureError(() => encodeSizedRow(model, { id: 1, j: big }, 3))
    expect(error).toMatchObject({ _tag: 'ValueEncodingError', column: 'j', rowIndex: 3 })
    expect((error as { reason: string }).reason).toBe(
      `is ${256 * (65535 + 2) + 255 + 2} bytes of JSON, over SUPER's 16777216 per value`,
    )
    const fits = big.slice(0, 255)
    const sized = encodeSizedRow(model, { id: 1, j: fits }, 3)
    expect(sized.bytes[1]).toBe(new TextEncoder().encode(sized.values[1]).length)
  })
})
