import { TaggedError } from '@redstore/errors'
import { formatSchemaProblem, type SchemaProblem } from './SchemaProblem.js'

/**
 * A table definition has errors, so it has no table model. `problems` holds every problem found
 * (errors and warnings); the message lists them, one a line.
 *
 * @example
 * ```ts
 * try {
 *   toTableModel(users)
 * } catch (error) {
 *   if (isSchemaDefinitionError(error)) for (const p of error.problems) console.error(p.path, p.message)
 * }
 * ```
 */
export class SchemaDefinitionError extends TaggedError(
  'SchemaDefinitionError',
  (f: {
    /** The table as given, for messages (`schema.name`). */
    readonly table: string
    readonly problems: ReadonlyArray<SchemaProblem>
  }) => {
    const errors = f.problems.filter((p) => p.severity === 'error').length
    return (
      `Table definition ${f.table} has ${errors} error${errors === 1 ? '' : 's'}:\n` +
      f.problems.map((p) => `  - ${formatSchemaProblem(p)}`).join('\n')
    )
  },
) {}

/**
 * True when `error` is a `SchemaDefinitionError`, from this or any other loaded copy of the
 * package (checked by tag).
 *
 * @example
 * ```ts
 * if (isSchemaDefinitionError(error)) console.error(error.problems)
 * ```
 */
export const isSchemaDefinitionError = (error: unknown): error is SchemaDefinitionError =>
  SchemaDefinitionError.is(error) && Array.isArray(error.problems)
