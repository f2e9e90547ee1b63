import { RedshiftType } from './types/RedshiftType.js'

/**
 * The column type a value suggests, for a field that has no column yet: integer `number` or
 * `bigint` -> BIGINT, other finite `number` -> DOUBLE PRECISION, `boolean` -> BOOLEAN,
 * `string` -> VARCHAR(65535), `Date` -> TIMESTAMPTZ, `Uint8Array` -> VARBYTE(65535), plain
 * object or array -> SUPER. Undefined for `null`, `undefined` and values no column takes
 * (NaN, functions, symbols): a field that is only ever null needs no column.
 *
 * @example
 * ```ts
 * inferColumnType(42)            // { kind: 'bigint' }
 * inferColumnType({ a: 1 })      // { kind: 'super' }
 * inferColumnType(null)          // undefined
 * ```
 */
export const inferColumnType = (value: unknown): RedshiftType | undefined => {
  switch (typeof value) {
    case 'bigint':
      return RedshiftType.bigint()
    case 'number':
      if (!Number.isFinite(value)) return undefined
      return Number.isSafeInteger(value) ? RedshiftType.bigint() : RedshiftType.double()
    case 'boolean':
      return RedshiftType.boolean()
    case 'string':
      return RedshiftType.varchar(65535)
    case 'object': {
      if (value === null) return undefined
      if (value instanceof Date) return RedshiftType.timestamptz()
      if (value instanceof Uint8Array) return RedshiftType.varbyte(65535)
      const prototype = Object.getPrototypeOf(value)
      return Array.isArray(value) || prototype === Object.prototype || prototype === null
        ? RedshiftType.super()
        : undefined
    }
    default:
      return undefined
  }
}

/**
 * The type that takes the values of two inferred types, or undefined when none does: BIGINT
 * and DOUBLE PRECISION widen to DOUBLE PRECISION; any other mix of kinds has no common column.
 *
 * @example
 * ```ts
 * unifyInferredTypes({ kind: 'bigint' }, { kind: 'double' })  // { kind: 'double' }
 * unifyInferredTypes({ kind: 'bigint' }, { kind: 'varchar', length: 65535 }) // undefined
 * ```
 */
export const unifyInferredTypes = (a: RedshiftType, b: RedshiftType): RedshiftType | undefined => {
  if (a.kind === b.kind) return a
  const kinds = new Set([a.kind, b.kind])
  if (kinds.has('bigint') && kinds.has('double')) return RedshiftType.double()
  return undefined
}
