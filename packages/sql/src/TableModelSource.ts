import { normalizeTableModel, type TableModel, type TableModelInput } from './TableModel.js'

/**
 * The key under which an object offers its table model. A registered symbol, so an object made
 * by another loaded copy of a package is recognised too.
 *
 * @example
 * ```ts
 * const source = { [tableModelSource]: () => model }
 * ```
 */
export const tableModelSource: unique symbol = Symbol.for('@redstore/sql/tableModelSource')

/**
 * An object that yields a normalized table model, such as a schema DSL table definition.
 * Code that takes a table model can take one of these wherever it takes a `TableModel`.
 *
 * @example
 * ```ts
 * const source: TableModelSource = { [tableModelSource]: () => normalizeTableModel(input) }
 * ```
 */
export interface TableModelSource {
  readonly [tableModelSource]: () => TableModel
}

/**
 * True when `u` offers a table model under `tableModelSource`.
 *
 * @example
 * ```ts
 * isTableModelSource({ [tableModelSource]: () => model }) // true
 * isTableModelSource(model)                               // false
 * ```
 */
export const isTableModelSource = (u: unknown): u is TableModelSource =>
  (typeof u === 'object' || typeof u === 'function') &&
  u !== null &&
  typeof (u as { [tableModelSource]?: unknown })[tableModelSource] === 'function'

/**
 * The table model for what a caller passed: a source's own model, or the input normalized.
 * A model that is already normalized normalizes to an equal model.
 *
 * @throws whatever the source throws, or `normalizeTableModel`'s errors.
 * @example
 * ```ts
 * const model = resolveTableModel(usersTable) // a schema DSL definition
 * const same = resolveTableModel({ schema: 'public', name: 'users', keys: ['id'],
 *   columns: [{ name: 'id', type: 'BIGINT' }] })
 * ```
 */
export const resolveTableModel = (
  input: TableModelInput | TableModel | TableModelSource,
): TableModel =>
  isTableModelSource(input) ? input[tableModelSource]() : normalizeTableModel(input)
