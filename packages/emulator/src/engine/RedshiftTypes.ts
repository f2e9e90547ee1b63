import type { EngineColumn } from './Engine.js'

/** How one PostgreSQL type is reported and encoded as a Redshift type. */
export interface RedshiftTypeInfo {
  readonly typeName: string
  readonly cell: 'long' | 'double' | 'boolean' | 'string' | 'blob'
  readonly isSigned: boolean
  readonly isCaseSensitive: boolean
}

const info = (
  typeName: string,
  cell: RedshiftTypeInfo['cell'],
  isSigned = false,
  isCaseSensitive = false,
): RedshiftTypeInfo => ({ typeName, cell, isSigned, isCaseSensitive })

/** PostgreSQL built-in type OIDs the engine reports, by OID. */
const byOid: ReadonlyMap<number, RedshiftTypeInfo> = new Map([
  [16, info('bool', 'boolean')],
  [17, info('varbyte', 'blob')],
  [18, info('char', 'string', false, true)],
  [19, info('name', 'string', false, true)],
  [20, info('int8', 'long', true)],
  [21, info('int2', 'long', true)],
  [23, info('int4', 'long', true)],
  [25, info('varchar', 'string', false, true)],
  [26, info('oid', 'long')],
  [114, info('varchar', 'string', false, true)],
  [700, info('float4', 'double', true)],
  [701, info('float8', 'double', true)],
  [705, info('varchar', 'string', false, true)],
  [1042, info('bpchar', 'string', false, true)],
  [1043, info('varchar', 'string', false, true)],
  [1082, info('date', 'string')],
  [1083, info('time', 'string')],
  [1114, info('timestamp', 'string')],
  [1184, info('timestamptz', 'string')],
  [1186, info('interval', 'string')],
  [1266, info('timetz', 'string')],
  [1700, info('numeric', 'string', true)],
  [3802, info('super', 'string', false, true)],
])

const byName: ReadonlyMap<string, RedshiftTypeInfo> = new Map(
  [...byOid.entries()].map(([oid, value]) => [pgTypeNameOf(oid), value]),
)

function pgTypeNameOf(oid: number): string {
  const names: Record<number, string> = {
    16: 'bool',
    17: 'bytea',
    18: 'char',
    19: 'name',
    20: 'int8',
    21: 'int2',
    23: 'int4',
    25: 'text',
    26: 'oid',
    114: 'json',
    700: 'float4',
    701: 'float8',
    705: 'unknown',
    1042: 'bpchar',
    1043: 'varchar',
    1082: 'date',
    1083: 'time',
    1114: 'timestamp',
    1184: 'timestamptz',
    1186: 'interval',
    1266: 'timetz',
    1700: 'numeric',
    3802: 'jsonb',
  }
  return names[oid] ?? String(oid)
}

const fallback = (typeName: string): RedshiftTypeInfo => info(typeName, 'string', false, true)

/** The Redshift view of a result column's PostgreSQL type OID. */
export const redshiftTypeOfOid = (oid: number): RedshiftTypeInfo =>
  byOid.get(oid) ?? fallback('varchar')

/** The Redshift view of a PostgreSQL type name (`pg_type.typname`, base type of a domain). */
export const redshiftTypeOfName = (typname: string): RedshiftTypeInfo =>
  byName.get(typname) ?? fallback(typname)

/** Length, precision and scale as ColumnMetadata reports them, from a PostgreSQL typmod. */
export const sizeOfTypmod = (
  typeName: string,
  typmod: number,
): { precision: number; scale: number; length: number } => {
  if (typmod < 0) return { precision: 0, scale: 0, length: 0 }
  if (typeName === 'varchar' || typeName === 'bpchar') {
    return { precision: typmod - 4, scale: 0, length: typmod - 4 }
  }
  if (typeName === 'numeric') {
    const packed = typmod - 4
    return { precision: (packed >> 16) & 0xffff, scale: packed & 0xffff, length: 0 }
  }
  return { precision: 0, scale: 0, length: 0 }
}

/** ColumnMetadata of one column of a Redshift type, sized from its PostgreSQL typmod. */
export const columnOfType = (
  type: RedshiftTypeInfo,
  column: {
    readonly name: string
    readonly typmod: number
    readonly nullable: 0 | 1 | 2
    readonly schemaName: string
    readonly tableName: string
  },
): EngineColumn => {
  const size = sizeOfTypmod(type.typeName, column.typmod)
  return {
    name: column.name,
    label: column.name,
    typeName: type.typeName,
    nullable: column.nullable,
    precision: size.precision,
    scale: size.scale,
    length: size.length,
    isSigned: type.isSigned,
    isCaseSensitive: type.isCaseSensitive,
    isCurrency: false,
    schemaName: column.schemaName,
    tableName: column.tableName,
  }
}
