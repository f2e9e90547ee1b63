import {
  fromOwoxSchema,
  isOwoxSchema,
  isTableDefinition,
  parseOwoxSchemaJson,
  type SchemaPath,
  type SchemaProblem,
  type TableDefinition,
  toTableModel,
  validateTableDefinition,
} from '@redstore/schema'
import { tableModelHash } from '@redstore/sql'
import type { PlannedTable, TableSource } from './CodegenModel.js'
import type { Diagnostic } from './Diagnostic.js'
import { compareText } from './Diagnostic.js'
import { loadErrorFix, loadErrorMessage, loadErrorPosition } from './internal/loadErrors.js'
import type { ImportOutcome } from './internal/loadModules.js'
import type { ModuleLocator, SourcePosition } from './internal/locateInModule.js'
import { camelName, pascalName } from './internal/names.js'

/**
 * A schema file as the load step read it: a module (its text and what importing it gave) or
 * an OWOX `*.schema.json` file (its text).
 *
 * @example
 * ```ts
 * const input: SchemaFileInput = { kind: 'json', file: 'src/schema/events.schema.json', text }
 * ```
 */
export type SchemaFileInput =
  | {
      readonly kind: 'module'
      /** Relative to the project root, `/` separators. */
      readonly file: string
      readonly text: string
      readonly outcome: ImportOutcome
      /** Named on the command line: a module without definitions is then worth a warning. */
      readonly explicit?: boolean | undefined
    }
  | { readonly kind: 'json'; readonly file: string; readonly text: string }

/**
 * How strict analysis is.
 *
 * @example
 * ```ts
 * const options: AnalyzeOptions = { reservedWords: 'error' }
 * ```
 */
export interface AnalyzeOptions {
  /** Whether schema warnings (Redshift reserved words as names) fail the run. Default `warn`. */
  readonly reservedWords?: 'error' | 'warn' | undefined
}

/** The tables to generate and every diagnostic, in one pass over all files. */
export interface SchemaAnalysis {
  readonly tables: ReadonlyArray<PlannedTable>
  readonly diagnostics: ReadonlyArray<Diagnostic>
}

/** Makes the locator of one module's source; TypeScript's parser is loaded only when needed. */
export type LocatorFactory = (file: string, text: string) => Promise<ModuleLocator>

/** The default locator factory: TypeScript's parser, from ts-morph, imported on first use. */
export const typescriptLocator: LocatorFactory = async (file, text) => {
  const [{ ts }, { ModuleLocator }] = await Promise.all([
    import('ts-morph'),
    import('./internal/locateInModule.js'),
  ])
  return new ModuleLocator(ts, file, text)
}

interface Found {
  readonly source: TableSource
  readonly definition: TableDefinition
  readonly binding: string
  /** Problems already placed (JSON files give lines and columns). */
  readonly problems: ReadonlyArray<SchemaProblem>
}

const baseName = (file: string): string =>
  (file.split('/').pop() ?? file).replace(/(\.schema)?\.(json|[cm]?[jt]sx?)$/, '')

const definitionsOf = (file: string, exports: Readonly<Record<string, unknown>>): Array<Found> => {
  const found: Array<Found> = []
  for (const name of Object.keys(exports).sort(compareText)) {
    const value = exports[name]
    const binding = camelName(name === 'default' ? baseName(file) : name)
    if (isTableDefinition(value)) {
      found.push({
        source: { file, form: 'table', exportName: name },
        definition: value,
        binding,
        problems: validateTableDefinition(value),
      })
    } else if (isOwoxSchema(value)) {
      const definition = fromOwoxSchema(value)
      found.push({
        source: { file, form: 'owoxObject', exportName: name },
        definition,
        binding,
        problems: validateTableDefinition(definition),
      })
    }
  }
  return found
}

const severityOf = (problem: SchemaProblem, options: AnalyzeOptions): 'error' | 'warning' =>
  problem.severity === 'warning' && options.reservedWords === 'error' ? 'error' : problem.severity

/**
 * The analysis step: every definition a schema file exports (`table()` definitions and
 * OWOX-style objects) or holds (`*.schema.json`) validated, each problem placed at
 * `file:line:col` of the property it is about, and a `PlannedTable` per valid definition.
 * Files that failed to load, and two tables that would write the same output, are reported
 * too. No file system access: the load step did the reading.
 *
 * @example
 * ```ts
 * const { tables, diagnostics } = await analyzeSchemas([{ kind: 'json', file: 'events.schema.json', text }])
 * ```
 */
