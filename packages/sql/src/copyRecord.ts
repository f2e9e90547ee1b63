import { checkPresence, rowFieldValues } from './internal/encodeSizedRow.js'
import type { ByteTally } from './internal/values/ByteTally.js'
import { encodeColumnText } from './internal/values/encodeColumnValue.js'
import { InvalidRowError } from './SqlError.js'
import type { TableModel } from './TableModel.js'
import type { RedshiftTypeKind } from './types/RedshiftType.js'

/**
 * The columns a COPY staging table has before the model's: the input order of the row, which
 * of the model's columns the row carries, and which of its text values equal `COPY_NULL_TEXT`.
 *
 * @example
 * ```ts
 * COPY_META_COLUMNS // ['redstore_seq', 'redstore_present', 'redstore_marker']
 * ```
 */
export const COPY_META_COLUMNS = ['redstore_seq', 'redstore_present', 'redstore_marker'] as const

/**
 * The text COPY reads as NULL (`NULL AS`, Redshift's default `\N`), written unquoted for NULL
 * and for absent fields.
 *
 * @example
 * ```ts
 * COPY_NULL_TEXT // '\\N'
 * ```
 */
export const COPY_NULL_TEXT = '\\N'

/**
 * Redshift's limit on one input record of COPY, in bytes.
 *
 * @example
 * ```ts
 * if (record.bytes > MAX_COPY_RECORD_BYTES) console.warn('too large for COPY')
 * ```
 */
export const MAX_COPY_RECORD_BYTES = 4 * 1024 * 1024

/**
 * One input row as a CSV record for COPY into a staging table (see `COPY_META_COLUMNS`), with
 * what a loader needs to know about it.
 *
 * @example
 * ```ts
 * const record: CopyRecord = { rowIndex: 0, text: '0,11,,1,"Ann"\n', bytes: 14, presence: '11', markers: [], multiline: false }
 * ```
 */
export interface CopyRecord {
  readonly rowIndex: number
  /** The CSV record, ending with `\n`. */
  readonly text: string
  /** UTF-8 bytes of `text`. */
  readonly bytes: number
  /** One character per model column: `1` when the row carries it (null included), `0` when absent. */
  readonly presence: string
  /**
   * Columns whose value CSV cannot carry as itself, restored after the load (see
   * `planCopyLoad`): text equal to `COPY_NULL_TEXT`, and empty VARBYTE (an empty field of a
   * non-text type loads as NULL).
   */
  readonly markers: ReadonlyArray<number>
  /** True when a quoted field holds CR or LF, so that the record spans several lines. */
  readonly multiline: boolean
}

/**
 * Options of `encodeCopyRecord`.
 *
 * @example
 * ```ts
 * encodeCopyRecord(model, row, 7, { unknownFields: 'ignore' })
 * ```
 */
export interface EncodeCopyRecordOptions {
  /** As in `encodeRow`: `error` (default) or `ignore` fields no column has. */
  readonly unknownFields?: 'error' | 'ignore' | undefined
}

/** Kinds whose text may hold the delimiter, quotes or line breaks: always quoted. */
const quotedKinds: ReadonlySet<RedshiftTypeKind> = new Set(['char', 'varchar', 'super'])
const characterKinds: ReadonlySet<RedshiftTypeKind> = new Set(['char', 'varchar'])

const lineBreak = /[\r\n]/

/**
 * Encodes one input row as a CSV record for COPY, with exactly the checks of `encodeRow` (the
 * same typed errors, naming the row index, column and reason). Fields: the row index, the
 * presence mask, the marker list, then every model column in order. NULL and absent fields are
 * an unquoted `\N`; CHAR, VARCHAR and SUPER values are always quoted (so `""` is the empty
 * string and `"\N"` is text, marked for restoring as well); SUPER is its JSON text, VARBYTE
 * hexadecimal (an empty one marked, as it would load as NULL), BOOLEAN
 * `true`/`false`, dates and times ISO text in UTC with up to 6 fractional digits.
 *
 * @throws the errors of `encodeRow`, and InvalidRowError for a record over 4 MB.
 * @example
 * ```ts
 * encodeCopyRecord(model, { id: 1, name: 'say "hi"' }, 0).text // '0,11,,1,"say ""hi"""\n'
 * ```
 */
export const encodeCopyRecord = (
  model: TableModel,
  row: unknown,
  rowIndex: number,
  options: EncodeCopyRecordOptions = {},
): CopyRecord => {
  const given = rowFieldValues(model, row, rowIndex, options.unknownFields ?? 'error')
  const tally: ByteTally = { bytes: 0 }
  let presence = ''
  let fields = ''
  let bytes = 0
  let multiline = false
  let markers: Array<number> | undefined
  const columns = model.columns
  for (let index = 0; index < columns.length; index++) {
    const value = given[index]
    if (!checkPresence(model, index, value, rowIndex)) {
      presence += '0'
      fields += ',\\N'
      bytes += 3
      continue
    }
    presence += '1'
    const column = columns[index] as (typeof columns)[number]
    const text = encodeColumnText(value, column, rowIndex, tally)
    if (text === null) {
      fields += ',\\N'
      bytes += 3
      continue
    }
    const kind = column.type.kind
    if (!quotedKinds.has(kind)) {
      // An empty field is NULL for every type but text: an empty VARBYTE is restored after.
      if (text === '') {
        markers ??= []
        markers.push(index)
      }
      fields += `,${text}`
      bytes += 1 + tally.bytes
      continue
    }
    const quoted = text.includes('"') ? text.replaceAll('"', '""') : text
    fields += `,"${quoted}"`
    bytes += 3 + tally.bytes + (quoted.length - text.length)
    if (characterKinds.has(kind)) {
      if (text === COPY_NULL_TEXT) {
        markers ??= []
        markers.push(index)
      }
      if (!multiline && lineBreak.test(text)) multiline = true
    }
  }
  const seq = String(rowIndex)
  const marker = markers === undefined ? '' : `/${markers.join('/')}/`
  const text = `${seq},${presence},${marker}${fields}\n`
  bytes += seq.length + presence.length + marker.length + 3
  if (bytes > MAX_COPY_RECORD_BYTES) {
    throw new InvalidRowError({
      rowIndex,
      reason: `is ${bytes} bytes as a COPY record, over Redshift's ${MAX_COPY_RECORD_BYTES} bytes per record; shorten its largest values`,
    })
  }
  return { rowIndex, text, bytes, presence, markers: markers ?? [], multiline }
}
