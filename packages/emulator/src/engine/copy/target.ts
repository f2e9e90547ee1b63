import { RedshiftSqlError } from '../Engine.js'
import type { SqlConnection } from '../SqlConnection.js'
import { pgIdentifier, pgLiteral } from '../TokenEditor.js'
import { DEFAULT_VARBYTE } from '../translateType.js'
import type { CopyCommand } from './CopyCommand.js'
import type { ColumnKind, CopyColumn } from './convertValue.js'
import type { StoreTarget } from './storeRows.js'

/** The table a COPY loads and the columns it loads, in field order. */
export interface CopyTarget extends StoreTarget {
  /** The table as PostgreSQL text. */
  readonly table: string
  /** The table's own name, for Redshift's "Load into table '<name>' failed". */
  readonly name: string
  readonly tableId: number
  readonly columns: ReadonlyArray<CopyColumn>
}

const KINDS: ReadonlyMap<string, ColumnKind> = new Map([
  ['int2', 'int2'],
  ['int4', 'int4'],
  ['int8', 'int8'],
  ['numeric', 'numeric'],
  ['float4', 'float4'],
  ['float8', 'float8'],
  ['bool', 'bool'],
  ['bpchar', 'char'],
  ['varchar', 'varchar'],
  ['text', 'varchar'],
  ['date', 'date'],
  ['time', 'time'],
  ['timetz', 'timetz'],
  ['timestamp', 'timestamp'],
  ['timestamptz', 'timestamptz'],
  ['jsonb', 'super'],
  ['bytea', 'varbyte'],
])

/**
 * Looks the target table up (through the session's search_path, temp tables first) and
 * picks the columns the COPY loads: the column list, or every column in table order.
 */
export const resolveTarget = async (
  connection: SqlConnection,
  command: CopyCommand,
): Promise<CopyTarget> => {
  const raw = await connection.query(
    `SELECT c.oid::int4, c.relname, a.attname, coalesce(bt.typname, t.typname), t.typname,
            CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
            a.attnotnull OR coalesce(t.typnotnull, false)
       FROM pg_catalog.pg_class AS c
       JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_type AS bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
      WHERE c.oid = pg_catalog.to_regclass(${pgLiteral(command.table)}) AND c.relkind IN ('r', 'p')
      ORDER BY a.attnum`,
  )
  const first = raw.rows[0]
  if (first === undefined) {
    throw new RedshiftSqlError(
      `ERROR: relation "${command.table.replaceAll('"', '')}" does not exist`,
      '42P01',
    )
  }
  const name = first[1] ?? ''
  const all = raw.rows.map((row) => {
    const base = row[3] ?? ''
    const kind = KINDS.get(base)
    const typmod = Number(row[5] ?? -1)
    const domain = row[4] ?? ''
    let length = 0
    let scale = 0
    if (kind === 'char' || kind === 'varchar') length = typmod > 4 ? typmod - 4 : 256
    else if (kind === 'numeric') {
      length = typmod > 4 ? ((typmod - 4) >> 16) & 0xffff : 38
      scale = typmod > 4 ? (typmod - 4) & 0xffff : 0
    } else if (kind === 'varbyte') {
      length = Number(/^varbyte_(\d+)$/.exec(domain)?.[1] ?? DEFAULT_VARBYTE)
    }
    return { name: row[2] ?? '', base, kind, length, scale, notNull: row[6] === 't' }
  })
  const names = command.columns ?? all.map((column) => column.name)
  const seen = new Set<string>()
  const columns = names.map((columnName): CopyColumn => {
    if (seen.has(columnName)) {
      throw new RedshiftSqlError(`ERROR: column "${columnName}" specified more than once`, '42701')
    }
    seen.add(columnName)
    const column = all.find((c) => c.name === columnName)
    if (column === undefined) {
      throw new RedshiftSqlError(
        `ERROR: column "${columnName}" of relation "${name}" does not exist`,
        '42703',
      )
    }
    if (column.kind === undefined) {
      throw new RedshiftSqlError(
        `ERROR: COPY into column "${column.name}" of type ${column.base} is not supported by the emulator`,
        '0A000',
      )
    }
    if (column.kind === 'varbyte' && command.format.kind === 'json') {
      throw new RedshiftSqlError(
        `ERROR: COPY cannot load VARBYTE column "${column.name}" from JSON: load VARBYTE from CSV as hexadecimal text`,
        '0A000',
      )
    }
    return {
      name: column.name,
      kind: column.kind,
      length: column.length,
      scale: column.scale,
      notNull: column.notNull,
    }
  })
  return {
    table: command.table,
    name,
    tableId: Number(first[0]),
    columns,
    copySql: `COPY ${command.table} (${columns.map((c) => pgIdentifier(c.name)).join(', ')}) FROM STDIN`,
  }
}
