import type { PGlite } from '@electric-sql/pglite'

/**
 * In-memory PGlite keeps each file in one Uint8Array (Emscripten's MEMFS). PostgreSQL extends
 * a relation many blocks at a time with fallocate, which PGlite runs as ftruncate (bulk inserts
 * and COPY do), and MEMFS answers every such call with a new array of exactly the new size,
 * copying the whole file: loading a 35 MB table copied it 76 times. Writes past the end grow
 * the array by only 1/8 above 1 MB, so a table or WAL segment written block by block is
 * copied about 8 times over. Doubling instead copies each byte about once. The spare capacity
 * costs address space, not memory: a new array's pages stay untouched (and unallocated by the
 * operating system) until written.
 */

/** One MEMFS file: `contents` may be longer than the file; `usedBytes` is its size. */
interface MemoryFile {
  contents: Uint8Array | null
  usedBytes: number
}

/** A read or write of MEMFS: `buffer` is the WebAssembly heap (an Int8Array) for PostgreSQL's I/O. */
type MemoryFileIo = (
  stream: unknown,
  buffer: Int8Array | Uint8Array,
  offset: number,
  length: number,
  position: number,
  canOwn?: boolean,
) => number

/** The MEMFS functions that size a file's array, and its reads and writes. */
export interface MemoryFileStorage {
  resizeFileStorage(node: MemoryFile, size: number): void
  expandFileStorage(node: MemoryFile, capacity: number): void
  readonly stream_ops?: { read: MemoryFileIo; write: MemoryFileIo }
}

/** How much larger a file's array gets when it must grow. */
export const GROWTH = 2

const patched = Symbol.for('redstore.pgliteMemoryFiles')

/** `buffer` seen as bytes of the type files hold (Uint8Array), so copies are plain memory moves. */
const asBytes = (buffer: Int8Array | Uint8Array): Uint8Array =>
  buffer instanceof Int8Array
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length)
    : buffer

const isStorage = (value: unknown): value is MemoryFileStorage =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as MemoryFileStorage).resizeFileStorage === 'function' &&
  typeof (value as MemoryFileStorage).expandFileStorage === 'function'

/**
 * Makes MEMFS grow file arrays geometrically: a resize that extends a file reuses spare
 * capacity (zeroing the new bytes) or allocates `GROWTH` times the old capacity; shrinking
 * keeps MEMFS's own behaviour (an exact array, so memory is given back). Reads and writes
 * copy bytes without converting between Int8Array and Uint8Array. Idempotent.
 *
 * @example
 * growFilesGeometrically(memfs)
 * memfs.resizeFileStorage(file, 8192 * 64) // allocates at least twice the old capacity
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
  // PostgreSQL reads and writes through the heap, an Int8Array, and files are Uint8Arrays:
  // TypedArray.set between the two converts byte by byte, about six times slower than a copy.
  const io = storage.stream_ops
  if (io !== undefined && typeof io.read === 'function' && typeof io.write === 'function') {
    const read = io.read.bind(io)
    const write = io.write.bind(io)
    io.read = (stream, buffer, offset, length, position) => {
      const contents = (stream as { node?: MemoryFile }).node?.contents
      return read(
        stream,
        contents instanceof Uint8Array ? asBytes(buffer) : buffer,
        offset,
        length,
        position,
      )
    }
    io.write = (stream, buffer, offset, length, position, canOwn) =>
      write(stream, asBytes(buffer), offset, length, position, canOwn)
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
