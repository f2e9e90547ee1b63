import { InvalidTypeError, UnknownSourceTypeError } from '../SqlError.js'
import { parseRedshiftType } from './parseRedshiftType.js'
import { RedshiftType } from './RedshiftType.js'

/**
 * A field description in a source schema, as the OWOX connector's schema objects carry it.
 *
 * @example
 * ```ts
 * const field: SourceField = { type: 'float', RedshiftType: 'DECIMAL(10,2)' }
 * ```
 */
export interface SourceField {
  /** The source's type name (`integer`, `string`, `timestamp`, ...); absent means string. */
  readonly type?: string | undefined
  /** A Redshift type that overrides the mapping of `type`, e.g. `DECIMAL(10,2)`. */
  readonly RedshiftType?: string | undefined
}

const mapping: ReadonlyArray<readonly [ReadonlyArray<string>, () => RedshiftType]> = [
  // The OWOX connector's table.
  [['integer', 'int'], RedshiftType.bigint],
  [['float', 'number'], RedshiftType.double],
  [['boolean', 'bool'], RedshiftType.boolean],
  [['date'], RedshiftType.date],
  [['datetime', 'timestamp'], RedshiftType.timestamp],
  [['json'], RedshiftType.super],
  [['string'], () => RedshiftType.varchar(65535)],
  // Names sources use beyond that table.
  [['long', 'int64', 'bigint'], RedshiftType.bigint],
  [['int32'], RedshiftType.integer],
  [['int16', 'short'], RedshiftType.smallint],
  [['double', 'float64'], RedshiftType.double],
  [['float32'], RedshiftType.real],
  // BigQuery's NUMERIC scale: keeps money and rates exact where a bare DECIMAL(18,0) would drop them.
  [['numeric', 'decimal'], () => RedshiftType.decimal(38, 9)],
  [['object', 'array', 'record', 'struct'], RedshiftType.super],
  [['time'], RedshiftType.time],
  [['timetz'], RedshiftType.timetz],
  [['timestamptz', 'datetimetz'], RedshiftType.timestamptz],
  [['text'], () => RedshiftType.varchar(65535)],
  [['bytes', 'binary'], () => RedshiftType.varbyte(65535)],
]

const byName: ReadonlyMap<string, () => RedshiftType> = new Map(
  mapping.flatMap(([names, build]) => names.map((name) => [name, build] as const)),
)

/**
 * Every source type name `resolveSourceType` maps, in table order.
 *
 * @example
 * ```ts
 * sourceTypeNames.includes('int64') // true
 * ```
 */
export const sourceTypeNames: ReadonlyArray<string> = mapping.flatMap(([names]) => names)

/**
 * Resolves a source field to a Redshift type. `RedshiftType` wins when set; otherwise `type`
 * maps as the OWOX connector maps it (integer/int -> BIGINT, float/number -> DOUBLE
 * PRECISION, boolean/bool -> BOOLEAN, date -> DATE, datetime/timestamp -> TIMESTAMP,
 * json -> SUPER, string or none -> VARCHAR(65535)), plus the names other sources use
 * (`sourceTypeNames`); Redshift type text such as `VARCHAR(100)` is accepted as `type` too.
 *
 * @throws UnknownSourceTypeError for a name with no mapping (never a silent VARCHAR).
 * @throws InvalidTypeError for an invalid `RedshiftType`.
 * @example
 * ```ts
 * resolveSourceType({ type: 'integer' })                           // BIGINT
 * resolveSourceType({ type: 'float', RedshiftType: 'DECIMAL(10,2)' }) // DECIMAL(10,2)
 * resolveSourceType({ type: 'uuid' }, 'id')                        // throws UnknownSourceTypeError
 * ```
 */
export const resolveSourceType = (field: SourceField, column?: string): RedshiftType => {
  const withColumn = column === undefined ? {} : { column }
  if (field.RedshiftType !== undefined && field.RedshiftType.trim() !== '') {
    try {
      return parseRedshiftType(field.RedshiftType)
    } catch (error) {
      if (InvalidTypeError.is(error)) {
        throw new InvalidTypeError({ type: error.type, reason: error.reason, ...withColumn })
      }
      throw error
    }
  }
  const name = (field.type ?? '').trim().toLowerCase()
  if (name === '') return RedshiftType.varchar(65535)
  const build = byName.get(name)
  if (build !== undefined) return build()
  try {
    return parseRedshiftType(name)
  } catch {
    throw new UnknownSourceTypeError({
      typeName: field.type ?? '',
      known: sourceTypeNames,
      ...withColumn,
    })
  }
}
