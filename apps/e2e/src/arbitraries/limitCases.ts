import { quoteLiteral } from '@redstore/sql'
import fc from 'fast-check'
import { fitUtf8Bytes } from '../utf8.js'
import { hostileFragments, hostileText } from './hostileText.js'

/**
 * A value exactly at a type's limit and one past it, each as the JS input `encodeValue` takes
 * and as the SQL text sent raw to the database.
 *
 * @example
 * ```ts
 * const sample: LimitSample = {
 *   type: 'SMALLINT',
 *   atLimit: { input: 32767, raw: '32767' },
 *   over: { input: 32768, raw: '32768' },
 * }
 * ```
 */
export interface LimitSample {
  readonly type: string
  readonly atLimit: { readonly input: unknown; readonly raw: string }
  readonly over: { readonly input: unknown; readonly raw: string }
  /** The error the database answers `over` with. */
  readonly error: RegExp
}

/**
 * A limit under test.
 *
 * @example
 * ```ts
 * for (const limit of limitCases) console.log(limit.label)
 * ```
 */
export interface LimitCase {
  readonly label: string
  readonly samples: fc.Arbitrary<LimitSample>
}

const integerLimit = (type: string, min: bigint, max: bigint): fc.Arbitrary<LimitSample> =>
  fc
    .tuple(
      fc.boolean(),
      // Mostly exactly one past; sometimes far past.
      fc.oneof({ weight: 3, arbitrary: fc.constant(0n) }, fc.bigInt({ min: 0n, max: 10n ** 20n })),
      fc.boolean(),
    )
    .map(([high, beyond, asString]) => {
      const edge = high ? max : min
      const past = high ? max + 1n + beyond : min - 1n - beyond
      const form = (n: bigint) => (asString ? n.toString() : n)
      return {
        type,
        atLimit: { input: form(edge), raw: edge.toString() },
        over: { input: form(past), raw: past.toString() },
        error: new RegExp(`^ERROR: ${type.toLowerCase()} out of range$`),
      }
    })

const decimalLimit: fc.Arbitrary<LimitSample> = fc
  .integer({ min: 1, max: 38 })
  .chain((precision) =>
    fc.tuple(
      fc.constant(precision),
      fc.integer({ min: 0, max: Math.min(precision, 37) }),
      fc.boolean(),
    ),
  )
  .map(([precision, scale, negative]) => {
    const sign = negative ? '-' : ''
    const fraction = scale > 0 ? `.${'9'.repeat(scale)}` : ''
    const atLimit = `${sign}${precision > scale ? '9'.repeat(precision - scale) : '0'}${fraction}`
    // One more integer digit than DECIMAL(p,s) holds.
    const over = `${sign}1${'0'.repeat(precision - scale)}`
    return {
      type: `DECIMAL(${precision},${scale})`,
      atLimit: { input: atLimit, raw: atLimit },
      over: { input: over, raw: over },
      error: /^ERROR: numeric field overflow$/,
    }
  })

// Largest finite single-precision value.
const maxReal = 3.4028234663852886e38

// Smallest positive single-precision value (a subnormal).
const minReal = 1.401298464324817e-45

const realOverflow: fc.Arbitrary<LimitSample> = fc
  .tuple(fc.boolean(), fc.double({ min: 3.5e38, max: 1e308, noNaN: true }))
  .map(([negative, beyond]) => {
    const sign = negative ? -1 : 1
    return {
      type: 'REAL',
      atLimit: { input: sign * maxReal, raw: String(sign * maxReal) },
      over: { input: sign * beyond, raw: String(sign * beyond) },
      error: /^ERROR: "[-0-9.e+]+" is out of range for type real$/,
    }
  })

// A nonzero value that rounds to 0 in single precision underflows.
const realUnderflow: fc.Arbitrary<LimitSample> = fc
  .tuple(fc.boolean(), fc.double({ min: 1e-300, max: 7e-46, noNaN: true }))
  .map(([negative, tiny]) => {
    const sign = negative ? -1 : 1
    return {
      type: 'REAL',
      atLimit: { input: sign * minReal, raw: String(sign * minReal) },
      over: { input: sign * tiny, raw: String(sign * tiny) },
      error: /^ERROR: "[-0-9.e]+" is out of range for type real$/,
    }
  })

const realLimit: fc.Arbitrary<LimitSample> = fc.oneof(realOverflow, realUnderflow)

// One more character after the limit: never a blank (trailing blanks have rules of their own).
const extraChar = fc.constantFrom(
  ...hostileFragments.map((f) => [...f][0] ?? 'x').filter((c) => c.trim() !== ''),
)

const varcharLimit: fc.Arbitrary<LimitSample> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(1, 2, 3, 65535)),
    hostileText(24),
    extraChar,
  )
  .map(([length, text, extra]) => {
    const atLimit = fitUtf8Bytes(text, length)
    const over = atLimit + extra
    return {
      type: `VARCHAR(${length})`,
      atLimit: { input: atLimit, raw: quoteLiteral(atLimit) },
      over: { input: over, raw: quoteLiteral(over) },
      error: new RegExp(`^ERROR: value too long for type character varying\\(${length}\\)$`),
    }
  })

