import type { TableModel } from '@redstore/sql'
import { analyzeDefinition } from './internal/analyzeDefinition.js'
import { SchemaDefinitionError } from './SchemaDefinitionError.js'
import type { TableDefinition } from './TableDefinition.js'

const labelOf = (definition: unknown): string => {
  const { schema, name } = (definition ?? {}) as { schema?: unknown; name?: unknown }
  return `${typeof schema === 'string' ? schema : '?'}.${typeof name === 'string' ? name : '?'}`
}

/**
 * The normalized `@redstore/sql` table model of a definition: names folded, types resolved,
 * each column's `field` set to its property where the two differ. The same (frozen) model
 * object is returned for a definition every time. Warnings do not stop it.
 *
 * @throws SchemaDefinitionError listing every problem, when the definition has errors.
 * @example
 * ```ts
 * const model = toTableModel(orders)
 * model.columns[1] // { name: 'customeremail', field: 'customerEmail', type: ..., nullable: false }
 * ```
 */
export const toTableModel = (definition: TableDefinition): TableModel => {
  const { model, problems } = analyzeDefinition(definition)
  if (model === undefined) {
    throw new SchemaDefinitionError({ table: labelOf(definition), problems })
  }
  return model
}
