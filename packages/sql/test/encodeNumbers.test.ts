import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeDecimal, normalizedDecimal } from '../src/internal/values/encodeDecimal.js'
import { encodeInteger } from '../src/internal/values/encodeNumber.js'

const outcome = (run: (fail: (reason: string) => never) => string) => {
  try {
    return {
      text: run((reason) => {
        throw new Error(reason)
      }),
    }
  } catch (error) {
    return { reason: (error as Error).message }
  }
}

/** Decimal text of every shape: signs, blanks, leading and trailing zeros, points, exponents. */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+', ' ', '--'),
    fc.stringMatching(/^[0-9]{0,14}$/),
    fc.constantFrom('', '.'),
    fc.stringMatching(/^[0-9]{0,8}$/),
    fc.constantFrom('', 'e2', 'E-3', 'e+0', ' '),
  )
  .map((parts) => parts.join(''))

const decimalValue = fc.oneof(
  decimalText,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
  fc.constantFrom('0', '-0', '0.0', '-0.5', '00', '1.', '.5', '10', '-10.10'),
)

describe('encodeDecimal', () => {
  it('writes canonical text as given, and everything else as the general path does', () => {
    fc.assert(
      fc.property(
        decimalValue,
        fc.integer({ min: 1, max: 38 }),
        fc.integer({ min: 0, max: 37 }),
        (value, precision, rawScale) => {
          const scale = Math.min(rawScale, precision)
          const text = typeof value === 'string' ? value.trim() : String(value)
          expect(outcome((fail) => encodeDecimal(value, precision, scale, fail))).toEqual(
            outcome((fail) => normalizedDecimal(value, text, precision, scale, fail)),
          )
        },
      ),
      { numRuns: 5000 },
    )
  })
})

describe('encodeInteger', () => {
  it('writes a number as its bigint is written, range errors included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(-0, 32768, -32769)),
        fc.constantFrom('smallint', 'integer', 'bigint' as const),
        (value, kind) => {
          expect(outcome((fail) => encodeInteger(value, kind, fail))).toEqual(
            outcome((fail) => encodeInteger(BigInt(value), kind, fail)),
          )
        },
      ),
      { numRuns: 3000 },
    )
  })
})
