import { analyzeDefinition } from './internal/analyzeDefinition.js'
import type { SchemaProblem } from './SchemaProblem.js'
import type { TableDefinition } from './TableDefinition.js'

/**
 * Every problem of a table definition, found in one pass, each with the path of the property
 * it is about (`['columns', 'total', 'type']`), a message and a fix. Errors: invalid names
 * (empty, over 127 UTF-8 bytes, NUL), names Redshift folds to one, invalid types and type
 * arguments, `.redshiftType()` overrides that do not parse or do not fit the builder's values,
 * missing, nullable, SUPER or repeated keys, no keys, no columns, over 1,600 columns, bad
 * dist and sort keys. Warnings: Redshift reserved words as names. Never throws.
 *
 * @example
 * ```ts
 * const bad = table('orders', { uniqueKeys: ['id'], columns: { id: bigint(), total: decimal(39, 2) } })
 * validateTableDefinition(bad)
 * // [{ severity: 'error', path: ['columns', 'total', 'type'],
 * //    message: 'decimal(39, 2) is not a valid Redshift type: precision must be an integer from 1 to 38.',
 * //    fix: 'Use decimal(precision, scale) with a precision from 1 to 38 ...' }]
 * ```
 */
export const validateTableDefinition = (
  definition: TableDefinition,
): ReadonlyArray<SchemaProblem> => analyzeDefinition(definition).problems
