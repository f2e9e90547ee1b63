import { isObject } from '../internal/createTableDefinition.js'
import { isTableDefinition } from '../TableDefinition.js'

/**
 * One field of an OWOX-style schema, as the OWOX connector describes fields: a source type
 * name (`integer`, `string`, `timestamp`, ...; none means string), an optional comment, and
 * an optional Redshift type that wins over the mapping.
 *
 * @example
 * ```ts
 * const amount: OwoxField = { type: 'float', RedshiftType: 'DECIMAL(10,2)', description: 'Gross' }
 * ```
 */
export interface OwoxField {
  readonly type?: string | undefined
  readonly description?: string | undefined
  readonly RedshiftType?: string | undefined
}

/**
 * An OWOX-style schema object (the shape of a `*.schema.json` file): the table, its unique
 * keys and its fields by name. Field names are the row properties; each column is the field
 * name folded to lowercase. Unique key fields are NOT NULL, every other field is nullable.
 *
 * @example
 * ```ts
 * const events: OwoxSchema = {
 *   table: 'events', schema: 'analytics', uniqueKeys: ['id'],
 *   fields: { id: { type: 'integer' }, created_at: { type: 'timestamp', description: 'When' } },
 * }
 * ```
 */
export interface OwoxSchema {
  readonly table: string
  /** `'public'` when not given. */
  readonly schema?: string | undefined
  readonly uniqueKeys: ReadonlyArray<string>
  readonly fields: { readonly [name: string]: OwoxField }
  /** The table comment. */
  readonly description?: string | undefined
}

/**
 * True when `u` looks like an OWOX-style schema object: an object with a `table` member and a
 * `fields` object. Only the shape is checked; `fromOwoxSchema` + `validateTableDefinition`
 * report what is wrong inside, so a code generator finds broken schemas too.
 *
 * @example
 * ```ts
 * isOwoxSchema({ table: 'events', uniqueKeys: ['id'], fields: { id: { type: 'integer' } } }) // true
 * isOwoxSchema(table('events', { ... }))                                                  // false
 * ```
 */
export const isOwoxSchema = (u: unknown): u is OwoxSchema =>
  isObject(u) && !isTableDefinition(u) && 'table' in u && isObject(u.fields)
