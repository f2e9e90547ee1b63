import type { PGlite } from '@electric-sql/pglite'

/**
 * In-memory PGlite keeps each file in one Uint8Array (Emscripten's MEMFS). PostgreSQL extends
 * a relation many blocks at a time with ftruncate (bulk inserts and COPY do), and MEMFS answers
 * every such call with a new array of exactly the new size, copying the whole file: loading a
 * 35 MB table copied it 76 times. Writes past the end grow the array by only 1/8 above 1 MB.
 * Growing both by a quarter makes extending a file cost amortised linear time, for at most a
 * quarter more memory than the file needs while it grows.
 */

/** One MEMFS file: `contents` may be longer than the file; `usedBytes` is its size. */
interface MemoryFile {
  contents: Uint8Array | null
  usedBytes: number
}

/** The MEMFS functions that size a file's array. */
export interface MemoryFileStorage {
  resizeFileStorage(node: MemoryFile, size: number): void
  expandFileStorage(node: MemoryFile, capacity: number): void
}

/** How much larger a file's array gets when it must grow. */
export const GROWTH = 1.5

const patched = Symbol.for('redstore.pgliteMemoryFiles')

const isStorage = (value: unknown): value is MemoryFileStorage =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as MemoryFileStorage).resizeFileStorage === 'function' &&
  typeof (value as MemoryFileStorage).expandFileStorage === 'function'

/**
 * Makes MEMFS grow file arrays geometrically: a resize that extends a file reuses spare
 * capacity (zeroing the new bytes) or allocates `GROWTH` times the old capacity; shrinking
 * keeps MEMFS's own behaviour (an exact array, so memory is given back). Idempotent.
 *
 * @example
 * growFilesGeometrically(memfs)
 * memfs.resizeFileStorage(file, 8192 * 64) // allocates at least 1.25 times the old capacity
 */
export const growFilesGeometrically = (storage: MemoryFileStorage): void => {
  const marked = storage as MemoryFileStorage & { [patched]?: true }
  if (marked[patched]) return
  marked[patched] = true
  const expand = storage.expandFileStorage.bind(storage)
  const resize = storage.resizeFileStorage.bind(storage)
  storage.expandFileStorage = (node, capacity) => {
    const current = node.contents?.length ?? 0
    if (current >= capacity) return
    expand(node, Math.max(capacity, Math.floor(current * GROWTH)))
  }
  storage.resizeFileStorage = (node, size) => {
    const used = node.usedBytes
    const contents = node.contents
    if (size <= used || !(contents instanceof Uint8Array)) {
      resize(node, size)
      return
    }
    if (size > contents.length) {
      const grown = new Uint8Array(Math.max(size, Math.floor(contents.length * GROWTH)))
      grown.set(contents.subarray(0, used))
      node.contents = grown
    } else {
      contents.fill(0, used, size)
    }
    node.usedBytes = size
  }
}

/**
 * Applies `growFilesGeometrically` to a PGlite instance's MEMFS, when the build exposes it
 * (`db.mod.MEMFS`); returns whether it did. Without it PGlite works as before, only slower.
 */
export const growPgliteFilesGeometrically = (db: PGlite): boolean => {
  const storage = (db as unknown as { mod?: { MEMFS?: unknown } }).mod?.MEMFS
  if (!isStorage(storage)) return false
  growFilesGeometrically(storage)
  return true
}
