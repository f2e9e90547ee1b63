/**
 * Copies strings into and out of byte arrays as UTF-16 code units, little-endian: Node's
 * `Buffer` where it exists, plain JavaScript elsewhere (browsers, workers). Code units are
 * copied as they are, so any string comes back unchanged.
 */
export interface Utf16Codec {
  readonly alloc: (bytes: number) => Uint8Array
  /** Writes `text` at byte `at` of `target`, which has room for it. */
  readonly write: (target: Uint8Array, at: number, text: string) => void
  /** The string of bytes `[start, end)`. */
  readonly read: (source: Uint8Array, start: number, end: number) => string
}

/** The parts of Node's `Buffer` the codec uses; the package has no dependency on Node. */
interface NodeBuffer {
  write(text: string, offset: number, encoding: 'utf16le'): number
  toString(encoding: 'utf16le', start: number, end: number): string
}

interface NodeBufferClass {
  readonly allocUnsafe: (size: number) => Uint8Array
}

const isNodeBufferClass = (value: unknown): value is NodeBufferClass =>
  typeof value === 'function' &&
  typeof (value as { allocUnsafe?: unknown }).allocUnsafe === 'function'

const asNodeBuffer = (bytes: Uint8Array): NodeBuffer => bytes as unknown as NodeBuffer

/** Code units per `String.fromCharCode` call, well under any engine's argument limit. */
const READ_CHUNK = 4096

/** The codec without `Buffer`. */
export const pureUtf16Codec: Utf16Codec = {
  alloc: (bytes) => new Uint8Array(bytes),
  write: (target, at, text) => {
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      target[at + 2 * i] = unit & 0xff
      target[at + 2 * i + 1] = unit >>> 8
    }
  },
  read: (source, start, end) => {
    const parts: Array<string> = []
    const units: Array<number> = []
    for (let at = start; at < end; at += 2) {
      units.push((source[at] as number) | ((source[at + 1] as number) << 8))
      if (units.length === READ_CHUNK) {
        parts.push(String.fromCharCode(...units))
        units.length = 0
      }
    }
    parts.push(String.fromCharCode(...units))
    return parts.join('')
  },
}

/** Picks the codec for a global scope: `Buffer` when the scope has one, else `pureUtf16Codec`. */
export const utf16Codec = (scope: { readonly Buffer?: unknown }): Utf16Codec => {
  const buffer = scope.Buffer
  if (!isNodeBufferClass(buffer)) return pureUtf16Codec
  return {
    alloc: (bytes) => buffer.allocUnsafe(bytes),
    write: (target, at, text) => {
      asNodeBuffer(target).write(text, at, 'utf16le')
    },
    read: (source, start, end) => asNodeBuffer(source).toString('utf16le', start, end),
  }
}

const defaultCodec = utf16Codec(globalThis)

/**
 * A growing array of text outside the JavaScript heap, addressed in UTF-16 code units. The
 * planner keeps a batch's rows here until it writes the batch's INSERTs: held as strings, the
 * rows survived several young-generation collections, each of which copied all of them. UTF-16
 * rather than UTF-8, because reading text back is then a copy (V8 makes a one-byte string of
 * text that fits one) instead of a decode.
 */
export class TextArena {
  /** Two bytes per code unit, little-endian. */
  bytes: Uint8Array
  /** Code units written. */
  length = 0

  constructor(
    private readonly codec: Utf16Codec = defaultCodec,
    capacity = 1 << 16,
  ) {
    this.bytes = codec.alloc(2 * capacity)
  }

  /** Makes room for `extra` more code units. */
  private reserve(extra: number): void {
    const needed = 2 * (this.length + extra)
    if (needed <= this.bytes.length) return
    let size = this.bytes.length * 2
    while (size < needed) size *= 2
    const grown = this.codec.alloc(size)
    grown.set(this.bytes.subarray(0, 2 * this.length))
    this.bytes = grown
  }

  append(text: string): void {
    this.reserve(text.length)
    this.codec.write(this.bytes, 2 * this.length, text)
    this.length += text.length
  }

  /** `append` for a few characters, such as separators, without a call into the codec. */
  appendShort(text: string): void {
    this.reserve(text.length)
    this.writeShort(text)
  }

  /** `open`, `text` and `close` one after another; `open` and `close` are a few characters. */
  appendBetween(open: string, text: string, close: string): void {
    this.reserve(open.length + text.length + close.length)
    this.writeShort(open)
    this.codec.write(this.bytes, 2 * this.length, text)
    this.length += text.length
    this.writeShort(close)
  }

  private writeShort(text: string): void {
    const bytes = this.bytes
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      bytes[2 * this.length] = unit & 0xff
      bytes[2 * this.length + 1] = unit >>> 8
      this.length++
    }
  }

  /** Appends the code units `[start, end)` of `source`. */
  appendFrom(source: TextArena, start: number, end: number): void {
    this.reserve(end - start)
    this.bytes.set(source.bytes.subarray(2 * start, 2 * end), 2 * this.length)
    this.length += end - start
  }

  /** The text of code units `[start, end)`. */
  text(start: number, end: number): string {
    return this.codec.read(this.bytes, 2 * start, 2 * end)
  }

  /** Forgets everything from code unit `length` on; the capacity stays. */
  truncate(length: number): void {
    this.length = length
  }
}
