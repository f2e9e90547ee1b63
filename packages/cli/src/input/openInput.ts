import { once } from 'node:events'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { InputError } from '../CliError.js'
import { type InputLine, readLines } from './readLines.js'

/**
 * An input opened for one pass: its lines, and how many of its bytes (as stored: compressed
 * for `.gz`) were read so far, for progress.
 *
 * @example
 * ```ts
 * const input = await openInputFile('data.ndjson', { name: 'data.ndjson', gzip: false })
 * for await (const line of input.lines) console.log(line.line, input.bytesRead())
 * ```
 */
export interface OpenedInput {
  readonly lines: AsyncIterable<InputLine>
  readonly bytesRead: () => number
}

/**
 * What a file looked like when it was opened, to tell whether it changed between passes.
 *
 * @example
 * ```ts
 * const { size } = await fileIdentity('data.csv', 'data.csv')
 * ```
 */
export interface FileIdentity {
  readonly size: number
  readonly mtimeMs: number
}

/**
 * The size and modification time of an input file.
 *
 * @throws InputError when it is missing or not a file.
 */
export const fileIdentity = async (path: string, name: string): Promise<FileIdentity> => {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(path)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new InputError({
      file: name,
      problem:
        code === 'ENOENT' ? 'no such file' : `the file cannot be read (${String(code ?? error)})`,
      fix: 'Check the path (relative to the working directory), or pass - to read stdin',
    })
  }
  if (!info.isFile()) {
    throw new InputError({
      file: name,
      problem: 'is not a file',
      fix: 'Name an NDJSON or CSV file, or pass - and pipe the data to stdin',
    })
  }
  return { size: info.size, mtimeMs: info.mtimeMs }
}

interface Counter {
  bytes: number
}

async function* counted(
  source: AsyncIterable<Uint8Array>,
  counter: Counter,
  copyTo: WriteStream | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  let finished = false
  try {
    for await (const chunk of source) {
      counter.bytes += chunk.byteLength
      if (copyTo !== undefined && !copyTo.write(chunk)) await once(copyTo, 'drain')
      yield chunk
    }
    if (copyTo !== undefined) {
      copyTo.end()
      await once(copyTo, 'finish')
    }
    finished = true
  } finally {
    if (!finished) copyTo?.destroy()
  }
}

async function* gunzipped(
  source: AsyncIterable<Uint8Array>,
  name: string,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* Readable.from(source, { objectMode: false }).pipe(createGunzip())
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new InputError({
        file: name,
        problem: `is not valid gzip (${code})`,
        fix: 'Check the file, or rename it without .gz if it is not compressed',
      })
    }
    throw error
  }
}

/**
 * Options of `openInput`.
 *
 * @example
 * ```ts
 * const options: OpenInputOptions = { name: 'data.csv.gz', gzip: true }
 * ```
 */
export interface OpenInputOptions {
  /** The input's name in messages. */
  readonly name: string
  /** Gunzip the bytes (a `.gz` input). */
  readonly gzip: boolean
  /** A file the raw bytes are copied to as they are read (stdin, kept for a second pass). */
  readonly copyTo?: string | undefined
  readonly maxLineBytes?: number | undefined
}

/**
 * Opens a byte source (a file's stream, stdin) for one pass, streaming: lines are cut as bytes
 * arrive, after gunzip for a `.gz` input, and the raw bytes may be copied to a file on the way.
 *
 * @example
 * ```ts
 * const input = openInput(process.stdin, { name: 'stdin', gzip: false, copyTo: '/tmp/redstore-spool' })
 * ```
 */
export const openInput = (
  source: AsyncIterable<Uint8Array>,
  options: OpenInputOptions,
): OpenedInput => {
  const counter: Counter = { bytes: 0 }
  const copyTo = options.copyTo === undefined ? undefined : createWriteStream(options.copyTo)
  const raw = counted(source, counter, copyTo)
  const bytes = options.gzip ? gunzipped(raw, options.name) : raw
  return {
    lines: readLines(bytes, { name: options.name, maxLineBytes: options.maxLineBytes }),
    bytesRead: () => counter.bytes,
  }
}

/**
 * Opens a file for one pass (see `openInput`).
 *
 * @example
 * ```ts
 * const input = openInputFile('data.ndjson', { name: 'data.ndjson', gzip: false })
 * ```
 */
export const openInputFile = (path: string, options: OpenInputOptions): OpenedInput =>
  openInput(createReadStream(path, { highWaterMark: 256 * 1024 }), options)
