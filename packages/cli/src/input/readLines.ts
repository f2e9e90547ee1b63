import { isUtf8 } from 'node:buffer'
import { InputError } from '../CliError.js'

/**
 * One line of an input, as `readLines` yields it.
 *
 * @example
 * ```ts
 * const line: InputLine = { line: 3, text: '{"id":3}', terminator: '\n', validUtf8: true }
 * ```
 */
export interface InputLine {
  /** 1-based line number in the input. */
  readonly line: number
  /** The line without its terminator (and, on line 1, without a UTF-8 byte order mark). */
  readonly text: string
  /** How the line ended: `\n`, `\r\n`, or `''` for a last line without a terminator. */
  readonly terminator: '' | '\n' | '\r\n'
  /** False when the line's bytes are not valid UTF-8 (`text` then holds U+FFFD for them). */
  readonly validUtf8: boolean
}

/**
 * Options of `readLines`.
 *
 * @example
 * ```ts
 * readLines(stream, { name: 'data.csv', maxLineBytes: 16 * 1024 * 1024 })
 * ```
 */
export interface ReadLinesOptions {
  /** The input's name in errors (`data.csv`, `-`). */
  readonly name: string
  /** A longer line is an `InputError`: memory stays bounded on a file without line breaks. */
  readonly maxLineBytes?: number | undefined
}

/** 64 MiB: far above COPY's 4 MB record and a SUPER value's 16 MB. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024

const LF = 0x0a
const CR = 0x0d
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/**
 * Splits a byte stream into lines, keeping each line's number: LF or CRLF line ends (a CR
 * elsewhere is data), UTF-8, a byte order mark at the start dropped. Lines are cut on bytes, so
 * a chunk boundary inside a multi-byte character is harmless; only one line is held at a time.
 *
 * @throws InputError when a line is longer than `maxLineBytes`.
 * @example
 * ```ts
 * for await (const { line, text } of readLines(createReadStream('data.ndjson'), { name: 'data.ndjson' })) console.log(line, text)
 * ```
 */
export async function* readLines(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadLinesOptions,
): AsyncGenerator<InputLine, void, undefined> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  let pending: Array<Buffer> = []
  let pendingBytes = 0
  let line = 0
  const make = (bytes: Buffer, terminated: boolean): InputLine => {
    line++
    let body = bytes
    if (line === 1 && body.subarray(0, 3).equals(BOM)) body = body.subarray(3)
    let terminator: InputLine['terminator'] = ''
    if (terminated) {
      terminator = '\n'
      if (body.length > 0 && body[body.length - 1] === CR) {
        body = body.subarray(0, body.length - 1)
        terminator = '\r\n'
      }
    }
    return { line, text: body.toString('utf8'), terminator, validUtf8: isUtf8(body) }
  }
  const tooLong = (): InputError =>
    new InputError({
      file: options.name,
      line: line + 1,
      problem: `the line is longer than ${Math.round(maxLineBytes / 1024 / 1024)} MiB`,
      fix: 'Check the format: NDJSON has one object per line, CSV one record per line (line breaks inside quoted fields are fine)',
    })
  for await (const piece of source) {
    const chunk =
      typeof piece === 'string'
        ? Buffer.from(piece, 'utf8')
        : Buffer.isBuffer(piece)
          ? piece
          : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
    let start = 0
    for (;;) {
      const end = chunk.indexOf(LF, start)
      if (end === -1) break
      const part = chunk.subarray(start, end)
      if (pendingBytes + part.length > maxLineBytes) throw tooLong()
      const bytes = pending.length === 0 ? part : Buffer.concat([...pending, part])
      pending = []
      pendingBytes = 0
      yield make(bytes, true)
      start = end + 1
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      pendingBytes += rest.length
      if (pendingBytes > maxLineBytes) throw tooLong()
      pending.push(rest)
    }
  }
  if (pendingBytes > 0) yield make(Buffer.concat(pending), false)
}
