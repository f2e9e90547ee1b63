import { createHash } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it, vi } from 'vitest'
import {
  GROWTH,
  growFilesGeometrically,
  growPgliteFilesGeometrically,
  type MemoryFileStorage,
} from '../../src/engine/pgliteMemoryFiles.js'

vi.setConfig({ testTimeout: 60_000 })

interface File {
  contents: Uint8Array | null
  usedBytes: number
}

/** MEMFS's own sizing, as Emscripten writes it: exact arrays on resize, 1/8 more on expand. */
const memfs = () => {
  const calls: string[] = []
  const storage = {
    resizeFileStorage(node: File, size: number) {
      calls.push(`resize ${size}`)
      const old = node.contents
      node.contents = new Uint8Array(size)
      if (old) node.contents.set(old.subarray(0, Math.min(size, node.usedBytes)))
      node.usedBytes = size
    },
    expandFileStorage(node: File, capacity: number) {
      calls.push(`expand ${capacity}`)
      const old = node.contents
      if ((old?.length ?? 0) >= capacity) return
      node.contents = new Uint8Array(capacity)
      if (old) node.contents.set(old.subarray(0, node.usedBytes))
    },
    stream_ops: {
      read: (
        stream: unknown,
        buffer: Int8Array | Uint8Array,
        offset: number,
        length: number,
        position: number,
      ) => {
        const node = (stream as { node: File }).node
        calls.push(`read ${buffer.constructor.name}`)
        buffer.set(node.contents!.subarray(position, position + length) as never, offset)
        return length
      },
      write: (
        stream: unknown,
        buffer: Int8Array | Uint8Array,
        offset: number,
        length: number,
        position: number,
      ) => {
        const node = (stream as { node: File }).node
        calls.push(`write ${buffer.constructor.name}`)
        node.contents!.set(buffer.subarray(offset, offset + length) as never, position)
        node.usedBytes = Math.max(node.usedBytes, position + length)
        return length
      },
    },
  }
  return { storage: storage as MemoryFileStorage & typeof storage, calls }
}

describe('growFilesGeometrically', () => {
  it('extends a file into spare capacity, zeroed, and allocates twice the capacity when it runs out', () => {
    const { storage, calls } = memfs()
    growFilesGeometrically(storage)
    growFilesGeometrically(storage)
    const file: File = { contents: null, usedBytes: 0 }
    storage.resizeFileStorage(file, 1000)
    expect(calls).toEqual(['resize 1000'])
    file.contents!.fill(7)
    storage.resizeFileStorage(file, 1500)
    expect(file.contents!.length).toBe(1000 * GROWTH)
    expect(file.usedBytes).toBe(1500)
    expect([...file.contents!.subarray(998, 1002)]).toEqual([7, 7, 0, 0])
    // Spare bytes once written and cut off are zero again when the file grows back.
    storage.resizeFileStorage(file, 1800)
    file.contents!.fill(9, 1500, 1800)
    file.usedBytes = 1600
    storage.resizeFileStorage(file, 1800)
    expect([...file.contents!.subarray(1598, 1602)]).toEqual([9, 9, 0, 0])
    // Shrinking is MEMFS's own: an exact array.
    storage.resizeFileStorage(file, 10)
    expect(file.contents!.length).toBe(10)
    expect(calls.filter((c) => c.startsWith('resize'))).toEqual(['resize 1000', 'resize 10'])
  })

  it('expands writes past the end by twice the capacity', () => {
    const { storage, calls } = memfs()
    growFilesGeometrically(storage)
    const file: File = { contents: new Uint8Array(4096), usedBytes: 4096 }
    storage.expandFileStorage(file, 5000)
    expect(file.contents!.length).toBe(4096 * GROWTH)
    storage.expandFileStorage(file, 6000)
    expect(calls).toEqual([`expand ${4096 * GROWTH}`])
  })

  it('reads and writes Int8Array heaps through byte views, so copies need no conversion', () => {
    const { storage, calls } = memfs()
    growFilesGeometrically(storage)
    const file: File = { contents: new Uint8Array(8), usedBytes: 0 }
    const heap = new Int8Array([1, -1, 3, -128])
    storage.stream_ops.write({ node: file }, heap, 0, 4, 0)
    expect([...file.contents!.subarray(0, 4)]).toEqual([1, 255, 3, 128])
    const back = new Int8Array(4)
    storage.stream_ops.read({ node: file }, back, 0, 4, 0)
    expect([...back]).toEqual([1, -1, 3, -128])
    expect(calls).toEqual(['write Uint8Array', 'read Uint8Array'])
  })
})

describe('PGlite with files grown geometrically', () => {
  it('keeps every row through inserts, updates, deletes and vacuum', async () => {
    const db = await PGlite.create()
    try {
      expect(growPgliteFilesGeometrically(db)).toBe(true)
      // One statement at a time: several in one exec run as one transaction, and VACUUM cannot.
      for (const sql of [
        'CREATE TABLE g (i int PRIMARY KEY, v text)',
        'INSERT INTO g SELECT i, repeat(md5(i::text), 8) FROM generate_series(1, 60000) i',
        "UPDATE g SET v = v || 'u' WHERE i % 3 = 0",
        'DELETE FROM g WHERE i % 7 = 0',
        'VACUUM g',
        'BEGIN',
        'CREATE TABLE h AS SELECT * FROM g',
        'COMMIT',
      ]) {
        await db.exec(sql)
      }
      const md5 = (text: string) => createHash('md5').update(text).digest('hex')
      let expected = ''
      for (let i = 1; i <= 60000; i++) {
        if (i % 7 === 0) continue
        expected += `${i}:${md5(String(i)).repeat(8)}${i % 3 === 0 ? 'u' : ''};`
      }
      for (const table of ['g', 'h']) {
        const result = await db.query<{ digest: string }>(
          `SELECT md5(string_agg(i || ':' || v, ';' ORDER BY i) || ';') AS digest FROM ${table}`,
        )
        expect(result.rows[0]?.digest).toBe(md5(expected))
      }
    } finally {
      await db.close()
    }
  })
})
