import fc from 'fast-check'
import { fitUtf8Bytes, utf8Bytes } from '../utf8.js'
import { hostileText } from './hostileText.js'
import {
  dateSamples,
  type TemporalSample,
  timeSamples,
  timestampSamples,
  timestamptzSamples,
  timetzSamples,
} from './temporalSamples.js'

/**
 * Values for one column type: the type text and input values with what each reads back as.
 *
 * @example
 * ```ts
 * const sample: TypedSample = { type: 'CHAR(3)', values: [{ input: 'a', expected: 'a  ' }] }
 * ```
 */
export interface TypedSample {
  readonly type: string
  readonly values: ReadonlyArray<{ readonly input: unknown; readonly expected: unknown }>
}

/**
 * One column type under test: how to generate values, read them back and normalize them.
 *
 * @example
 * ```ts
 * for (const c of typedCases) console.log(c.label)
 * ```
 */
export interface TypedCase {
  readonly label: string
  readonly samples: fc.Arbitrary<TypedSample>
  /** SQL that reads the column back (default: the column itself). */
  readonly select?: (column: string) => string
  /** The value as decoded by the Data API client, in the form `expected` is written in. */
  readonly read?: (stored: unknown) => unknown
}

const sampleOf = (
  type: string,
  value: fc.Arbitrary<{ input: unknown; expected: unknown }>,
): fc.Arbitrary<TypedSample> =>
  fc.array(value, { minLength: 1, maxLength: 8 }).map((values) => ({ type, values }))

const asBigInt = (stored: unknown): unknown =>
  typeof stored === 'number' || typeof stored === 'bigint' ? BigInt(stored) : stored

// An integer as a number (when safe), a bigint or its decimal text.
const integerInputs = (min: bigint, max: bigint) =>
  fc
    .tuple(
      fc.oneof(fc.bigInt({ min, max }), fc.constantFrom(min, max, 0n, -1n, 1n)),
      fc.constantFrom('number', 'bigint', 'string'),
    )
    .map(([n, form]) => ({
      input:
        form === 'string'
          ? n.toString()
          : form === 'number' && Number.isSafeInteger(Number(n))
            ? Number(n)
            : n,
      expected: n,
    }))

const digits = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength })

/** The text Redshift prints for a DECIMAL(p,s) value: no leading zeros, exactly s decimals. */
const printedDecimal = (negative: boolean, int: string, frac: string, scale: number): string => {
  const whole = int.replace(/^0+/, '') || '0'
  const fraction = frac.padEnd(scale, '0')
  const zero = /^0*$/.test(whole + fraction)
  return `${negative && !zero ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`
}

/**
 * One DECIMAL value in the form asked for, when that form can carry it exactly: plain text,
 * text with an exponent (`12345e-2`), or a JS number (at most 15 significant digits, printed
 * without an exponent by `String`).
 */
const decimalInput = (
  text: string,
  allDigits: string,
  fractionLength: number,
  form: 'text' | 'exponent' | 'number',
): string | number => {
  if (form === 'exponent' && /[0-9]/.test(allDigits)) return `${allDigits}e-${fractionLength}`
  if (form === 'number') {
    const n = Number(text)
    const significant = allDigits.replace(/^-?0*/, '').length
    if (significant <= 15 && !/e/.test(String(n)) && !Object.is(n, -0)) return n
  }
  return text
}

const decimalSample = fc
  .integer({ min: 1, max: 38 })
  .chain((precision) =>
    fc.tuple(fc.constant(precision), fc.integer({ min: 0, max: Math.min(precision, 37) })),
  )
  .chain(([precision, scale]) =>
    sampleOf(
      `DECIMAL(${precision},${scale})`,
      fc
        .tuple(
          fc.boolean(),
          digits(precision - scale),
          digits(scale),
          fc.boolean(),
          fc.constantFrom('text', 'exponent', 'number'),
        )
        .map(([negative, int, frac, fullInt, form]) => {
          // Half the values use every integer digit the type holds: the precision limit.
          const intDigits =
            fullInt && precision > scale
              ? `9${int}`.padEnd(precision - scale, '7').slice(0, precision - scale)
              : int
          const sign = negative ? '-' : ''
          const text = `${sign}${intDigits === '' ? '0' : intDigits}${frac === '' ? '' : `.${frac}`}`
          return {
            input: decimalInput(text, `${sign}${intDigits}${frac}`, frac.length, form),
            expected: printedDecimal(negative, intDigits, frac, scale),
          }
        }),
    ),
  )

const finite = (n: number): boolean => Number.isFinite(n) && !Object.is(n, -0)

