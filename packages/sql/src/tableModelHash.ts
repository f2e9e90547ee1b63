import { fnv1a64Hex } from './internal/fnv1a64.js'
import type { TableModel } from './TableModel.js'
import { formatType } from './types/RedshiftType.js'

type Canonical = string | number | boolean | ReadonlyArray<Canonical> | CanonicalObject
interface CanonicalObject {
  readonly [key: string]: Canonical | undefined
}

const canonicalText = (value: Canonical): string => {
  if (typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`
  const object = value as CanonicalObject
  const members: Array<string> = []
  for (const key of Object.keys(object).sort()) {
    const member = object[key]
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${canonicalText(member)}`)
  }
  return `{${members.join(',')}}`
}

/**
 * The canonical JSON text of a normalized table model: object keys sorted, types written as
 * Redshift DDL (`formatType`), absent optional members left out, column and key order kept.
 * Two models with the same text describe the same table.
 *
 * @example
 * ```ts
 * tableModelJson(model) // '{"columns":[{"name":"id","nullable":false,"type":"BIGINT"}],"keys":["id"],...}'
 * ```
 */
export const tableModelJson = (model: TableModel): string =>
  canonicalText({
    schema: model.schema,
    name: model.name,
    comment: model.comment,
    distStyle: model.distStyle,
    distKey: model.distKey,
    sortKey:
      model.sortKey === undefined || model.sortKey === 'AUTO'
        ? model.sortKey
        : { style: model.sortKey.style, columns: model.sortKey.columns },
    keys: model.keys,
    columns: model.columns.map((c) => ({
      name: c.name,
      type: formatType(c.type),
      nullable: c.nullable,
      comment: c.comment,
      encode: c.encode,
      field: c.field,
    })),
  })

/**
 * A fingerprint of a normalized table model: the 64-bit FNV-1a hash of the UTF-8 bytes of
 * `tableModelJson(model)`, as 16 lowercase hex digits. The same model gives the same hash in
 * every run and runtime; a change to a name, type, nullability, key, comment, encoding, field,
 * dist or sort key gives another. Pure JavaScript: no `node:crypto`. Not a cryptographic hash.
 *
 * @example
 * ```ts
 * tableModelHash(model) // e.g. '3b1f0c9a7d2e4f61'
 * ```
 */
export const tableModelHash = (model: TableModel): string => fnv1a64Hex(tableModelJson(model))
