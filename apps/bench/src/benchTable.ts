import { normalizeTableModel, type TableModel, type TableModelInput } from '@redstore/sql'

/**
 * The 12 columns every benchmark writes: keys, short and long multi-byte text, decimals,
 * timestamps, a boolean and two SUPER values, like an orders export from a web shop.
 */
export const benchColumns: TableModelInput['columns'] = [
  { name: 'id', type: 'BIGINT', nullable: false },
  { name: 'customer_id', type: 'INTEGER' },
  { name: 'sku', type: 'VARCHAR(32)' },
  { name: 'title', type: 'VARCHAR(200)' },
  { name: 'description', type: 'VARCHAR(4000)' },
  { name: 'price', type: 'DECIMAL(12,2)' },
  { name: 'discount', type: 'DECIMAL(5,4)' },
  { name: 'ordered_at', type: 'TIMESTAMP' },
  { name: 'updated_at', type: 'TIMESTAMPTZ' },
  { name: 'paid', type: 'BOOLEAN' },
  { name: 'attributes', type: 'SUPER' },
  { name: 'tags', type: 'SUPER' },
]

/**
 * The benchmark table model in `schema`, named `name`, keyed on `id`.
 *
 * @example
 * ```ts
 * const model = benchTable('bench', 'orders_e2e_1k')
 * ```
 */
export const benchTable = (schema: string, name: string): TableModel =>
  normalizeTableModel({ schema, name, keys: ['id'], columns: benchColumns })

/**
 * The 10 columns of the upsert benchmark: `benchColumns` without the long description and the
 * tag array (about 230 bytes of SQL a row).
 *
 * @example
 * ```ts
 * normalizeTableModel({ schema: 'bench', name: 't', keys: ['id'], columns: benchColumns10 })
 * ```
 */
export const benchColumns10: TableModelInput['columns'] = benchColumns.filter(
  (c) => c.name !== 'description' && c.name !== 'tags',
)

/**
 * The 10-column benchmark table model in `schema`, named `name`, keyed on `id`.
 *
 * @example
 * ```ts
 * const model = benchTable10('bench', 'orders_5k')
 * ```
 */
export const benchTable10 = (schema: string, name: string): TableModel =>
  normalizeTableModel({ schema, name, keys: ['id'], columns: benchColumns10 })
