import { encodeColumnValue } from '../internal/values/encodeColumnValue.js'
import type { ColumnModel } from '../TableModel.js'

/**
 * Encodes one JS value as SQL text for a column: a numeric literal, a quoted literal,
 * `TRUE`/`FALSE`, `JSON_PARSE('...')`, `FROM_HEX('...')` or `NULL`. See the package README
 * for the values each type accepts.
 *
 * @throws ValueEncodingError naming the column, its type, the reason and (if given) the row.
 * @example
 * ```ts
 * const column = { name: 'price', type: RedshiftType.decimal(10, 2), nullable: true }
 * encodeValue('19.90', column)   // '19.9'
 * encodeValue(null, column)      // 'NULL'
 * encodeValue('1.999', column)   // throws ValueEncodingError (3 fractional digits)
 * ```
 */
export const encodeValue = (value: unknown, column: ColumnModel, rowIndex?: number): string =>
  encodeColumnValue(value, column, rowIndex, { bytes: 0 })
