import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { carefulSuperJson, superJson } from '../src/internal/values/encodeSuper.js'
import { hostileString } from './arbitraries.js'

/** The JSON and its byte count, or the reason it fails with. */
const outcome = (encode: typeof superJson, value: unknown) => {
  const tally = { bytes: -1 }
  try {
    const json = encode(
      value,
      (reason) => {
        throw new Error(reason)
      },
      tally,
    )
    return { json, bytes: tally.bytes }
  } catch (error) {
    return { reason: (error as Error).message }
  }
}

class Point {
  x = 1
}

/** Values a SUPER column may be given, valid or not: every kind the careful walk tells apart. */
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString({ maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom(
      '\u0000',
      'a\ud800',
      '\udc00b',
      '\\u0000',
      'x'.repeat(22000),
      'é'.repeat(40000),
    ),
    fc.double(),
    fc.constantFrom(-0, 1e21, Number.NaN, Number.POSITIVE_INFINITY),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt({ min: -10n, max: 10n }),
    fc.date({ noInvalidDate: false }),
    fc.constantFrom(
      new Point(),
      new Map(),
      () => 1,
      Symbol('s'),
      { toJSON: () => 'replaced' },
      Object.assign(['a'], { toJSON: () => 'replaced' }),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => {
      const sparse = [...items]
      sparse.length += 2
      return sparse
    }),
    fc.dictionary(hostileString({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
    fc
      .dictionary(hostileString({ maxLength: 4 }), tie('value'), { maxKeys: 3 })
      .map((members) => Object.assign(Object.create(null), members)),
  ),
})).value

describe('superJson', () => {
  it('writes and rejects exactly what the careful walk writes and rejects', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(outcome(superJson, value)).toEqual(outcome(carefulSuperJson, value))
      }),
      { numRuns: 3000 },
    )
  })

  it('agrees on cycles, deep nesting and shared members', () => {
    const cyclic: Record<string, unknown> = { a: [1] }
    cyclic['b'] = { c: cyclic }
    let deep: unknown = 'end'
    for (let i = 0; i < 1000; i++) deep = [deep]
    const shared = { s: 'x' }
    for (const value of [cyclic, deep, [deep], { d: deep }, [shared, shared, { shared }]]) {
      expect(outcome(superJson, value)).toEqual(outcome(carefulSuperJson, value))
    }
    expect(outcome(superJson, cyclic)).toEqual({
      reason: 'refers to itself at $.b.c (a cycle)',
    })
  })
})
