import { describe, expect, it } from 'vitest'
import { rewriteUnsafeLongs } from '../src/internal/losslessLongs.js'

describe('rewriteUnsafeLongs', () => {
  it('rewrites only integers beyond 2^53 and keeps the exact digits', () => {
    const json =
      '{"Records":[[{"longValue":9007199254740993},{"longValue":42},{"longValue": -9223372036854775808 }]]}'
    expect(JSON.parse(rewriteUnsafeLongs(json))).toEqual({
      Records: [
        [
          { stringValue: '9007199254740993' },
          { longValue: 42 },
          { stringValue: '-9223372036854775808' },
        ],
      ],
    })
  })

  it('keeps safe 16-digit integers as numbers', () => {
    expect(rewriteUnsafeLongs('{"longValue":9007199254740991}')).toBe(
      '{"longValue":9007199254740991}',
    )
  })

  it('never touches text inside string values', () => {
    const json = JSON.stringify({ stringValue: '"longValue":12345678901234567890}' })
    expect(rewriteUnsafeLongs(json)).toBe(json)
  })
})
