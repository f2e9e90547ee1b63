import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import {
  type AnalyzeOptions,
  analyzeSchemas,
  type SchemaAnalysis,
  type SchemaFileInput,
} from './analyzeSchemas.js'
import type { Diagnostic } from './Diagnostic.js'
import { relativePath } from './internal/resolveProject.js'

/**
 * Options of `loadSchemaFiles`.
 *
 * @example
 * ```ts
 * const options: LoadSchemaFilesOptions = { cwd: process.cwd(), reservedWords: 'warn' }
 * ```
 */
export interface LoadSchemaFilesOptions extends AnalyzeOptions {
  /** Files are resolved against it, and diagnostics name them relative to it. */
  readonly cwd: string
}

/**
 * The load and analyze steps of `redstore-codegen` for files named by a caller (another
 * command that needs the tables of a schema file): `*.json` files are read as OWOX
 * `*.schema.json`, every other file is imported through tsx, exactly as codegen loads them.
 * A file that cannot be read is a diagnostic at its line 1, as a file that fails to import is.
 *
 * @example
 * ```ts
 * const { tables, diagnostics } = await loadSchemaFiles(['src/schema/orders.ts'], { cwd: process.cwd() })
 * ```
 */
export const loadSchemaFiles = async (
  files: ReadonlyArray<string>,
  options: LoadSchemaFilesOptions,
): Promise<SchemaAnalysis> => {
  const absolute = files.map((file) => resolve(options.cwd, file))
  const modules = absolute.filter((file) => !file.endsWith('.json'))
  const unreadable: Array<Diagnostic> = []
  const texts = await Promise.all(
    absolute.map(async (file) => {
      try {
        return await readFile(file, 'utf8')
      } catch (error) {
        const code = (error as { code?: unknown }).code
        unreadable.push({
          severity: 'error',
          file: relativePath(options.cwd, file),
          line: 1,
          column: 1,
          message: `The schema file could not be read (${typeof code === 'string' ? code : 'error'}).`,
          fix: 'Check the path: it is relative to the working directory.',
        })
        return undefined
      }
    }),
  )
  const { importModules } = await import('./internal/loadModules.js')
  const readable = modules.filter((file) => texts[absolute.indexOf(file)] !== undefined)
  const imported = await importModules(readable)
  const inputs: Array<SchemaFileInput> = []
  absolute.forEach((file, index) => {
    const text = texts[index]
    if (text === undefined) return
    const shown = relativePath(options.cwd, file)
    if (file.endsWith('.json')) inputs.push({ kind: 'json', file: shown, text })
    else {
      inputs.push({
        kind: 'module',
        file: shown,
        text,
        outcome: imported.outcomes.get(file)!,
        explicit: true,
      })
    }
  })
  const analysis = await analyzeSchemas(inputs, options)
  return { tables: analysis.tables, diagnostics: [...unreadable, ...analysis.diagnostics] }
}
