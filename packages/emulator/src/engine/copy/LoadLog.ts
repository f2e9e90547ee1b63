import { pgLiteral } from '../TokenEditor.js'

/** One bad line of a COPY, as STL_LOAD_ERRORS and SYS_LOAD_ERROR_DETAIL show it. */
export interface LoadErrorRow {
  readonly userId: number
  readonly tableId: number
  /** UTC start of the COPY, `YYYY-MM-DD HH:MI:SS.ffffff`. */
  readonly startTime: string
  readonly session: number
  readonly query: number
  readonly database: string
  readonly fileName: string
  readonly lineNumber: number
  readonly columnName: string
  readonly columnType: string
  readonly columnLength: string
  readonly position: number
  readonly rawLine: string
  readonly rawFieldValue: string
  readonly errorCode: number
  readonly errorReason: string
}

/** The load error views the engine answers from its log. */
export const LOAD_ERROR_VIEWS = ['stl_load_errors', 'sys_load_error_detail'] as const
export type LoadErrorView = (typeof LOAD_ERROR_VIEWS)[number]

/** Column name, PostgreSQL type and value of a row, per view, in the documented order. */
const COLUMNS: Record<
  LoadErrorView,
  ReadonlyArray<readonly [string, string, (row: LoadErrorRow) => string | number]>
> = {
  stl_load_errors: [
    ['userid', 'int4', (r) => r.userId],
    ['slice', 'int4', () => 0],
    ['tbl', 'int4', (r) => r.tableId],
    ['starttime', 'timestamp', (r) => r.startTime],
    ['session', 'int4', (r) => r.session],
    ['query', 'int4', (r) => r.query],
    ['filename', 'char(256)', (r) => r.fileName],
    ['line_number', 'int8', (r) => r.lineNumber],
    ['colname', 'char(127)', (r) => r.columnName],
    ['type', 'char(10)', (r) => r.columnType],
    ['col_length', 'char(10)', (r) => r.columnLength],
    ['position', 'int4', (r) => r.position],
    ['raw_line', 'char(1024)', (r) => r.rawLine],
    ['raw_field_value', 'char(1024)', (r) => r.rawFieldValue],
    ['err_code', 'int4', (r) => r.errorCode],
    ['err_reason', 'char(100)', (r) => r.errorReason],
    ['is_partial', 'int4', () => 0],
    ['start_offset', 'int8', () => 0],
    ['copy_job_id', 'int8', () => 0],
  ],
  sys_load_error_detail: [
    ['user_id', 'int4', (r) => r.userId],
    ['query_id', 'int8', (r) => r.query],
    ['transaction_id', 'int8', (r) => r.query],
    ['session_id', 'int4', (r) => r.session],
    ['database_name', 'char(64)', (r) => r.database],
    ['table_id', 'int4', (r) => r.tableId],
    ['start_time', 'timestamp', (r) => r.startTime],
    ['file_name', 'char(256)', (r) => r.fileName],
    ['line_number', 'int8', (r) => r.lineNumber],
    ['column_name', 'char(127)', (r) => r.columnName],
    ['column_type', 'char(10)', (r) => r.columnType],
    ['column_length', 'char(10)', (r) => r.columnLength],
    ['position', 'int4', (r) => r.position],
    ['error_code', 'int4', (r) => r.errorCode],
    ['error_message', 'char(512)', (r) => r.errorReason],
  ],
}

const sizeOf = (type: string): number | undefined => {
  const m = /^char\((\d+)\)$/.exec(type)
  return m ? Number(m[1]) : undefined
}

const literal = (value: string | number, type: string): string => {
  if (typeof value === 'number') return `${value}::${type}`
  const size = sizeOf(type)
  // char(n) columns hold at most n characters; longer text is cut, as the system tables do.
  const text = size === undefined ? value : value.slice(0, size)
  return `${pgLiteral(text)}::${type}`
}

/**
 * The load errors of one database, kept outside any transaction (a failed COPY rolls back
 * its rows, not its errors), newest last, at most `capacity` rows.
 */
export class LoadLog {
  readonly #rows: LoadErrorRow[] = []
  constructor(readonly capacity = 1000) {}

  add(rows: ReadonlyArray<LoadErrorRow>): void {
    this.#rows.push(...rows)
    if (this.#rows.length > this.capacity) this.#rows.splice(0, this.#rows.length - this.capacity)
  }

  get rows(): ReadonlyArray<LoadErrorRow> {
    return this.#rows
  }

  /** A parenthesised query with the view's columns and rows, to stand where its name was written. */
  relationSql(view: LoadErrorView): string {
    const columns = COLUMNS[view]
    const rows = this.#rows
    if (rows.length === 0) {
      return `(SELECT ${columns.map(([name, type]) => `NULL::${type} AS ${name}`).join(', ')} WHERE false)`
    }
    const values = rows
      .map((row) => `(${columns.map(([, type, get]) => literal(get(row), type)).join(', ')})`)
      .join(', ')
    return `(SELECT * FROM (VALUES ${values}) AS v(${columns.map(([name]) => name).join(', ')}))`
  }
}
