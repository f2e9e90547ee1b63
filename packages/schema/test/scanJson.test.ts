import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lineAndColumn, pathKey, scanJson } from '../src/internal/scanJson.js'

const parses = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** JSON text, compact or indented, then possibly damaged by one edit. */
const jsonText = fc
  .tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 2, '\t'))
  .map(([value, indent]) => JSON.stringify(value, null, indent))

const damaged = fc
  .tuple(
    jsonText,
    fc.nat(),
    fc.constantFrom('', '"', ',', '}', ']', ':', '\\', '\n', 'x', '0', ' ', '\u0001'),
  )
  .map(([text, at, insert]) => {
    // Insert a character, or delete one when `insert` is empty.
    const i = at % (text.length + 1)
    return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0))
  })

describe('scanJson', () => {
  it('finds no error exactly where JSON.parse succeeds', () => {
    fc.assert(
      fc.property(fc.oneof(jsonText, damaged, fc.string({ maxLength: 20 })), (text) => {
        expect(scanJson(text).error === undefined).toBe(parses(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('records where each member and element starts', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent)
        const { offsets, error } = scanJson(text)
        expect(error).toBeUndefined()
        const walk = (node: unknown, path: ReadonlyArray<string | number>): void => {
          if (Array.isArray(node)) {
            node.forEach((element, index) => {
              const offset = offsets.get(pathKey([...path, index]))
              expect(offset).toBeDefined()
              expect(text.slice(offset).startsWith(JSON.stringify(element).slice(0, 1))).toBe(true)
              walk(element, [...path, index])
            })
          } else if (typeof node === 'object' && node !== null) {
            for (const [key, member] of Object.entries(node)) {
              const offset = offsets.get(pathKey([...path, key])) ?? -1
              expect(text.slice(offset).startsWith(JSON.stringify(key))).toBe(true)
              walk(member, [...path, key])
            }
          }
        }
        walk(value, [])
      }),
      { numRuns: 300 },
    )
  })

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 })
    expect(lineAndColumn('ab\ncd', 2)).toEqual({ line: 1, column: 3 })
    expect(lineAndColumn('ab\ncd', 3)).toEqual({ line: 2, column: 1 })
    expect(lineAndColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 })
  })

  it('finds repeated member names in each object, not across objects', () => {
    const { duplicates } = scanJson('{"a":{"x":1,"x":2},"b":{"x":1},"a":0,"\\u0061":1}')
    expect(duplicates).toEqual([
      { path: ['a', 'x'], offset: 12 },
      { path: ['a'], offset: 31 },
      { path: ['a'], offset: 37 },
    ])
  })
})
