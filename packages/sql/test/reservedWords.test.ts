import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isReservedWord, redshiftReservedWords } from '../src/index.js'

describe('redshiftReservedWords', () => {
  it("holds the 156 words of Redshift's reserved word list, in lowercase", () => {
    expect(redshiftReservedWords.size).toBe(156)
    for (const word of redshiftReservedWords) expect(word).toBe(word.toLowerCase())
    for (const word of ['aes128', 'timestamp', 'user', 'order', 'without', 'current_user_id']) {
      expect(redshiftReservedWords.has(word)).toBe(true)
    }
  })

  it('compares in lowercase and knows what is not reserved', () => {
    expect(isReservedWord('User')).toBe(true)
    expect(isReservedWord('ORDER')).toBe(true)
    expect(isReservedWord('TimeStamp')).toBe(true)
    // The guide notes START and CONNECT are not reserved; DATE and NAME are not listed.
    for (const name of ['start', 'connect', 'date', 'name', 'user_id', 'orders', '', ' user']) {
      expect(isReservedWord(name)).toBe(false)
    }
    expect(isReservedWord(42 as unknown as string)).toBe(false)
  })

  it('agrees with the set for any spelling', () => {
    const word = fc.constantFrom(...redshiftReservedWords)
    fc.assert(
      fc.property(word, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (w, upper) => {
        const spelled = [...w].map((c, i) => (upper[i] === true ? c.toUpperCase() : c)).join('')
        expect(isReservedWord(spelled)).toBe(true)
        expect(isReservedWord(`${spelled}_`)).toBe(false)
      }),
    )
  })
})
