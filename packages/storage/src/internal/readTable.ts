import type { DataApiError, DataApiShape, Row, Session } from '@redstore/data-api'
import { columnField, quoteIdent, quoteQualifiedName, type TableModel } from '@redstore/sql'
import { Stream } from 'effect'
import type { ReadOptions } from '../StorageOptions.js'

/** The SELECT that reads the model's columns of the table. */
export const selectSql = (model: TableModel, options: ReadOptions): string => {
  const columns = model.columns.map((c) => quoteIdent(c.name)).join(', ')
  const order =
    (options.orderBy ?? 'keys') === 'keys' && model.keys.length > 0
      ? ` ORDER BY ${model.keys.map(quoteIdent).join(', ')}`
      : ''
  const limit = options.limit === undefined ? '' : ` LIMIT ${options.limit}`
  return `SELECT ${columns} FROM ${quoteQualifiedName(model.schema, model.name)}${order}${limit}`
}

/**
 * A record as the model describes it: keyed by the names rows use (`columnField`), BIGINT as
 * `bigint`, DECIMAL as its exact text, dates and times as the database's text, SUPER parsed,
 * VARBYTE as bytes, NULL as null.
 */
export const decodeRecord = (model: TableModel, row: Row): Record<string, unknown> => {
  const record: Record<string, unknown> = {}
  for (const column of model.columns) {
    let value = row[column.name] ?? null
    if (column.type.kind === 'bigint' && (typeof value === 'number' || typeof value === 'string')) {
      value = BigInt(value)
    }
    Object.defineProperty(record, columnField(column), {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return record
}

/** The table's rows, decoded, page by page (GetStatementResult pages as they are read). */
export const readTable = (
  api: DataApiShape,
  model: TableModel,
  options: ReadOptions,
  session: Session | undefined,
): Stream.Stream<Record<string, unknown>, DataApiError> => {
  const sql = selectSql(model, options)
  const rows = session === undefined ? api.query(sql) : session.query(sql)
  return Stream.map(rows, (row) => decodeRecord(model, row))
}
