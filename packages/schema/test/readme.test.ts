import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

const root = join(import.meta.dirname, '..')

describe('README', () => {
  it('shows examples/orders.ts as its first example, importing the published name', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const example = readFileSync(join(root, 'examples', 'orders.ts'), 'utf8')
    const first = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(first).toBe(example.replace("from '../src/index.js'", "from '@redstore/schema'"))
  })

  it('runs its example', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { ddl, batches } = await import('../examples/orders.js')
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
    expect(ddl).toContain('"order_note" VARCHAR(65535)')
    expect(batches).toHaveLength(1)
    expect(batches[0]?.sqls[1]).toContain(
      '("orderid", "customeremail", "total", "order_note", "items", "placedat")',
    )
  })
})
