import { formatDiagnostic, loadSchemaFiles, type PlannedTable } from '@redstore/codegen'
import { InputError, UsageError } from '../CliError.js'

const nameOf = (table: PlannedTable): string => table.source.exportName ?? table.binding

/**
 * The table a load writes: the schema file loaded as `redstore-codegen` loads it (a DSL module
 * through tsx, an OWOX `*.schema.json`), its diagnostics printed as `file:line:col: ...`, and
 * one table picked: the only one, or the export `--table` names.
 *
 * @throws InputError when the file has errors or no table; UsageError when it has several and
 *   `--table` names none of them.
 * @example
 * ```ts
 * const table = await loadTable('src/schema/orders.ts', undefined, process.cwd(), console.error)
 * ```
 */
export const loadTable = async (
  schemaFile: string,
  exportName: string | undefined,
  cwd: string,
  report: (line: string) => void,
): Promise<PlannedTable> => {
  const { tables, diagnostics } = await loadSchemaFiles([schemaFile], { cwd })
  for (const d of diagnostics) report(formatDiagnostic(d))
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  if (errors > 0) {
    throw new InputError({
      file: schemaFile,
      problem: `the schema file has ${errors} error${errors === 1 ? '' : 's'} (above)`,
      fix: 'Correct the schema file; redstore-codegen reports the same problems',
    })
  }
  if (tables.length === 0) {
    throw new InputError({
      file: schemaFile,
      problem: 'the schema file defines no table',
      fix: "Export a table, e.g. export const orders = table('orders', { ... }), or name an OWOX *.schema.json file",
    })
  }
  const names = tables.map(nameOf)
  if (exportName !== undefined) {
    const picked = tables.find(
      (t) => nameOf(t) === exportName || `${t.model.schema}.${t.model.name}` === exportName,
    )
    if (picked === undefined) {
      throw new UsageError({
        what: `--table ${JSON.stringify(exportName)} is not a table of ${schemaFile}`,
        fix: `Name one of its exports: ${names.join(', ')}`,
      })
    }
    return picked
  }
  if (tables.length > 1) {
    throw new UsageError({
      what: `${schemaFile} defines ${tables.length} tables (${names.join(', ')})`,
      fix: `Pick one with --table <export>, e.g. --table ${names[0]}`,
    })
  }
  return tables[0] as PlannedTable
}
