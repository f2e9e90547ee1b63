import type { SchemaPath } from '@redstore/schema'
import { formatSchemaPath } from '@redstore/schema'

/**
 * One problem found by a run, at a place in a file: a schema problem at the property it is
 * about, a file that would not load, an output that is stale. Errors fail the run; warnings
 * are printed and do not (see `CodegenConfig.reservedWords`).
 *
 * @example
 * ```ts
 * const d: Diagnostic = {
 *   severity: 'error', file: 'src/schema/orders.ts', line: 12, column: 12,
 *   message: 'decimal(39, 2) is not a valid Redshift type: precision must be an integer from 1 to 38.',
 *   fix: 'Use decimal(precision, scale) with a precision from 1 to 38.',
 *   path: ['columns', 'total', 'type'],
 * }
 * ```
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning'
  /** The file, relative to the project root, with `/` separators. */
  readonly file: string
  /** 1-based. */
  readonly line: number
  /** 1-based, in UTF-16 code units (what editors show). */
  readonly column: number
  readonly message: string
  /** What to do about it. */
  readonly fix?: string | undefined
  /** The property path inside the `table()` options (or OWOX schema), when there is one. */
  readonly path?: SchemaPath | undefined
}

/**
 * A diagnostic as one line, `file:line:col: severity: message Fix: ... [path]`, the form
 * editors and CI annotations link to the source.
 *
 * @example
 * ```ts
 * formatDiagnostic(d)
 * // 'src/schema/orders.ts:12:12: error: decimal(39, 2) is not a valid Redshift type: ... Fix: ... [columns.total.type]'
 * ```
 */
export const formatDiagnostic = (d: Diagnostic): string =>
  `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}` +
  (d.fix === undefined ? '' : ` Fix: ${d.fix}`) +
  (d.path === undefined || d.path.length === 0 ? '' : ` [${formatSchemaPath(d.path)}]`)

/**
 * Diagnostics in a stable order: by file, line, column, then message.
 *
 * @example
 * ```ts
 * for (const d of sortDiagnostics(result.diagnostics)) console.error(formatDiagnostic(d))
 * ```
 */
export const sortDiagnostics = (diagnostics: ReadonlyArray<Diagnostic>): Array<Diagnostic> =>
  [...diagnostics].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.message, b.message),
  )

/** Code-unit order, the same on every machine and locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * True when any diagnostic is an error.
 *
 * @example
 * ```ts
 * if (hasErrors(result.diagnostics)) process.exitCode = 1
 * ```
 */
export const hasErrors = (diagnostics: ReadonlyArray<Diagnostic>): boolean =>
  diagnostics.some((d) => d.severity === 'error')
