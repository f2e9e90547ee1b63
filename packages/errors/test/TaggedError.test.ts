import { describe, expect, it } from 'vitest'
import { hasAnyTag, hasTag, TaggedError } from '../src/index.js'

class RowTooLargeError extends TaggedError(
  'RowTooLargeError',
  (f: { readonly rowIndex: number; readonly bytes: number; readonly reason?: string }) =>
    `Row ${f.rowIndex} needs ${f.bytes} bytes${f.reason === undefined ? '' : `: ${f.reason}`}.`,
) {}

class NamedError extends TaggedError(
  'NamedError',
  (f: { readonly identifier: string }) => `bad name ${JSON.stringify(f.identifier)}`,
) {
  constructor(args: { readonly name: string }) {
    super({ identifier: args.name })
  }
}

describe('TaggedError', () => {
  it('makes errors with a tag, their fields as data, and a message made of them', () => {
    const error = new RowTooLargeError({ rowIndex: 7, bytes: 120000 })
    expect(error).toBeInstanceOf(Error)
    expect(error._tag).toBe('RowTooLargeError')
    expect(error.name).toBe('RowTooLargeError')
    expect(error.rowIndex).toBe(7)
    expect(error.message).toBe('Row 7 needs 120000 bytes.')
    expect(String(error)).toBe('RowTooLargeError: Row 7 needs 120000 bytes.')
    expect(error.stack?.split('\n')[0]).toBe('RowTooLargeError: Row 7 needs 120000 bytes.')
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      _tag: 'RowTooLargeError',
      name: 'RowTooLargeError',
      rowIndex: 7,
      bytes: 120000,
    })
    expect(Object.keys(error)).toEqual(['_tag', 'name', 'rowIndex', 'bytes'])
  })

  it('recognises errors by tag, so a second copy of a class still matches', () => {
    class Copy extends TaggedError(
      'RowTooLargeError',
      (f: { readonly rowIndex: number }) => `${f.rowIndex}`,
    ) {}
    const fromCopy = new Copy({ rowIndex: 1 })
    expect(fromCopy instanceof RowTooLargeError).toBe(false)
    expect(RowTooLargeError.is(fromCopy)).toBe(true)
    expect(RowTooLargeError.is(new NamedError({ name: 'x' }))).toBe(false)
    expect(RowTooLargeError.is(null)).toBe(false)
    expect(RowTooLargeError.is({ _tag: 'RowTooLargeError' })).toBe(true)
    expect(RowTooLargeError.tag).toBe('RowTooLargeError')
    expect(hasTag(fromCopy, 'RowTooLargeError')).toBe(true)
    expect(hasAnyTag(fromCopy, new Set(['NamedError', 'RowTooLargeError']))).toBe(true)
    expect(hasAnyTag('RowTooLargeError', new Set(['RowTooLargeError']))).toBe(false)
  })

  it('lets a subclass take other arguments than its fields', () => {
    const error = new NamedError({ name: '' })
    expect(error.identifier).toBe('')
    expect(error.name).toBe('NamedError')
    expect(error.message).toBe('bad name ""')
  })
})
