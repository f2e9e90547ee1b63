import { RedshiftSqlError } from './Engine.js'

/** What the engine knows about the statement that failed, to word the error as Redshift does. */
export interface ErrorContext {
  readonly pid: number
  /** Tables the transaction wrote, most recent last (named in a 1023 error). */
  readonly writtenTables?: ReadonlyArray<string>
}

interface PgErrorFields {
  readonly message: string
  readonly code?: string
  readonly constraint?: string
}

const isPgError = (error: unknown): error is PgErrorFields =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { message?: unknown }).message === 'string' &&
  typeof (error as { code?: unknown }).code === 'string'

const octetsConstraint = /redstore_octets_(varchar|bpchar|varbyte)_(\d+)/

/**
 * Words a database error as Redshift words it (`ERROR: ...`), keeping the SQLSTATE.
 * The one classifier between PostgreSQL's errors and what DescribeStatement reports.
 */
export const toRedshiftError = (error: unknown, context: ErrorContext): RedshiftSqlError => {
  if (RedshiftSqlError.is(error)) return error
  if (!isPgError(error)) {
    const message = error instanceof Error ? error.message : String(error)
    return new RedshiftSqlError(`ERROR: ${message}`)
  }
  const code = error.code
  switch (code) {
    case '40001': {
      const table = context.writtenTables?.at(-1) ?? 'unknown'
      return new RedshiftSqlError(
        `ERROR: 1023 DETAIL: Serializable isolation violation on table - ${table}, transactions forming the cycle are: ${context.pid}`,
        code,
      )
    }
    case '21000':
      if (/MERGE command cannot affect row a second time/.test(error.message)) {
        return new RedshiftSqlError('ERROR: Found multiple matches to update the same tuple.', code)
      }
      break
    case '23514': {
      const match = octetsConstraint.exec(error.constraint ?? error.message)
      if (match) {
        const type =
          match[1] === 'varchar'
            ? 'character varying'
            : match[1] === 'varbyte'
              ? 'varbyte'
              : 'character'
        return new RedshiftSqlError(`ERROR: value too long for type ${type}(${match[2]})`, '22001')
      }
      break
    }
    case '57014':
      return new RedshiftSqlError(`ERROR: Query (${context.pid}) cancelled on user's request`, code)
  }
  return new RedshiftSqlError(`ERROR: ${error.message}`, code)
}

/** The error a cancelled statement ends with. */
export const cancelledError = (pid: number): RedshiftSqlError =>
  new RedshiftSqlError(`ERROR: Query (${pid}) cancelled on user's request`, '57014')