export const analyzeSchemas = async (
  files: ReadonlyArray<SchemaFileInput>,
  options: AnalyzeOptions = {},
  locatorFor: LocatorFactory = typescriptLocator,
): Promise<SchemaAnalysis> => {
  const diagnostics: Array<Diagnostic> = []
  const tables: Array<PlannedTable> = []
  const byBinding = new Map<string, PlannedTable>()
  const locators = new Map<string, Promise<ModuleLocator>>()
  const locator = (file: string, text: string) => {
    let known = locators.get(file)
    if (known === undefined) {
      known = locatorFor(file, text)
      locators.set(file, known)
    }
    return known
  }
  const positionOf = async (
    input: SchemaFileInput,
    found: Found | undefined,
    path: SchemaPath,
  ): Promise<SourcePosition> => {
    if (input.kind === 'json' || found?.source.form === 'json') return { line: 1, column: 1 }
    const exportName = found?.source.exportName
    if (exportName === undefined) return { line: 1, column: 1 }
    return (await locator(input.file, input.text)).locate(exportName, path)
  }

  for (const input of [...files].sort((a, b) => compareText(a.file, b.file))) {
    let found: Array<Found>
    if (input.kind === 'json') {
      const parsed = parseOwoxSchemaJson(input.text)
      if (parsed.definition === undefined) {
        for (const p of parsed.problems) {
          diagnostics.push({
            severity: 'error',
            file: input.file,
            line: p.line ?? 1,
            column: p.column ?? 1,
            message: p.message,
            fix: p.fix,
          })
        }
        continue
      }
      found = [
        {
          source: { file: input.file, form: 'json' },
          definition: parsed.definition,
          binding: camelName(baseName(input.file)),
          problems: parsed.problems,
        },
      ]
    } else if (!input.outcome.ok) {
      const error = input.outcome.error
      const at = loadErrorPosition(error) ?? { line: 1, column: 1 }
      diagnostics.push({
        severity: 'error',
        file: input.file,
        ...at,
        message: `The schema file could not be loaded: ${loadErrorMessage(error)}`,
        fix: loadErrorFix(error),
      })
      continue
    } else {
      found = definitionsOf(input.file, input.outcome.exports)
      if (found.length === 0 && input.explicit === true) {
        diagnostics.push({
          severity: 'warning',
          file: input.file,
          line: 1,
          column: 1,
          message: 'The file exports no table definitions, so nothing is generated from it.',
          fix: "Export each table, e.g. export const orders = table('orders', { ... }).",
        })
      }
    }
    for (const entry of found) {
      let failed = false
      for (const problem of entry.problems) {
        const severity = severityOf(problem, options)
        if (severity === 'error') failed = true
        const at =
          problem.line !== undefined
            ? { line: problem.line, column: problem.column ?? 1 }
            : await positionOf(input, entry, problem.path)
        diagnostics.push({
          severity,
          file: input.file,
          ...at,
          message: problem.message,
          fix: problem.fix,
          path: problem.path,
        })
      }
      if (failed || entry.problems.some((p) => p.severity === 'error')) continue
      const model = toTableModel(entry.definition)
      const table: PlannedTable = {
        binding: entry.binding,
        typeName: pascalName(entry.binding),
        source: entry.source,
        model,
        hash: tableModelHash(model),
      }
      const earlier = byBinding.get(table.binding)
      if (earlier !== undefined) {
        const at =
          entry.source.form === 'json'
            ? { line: 1, column: 1 }
            : (await locator(input.file, input.text)).exportPosition(entry.source.exportName)
        diagnostics.push({
          severity: 'error',
          file: input.file,
          ...at,
          message: `This table would generate ${table.binding}.ts and ${table.binding}.sql, as ${earlier.source.file}${earlier.source.form === 'json' ? '' : ` (export ${earlier.source.exportName})`} does.`,
          fix: 'Rename one of the exports (or JSON files): generated names come from them.',
        })
        continue
      }
      byBinding.set(table.binding, table)
      tables.push(table)
    }
  }
  return { tables, diagnostics }
}
