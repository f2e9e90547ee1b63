import type { PGlite } from '@electric-sql/pglite'
import { TaggedError } from '@redstore/errors'
import type { RawField, RawResult } from './SqlConnection.js'

/** A database error read off the wire, with the fields the error classifier uses. */
export class PgliteError extends TaggedError(
  'PgliteError',
  (f: {
    readonly message: string
    readonly code: string
    readonly detail: string | undefined
    readonly constraint: string | undefined
    readonly table: string | undefined
    /** The context lines (`COPY t, line 2, column c: "..."` for a value COPY refused). */
    readonly where: string | undefined
  }) => f.message,
) {
  constructor(
    message: string,
    code: string,
    detail: string | undefined,
    constraint: string | undefined,
    table: string | undefined,
    where: string | undefined,
  ) {
    super({ message, code, detail, constraint, table, where })
  }
}

const encoder = new TextEncoder()
// ignoreBOM keeps a leading U+FEFF that is part of the value.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

const queryMessage = (sql: string): Uint8Array => {
  const text = encoder.encode(sql)
  const message = new Uint8Array(1 + 4 + text.length + 1)
  message[0] = 0x51 // 'Q'
  new DataView(message.buffer).setInt32(1, 4 + text.length + 1)
  message.set(text, 5)
  return message
}

/** Reads NUL-terminated strings and big-endian integers from one backend message. */
class MessageReader {
  #at: number
  readonly #view: DataView
  constructor(
    readonly bytes: Uint8Array,
    at: number,
  ) {
    this.#at = at
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  int16(): number {
    const value = this.#view.getInt16(this.#at)
    this.#at += 2
    return value
  }
  int32(): number {
    const value = this.#view.getInt32(this.#at)
    this.#at += 4
    return value
  }
  byte(): number {
    return this.bytes[this.#at++] as number
  }
  cstring(): string {
    const end = this.bytes.indexOf(0, this.#at)
    const value = decoder.decode(this.bytes.subarray(this.#at, end))
    this.#at = end + 1
    return value
  }
  text(length: number): string {
    const value = decoder.decode(this.bytes.subarray(this.#at, this.#at + length))
    this.#at += length
    return value
  }
}

const readError = (reader: MessageReader): PgliteError => {
  const fields = new Map<string, string>()
  for (let code = reader.byte(); code !== 0; code = reader.byte()) {
    fields.set(String.fromCharCode(code), reader.cstring())
  }
  return new PgliteError(
    fields.get('M') ?? 'unknown error',
    fields.get('C') ?? 'XX000',
    fields.get('D'),
    fields.get('n'),
    fields.get('t'),
    fields.get('W'),
  )
}

/** Reads a backend's reply up to ReadyForQuery; throws the first ErrorResponse in it. */
const readReply = (reply: Uint8Array): RawResult => {
  let fields: RawField[] = []
  const rows: Array<Array<string | null>> = []
  let command = ''
  let rowCount = 0
  let error: PgliteError | undefined
  let at = 0
  while (at + 5 <= reply.length) {
    const type = reply[at] as number
    const length = new DataView(reply.buffer, reply.byteOffset + at + 1, 4).getInt32(0)
    const reader = new MessageReader(reply, at + 5)
    switch (type) {
      case 0x54: {
        // RowDescription
        const count = reader.int16()
        fields = []
        for (let i = 0; i < count; i++) {
          const name = reader.cstring()
          const tableID = reader.int32()
          const columnID = reader.int16()
          const dataTypeID = reader.int32()
          reader.int16()
          const typeModifier = reader.int32()
          reader.int16()
          fields.push({ name, tableID, columnID, dataTypeID, typeModifier })
        }
        break
      }
      case 0x44: {
        // DataRow
        const count = reader.int16()
        const row: Array<string | null> = []
        for (let i = 0; i < count; i++) {
          const size = reader.int32()
          row.push(size < 0 ? null : reader.text(size))
        }
        rows.push(row)
        break
      }
      case 0x43: {
        // CommandComplete: "INSERT 0 3", "UPDATE 2", "SELECT 5", "CREATE TABLE", "COPY 7"
        const tag = reader.cstring()
        const parts = tag.split(' ')
        command = parts[0] ?? ''
        const last = Number(parts.at(-1))
        rowCount = Number.isInteger(last) ? last : 0
        break
      }
      case 0x45:
        // ErrorResponse: keep the first; ReadyForQuery follows
        error ??= readError(reader)
        break
    }
    at += 1 + length
  }
  if (error) throw error
  return {
    fields,
    rows,
    command,
    rowCount: fields.length > 0 ? rows.length : rowCount,
  }
}

/**
 * Runs one statement over PostgreSQL's simple query protocol and reads the reply itself:
 * values stay exact text (PGlite's own reader drops a leading byte-order mark) and each
 * column keeps its type modifier and source table.
 */
export const pgliteSimpleQuery = async (db: PGlite, sql: string): Promise<RawResult> =>
  readReply(await db.execProtocolRaw(queryMessage(sql)))

/**
 * Runs `COPY ... FROM STDIN` with `data` as its whole input: the Query, one CopyData and a
 * CopyDone go to the backend in one call, which reads them in order (after a refused row it
 * answers with the error and skips the rest of the data). Returns the rows copied.
 *
 * @example
 * await pgliteCopyFrom(db, 'COPY t (a, b) FROM STDIN', Buffer.from('1\tone\n2\t\\N\n')) // 2
 */
export const pgliteCopyFrom = async (
  db: PGlite,
  sql: string,
  data: Uint8Array,
): Promise<number> => {
  const text = encoder.encode(sql)
  const query = 1 + 4 + text.length + 1
  const message = Buffer.allocUnsafe(query + (1 + 4 + data.length) + (1 + 4))
  message[0] = 0x51 // 'Q'
  message.writeInt32BE(query - 1, 1)
  message.set(text, 5)
  message[query - 1] = 0
  message[query] = 0x64 // 'd' CopyData
  message.writeInt32BE(4 + data.length, query + 1)
  message.set(data, query + 5)
  const done = query + 5 + data.length
  message[done] = 0x63 // 'c' CopyDone
  message.writeInt32BE(4, done + 1)
  return readReply(await db.execProtocolRaw(message)).rowCount
}
