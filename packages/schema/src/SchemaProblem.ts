/**
 * Where a problem is: the property path inside the object given to `table()` (or the OWOX
 * schema object), e.g. `['columns', 'customerEmail']`, `['uniqueKeys', 1]`. Inside a column,
 * a last segment names the builder call in its chain: `'type'` is the builder's own arguments
 * (`decimal(39, 2)`), then `'redshiftType'`, `'columnName'`, `'describe'`, `'encode'`.
 * `['name']` is the table name given to `table()` as its first argument.
 *
 * @example
 * ```ts
 * const path: SchemaPath = ['columns', 'total', 'type']
 * ```
 */
export type SchemaPath = ReadonlyArray<string | number>

/**
 * One problem in a table definition: where it is, what is wrong, and what to do. An `error`
 * stops `toTableModel`; a `warning` (a Redshift reserved word as a name) does not.
 *
 * @example
 * ```ts
 * const problem: SchemaProblem = {
 *   severity: 'error',
 *   path: ['uniqueKeys'],
 *   message: 'The table has no unique keys: MERGE needs at least one key column to match rows.',
 *   fix: "List the key properties, e.g. uniqueKeys: ['id'].",
 * }
 * ```
 */
export interface SchemaProblem {
  readonly severity: 'error' | 'warning'
  readonly path: SchemaPath
  readonly message: string
  readonly fix: string
  /** 1-based line in JSON text, when the problem was found in text (`parseOwoxSchemaJson`). */
  readonly line?: number
  /** 1-based column (UTF-16 code units) in JSON text, with `line`. */
  readonly column?: number
}

const plainSegment = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * A path written as a property access, for messages.
 *
 * @example
 * ```ts
 * formatSchemaPath(['columns', 'total', 'type']) // 'columns.total.type'
 * formatSchemaPath(['uniqueKeys', 1])            // 'uniqueKeys[1]'
 * formatSchemaPath(['fields', 'created at'])     // 'fields["created at"]'
 * formatSchemaPath([])                           // '(table)'
 * ```
 */
export const formatSchemaPath = (path: SchemaPath): string => {
  if (path.length === 0) return '(table)'
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`
      if (plainSegment.test(segment)) return index === 0 ? segment : `.${segment}`
      return `[${JSON.stringify(segment)}]`
    })
    .join('')
}

/**
 * A problem as one line: path, severity when a warning, message and fix.
 *
 * @example
 * ```ts
 * formatSchemaProblem(problem) // 'uniqueKeys: The table has no unique keys: ... Fix: List the key properties, ...'
 * ```
 */
export const formatSchemaProblem = (problem: SchemaProblem): string =>
  `${formatSchemaPath(problem.path)}` +
  (problem.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`) +
  `: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message} Fix: ${problem.fix}`

/**
 * True when any problem is an error (one `toTableModel` would refuse).
 *
 * @example
 * ```ts
 * if (hasSchemaErrors(validateTableDefinition(users))) process.exitCode = 1
 * ```
 */
export const hasSchemaErrors = (problems: ReadonlyArray<SchemaProblem>): boolean =>
  problems.some((p) => p.severity === 'error')