const asciiChar = fc.constantFrom(...'abcXYZ019\'"\\;-/*$ '.split(''))

const charLimit: fc.Arbitrary<LimitSample> = fc
  .tuple(
    fc.integer({ min: 1, max: 64 }),
    fc.array(asciiChar, { maxLength: 64 }),
    fc.constantFrom(...'xyz\'"\\;'.split('')),
  )
  .map(([length, chars, extra]) => {
    const atLimit = chars.join('').padEnd(length, 'q').slice(0, length)
    const over = atLimit + extra
    return {
      type: `CHAR(${length})`,
      atLimit: { input: atLimit, raw: quoteLiteral(atLimit) },
      over: { input: over, raw: quoteLiteral(over) },
      error: new RegExp(`^ERROR: value too long for type character\\(${length}\\)$`),
    }
  })

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

const varbyteLimit: fc.Arbitrary<LimitSample> = fc
  .integer({ min: 1, max: 64 })
  .chain((length) =>
    fc.tuple(fc.constant(length), fc.uint8Array({ minLength: length + 1, maxLength: length + 1 })),
  )
  .map(([length, bytes]) => {
    const atLimit = bytes.slice(0, length)
    return {
      type: `VARBYTE(${length})`,
      atLimit: { input: atLimit, raw: `FROM_HEX('${hex(atLimit)}')` },
      over: { input: bytes, raw: `FROM_HEX('${hex(bytes)}')` },
      error: new RegExp(`^ERROR: value too long for type varbyte\\(${length}\\)$`),
    }
  })

const multiByteChar = fc.constantFrom('é', 'ß', '日', '😀', '\u00a0')

// CHAR holds single-byte characters only: a multi-byte one fails even where its bytes fit.
const charMultiByte: fc.Arbitrary<LimitSample> = fc
  .tuple(fc.integer({ min: 4, max: 32 }), fc.array(asciiChar, { maxLength: 8 }), multiByteChar)
  .map(([length, chars, wide]) => {
    const atLimit = chars.join('').slice(0, length)
    const over = (chars.join('') + wide).slice(-length)
    return {
      type: `CHAR(${length})`,
      atLimit: { input: atLimit, raw: quoteLiteral(atLimit) },
      over: { input: over, raw: quoteLiteral(over) },
      error: /^ERROR: Multibyte character not supported for CHAR/,
    }
  })

const maxSuperString = 65535

// Each string inside a SUPER value holds at most 65535 bytes, at any depth.
const superStringLimit: fc.Arbitrary<LimitSample> = fc
  .tuple(fc.constantFrom('x', 'é', '日'), fc.boolean())
  .map(([unit, nested]) => {
    const unitBytes = Buffer.byteLength(unit)
    const fill = 'a'.repeat(maxSuperString % unitBytes)
    const atLimitText = fill + unit.repeat(Math.floor(maxSuperString / unitBytes))
    const overText = `${atLimitText}a`
    const wrap = (text: string) => (nested ? { outer: [1, { text }] } : [text])
    const raw = (value: unknown) => `JSON_PARSE(${quoteLiteral(JSON.stringify(value))})`
    return {
      type: 'SUPER',
      atLimit: { input: wrap(atLimitText), raw: raw(wrap(atLimitText)) },
      over: { input: wrap(overText), raw: raw(wrap(overText)) },
      error: new RegExp(
        `^ERROR: string of ${maxSuperString + 1} bytes inside a SUPER value exceeds the maximum of ${maxSuperString} bytes$`,
      ),
    }
  })

/**
 * The limits `@redstore/sql` and the emulator both enforce: integer ranges, DECIMAL integer
 * digits, the REAL range, VARCHAR, CHAR and VARBYTE byte lengths, CHAR's single-byte rule and
 * the size of a string inside a SUPER value.
 *
 * @example
 * ```ts
 * const varchar = limitCases.find((c) => c.label === 'VARCHAR(n) bytes')
 * ```
 */
export const limitCases: ReadonlyArray<LimitCase> = [
  { label: 'SMALLINT range', samples: integerLimit('SMALLINT', -32768n, 32767n) },
  { label: 'INTEGER range', samples: integerLimit('INTEGER', -2147483648n, 2147483647n) },
  { label: 'BIGINT range', samples: integerLimit('BIGINT', -(2n ** 63n), 2n ** 63n - 1n) },
  { label: 'DECIMAL(p,s) integer digits', samples: decimalLimit },
  { label: 'REAL range', samples: realLimit },
  { label: 'VARCHAR(n) bytes', samples: varcharLimit },
  { label: 'CHAR(n) bytes', samples: charLimit },
  { label: 'CHAR(n) single-byte characters', samples: charMultiByte },
  { label: 'VARBYTE(n) bytes', samples: varbyteLimit },
  { label: 'SUPER nested string bytes', samples: superStringLimit },
]