const charSample = fc.integer({ min: 1, max: 40 }).chain((length) =>
  sampleOf(
    `CHAR(${length})`,
    fc
      .string({
        unit: fc.constantFrom(...' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~'),
        maxLength: length,
      })
      .map((text) => ({ input: text, expected: text.padEnd(length, ' ') })),
  ),
)

const varcharSample = fc
  .oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(1, 2, 3, 4, 65535))
  .chain((length) =>
    sampleOf(
      `VARCHAR(${length})`,
      fc
        .tuple(hostileText(24), fc.boolean())
        // Exactly at the byte limit, or anything shorter.
        .map(([text, exact]) => fitUtf8Bytes(text, length, exact ? 'a' : ''))
        .filter((text) => utf8Bytes(text) <= length)
        .map((text) => ({ input: text, expected: text })),
    ),
  )

// SUPER values JSON can carry: no -0 (JSON has none), no `__proto__` key.
const superValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText(4),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter(finite),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .uniqueArray(fc.tuple(hostileText(2), tie('value')), { maxLength: 4, selector: ([k]) => k })
      .map((entries) => Object.fromEntries(entries.filter(([k]) => k !== '__proto__'))),
  ),
})).value

const varbyteSample = fc
  .oneof(fc.integer({ min: 1, max: 64 }), fc.constant(1024000))
  .chain((length) =>
    sampleOf(
      `VARBYTE(${length})`,
      fc
        .uint8Array({ maxLength: Math.min(length, 256) })
        .map((bytes) => ({ input: bytes, expected: Array.from(bytes) })),
    ),
  )

const temporal = (type: string, samples: fc.Arbitrary<TemporalSample>) => sampleOf(type, samples)

/**
 * Every column type of the typed-value round trip, with valid values up to their limits and
 * the normalization each documents: integers compare as bigint, REAL as single precision,
 * DECIMAL as printed with its scale, CHAR padded with blanks, times and timestamps as printed
 * in UTC with trailing fractional zeros dropped, SUPER as parsed JSON, VARBYTE as bytes.
 *
 * @example
 * ```ts
 * const smallint = typedCases.find((c) => c.label === 'SMALLINT')
 * ```
 */
export const typedCases: ReadonlyArray<TypedCase> = [
  {
    label: 'SMALLINT',
    samples: sampleOf('SMALLINT', integerInputs(-32768n, 32767n)),
    read: asBigInt,
  },
  {
    label: 'INTEGER',
    samples: sampleOf('INTEGER', integerInputs(-2147483648n, 2147483647n)),
    read: asBigInt,
  },
  {
    label: 'BIGINT',
    samples: sampleOf('BIGINT', integerInputs(-(2n ** 63n), 2n ** 63n - 1n)),
    read: asBigInt,
  },
  { label: 'DECIMAL(p,s)', samples: decimalSample },
  {
    label: 'REAL',
    samples: sampleOf(
      'REAL',
      fc
        .float({ noNaN: true, noDefaultInfinity: true })
        .filter(finite)
        .map((n) => ({ input: n, expected: n })),
    ),
    // REAL prints the shortest text that names the single-precision value.
    read: (stored) => (typeof stored === 'number' ? Math.fround(stored) : stored),
  },
  {
    label: 'DOUBLE PRECISION',
    samples: sampleOf(
      'DOUBLE PRECISION',
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter(finite)
        .map((n) => ({ input: n, expected: n })),
    ),
  },
  {
    label: 'BOOLEAN',
    samples: sampleOf(
      'BOOLEAN',
      fc.boolean().map((b) => ({ input: b, expected: b })),
    ),
  },
  { label: 'CHAR(n)', samples: charSample },
  { label: 'VARCHAR(n)', samples: varcharSample },
  { label: 'DATE', samples: temporal('DATE', dateSamples()) },
  { label: 'TIME', samples: temporal('TIME', timeSamples()) },
  { label: 'TIMETZ', samples: temporal('TIMETZ', timetzSamples()) },
  { label: 'TIMESTAMP', samples: temporal('TIMESTAMP', timestampSamples()) },
  { label: 'TIMESTAMPTZ', samples: temporal('TIMESTAMPTZ', timestamptzSamples()) },
  {
    label: 'SUPER',
    samples: sampleOf(
      'SUPER',
      superValue.map((v) => ({ input: v, expected: v })),
    ),
    select: (column) => `JSON_SERIALIZE(${column})`,
    read: (stored) => (typeof stored === 'string' ? JSON.parse(stored) : stored),
  },
  {
    label: 'VARBYTE(n)',
    samples: varbyteSample,
    read: (stored) => (stored instanceof Uint8Array ? Array.from(stored) : stored),
  },
]
