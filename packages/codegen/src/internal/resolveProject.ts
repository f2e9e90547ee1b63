import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { type CodegenConfig, configFileNames } from '../CodegenConfig.js'
import type { Diagnostic } from '../Diagnostic.js'
import { loadErrorFix, loadErrorMessage, loadErrorPosition } from './loadErrors.js'

/** What a run works on, after the config file (if any) and the flags. */
export interface ProjectSettings {
  /** Absolute: the config file's directory, else the working directory. */
  readonly root: string
  /** Absolute path of the config file used, if any. */
  readonly configFile: string | undefined
  /** Glob patterns relative to `root`. */
  readonly schemas: ReadonlyArray<string>
  /** True when the schema files were named on the command line. */
  readonly explicitFiles: boolean
  /** Relative to `root`, `/` separators, no trailing slash. */
  readonly outDir: string
  readonly reservedWords: 'error' | 'warn'
}

/** Options of a run that decide where it looks: the CLI's flags. */
export interface ProjectOptions {
  /** The working directory. */
  readonly cwd: string
  /** `--config`: a config file to use. */
  readonly config?: string | undefined
  /** Schema files or globs from the command line, relative to `cwd`; they replace `schemas`. */
  readonly files?: ReadonlyArray<string> | undefined
  /** `--out-dir`, relative to `cwd`; replaces `outDir`. */
  readonly outDir?: string | undefined
  /** `--reserved-words`; replaces `reservedWords`. */
  readonly reservedWords?: 'error' | 'warn' | undefined
}

/** Posix path of `path` relative to `root`. */
export const relativePath = (root: string, path: string): string =>
  relative(root, path).split(sep).join('/')

/** The config file a run uses: `--config`, else the first known name in the working directory. */
export const locateConfig = (options: ProjectOptions): string | undefined =>
  options.config === undefined ? findConfig(options.cwd) : resolve(options.cwd, options.config)

const findConfig = (cwd: string): string | undefined => {
  for (const name of configFileNames) {
    const candidate = resolve(cwd, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

const configProblem = (
  file: string,
  message: string,
  fix: string,
  at: { line: number; column: number } = { line: 1, column: 1 },
): Diagnostic => ({ severity: 'error', file, ...at, message, fix })

/** Reads and checks the config file; every problem becomes a diagnostic at the config file. */
const loadConfig = async (
  file: string,
  shownAs: string,
  inputs: Set<string>,
): Promise<{ config: CodegenConfig | undefined; diagnostics: Array<Diagnostic> }> => {
  const { importModules } = await import('./loadModules.js')
  const { outcomes, loadedFiles } = await importModules([file])
  for (const loaded of loadedFiles) inputs.add(loaded)
  const outcome = outcomes.get(file)!
  if (!outcome.ok) {
    return {
      config: undefined,
      diagnostics: [
        configProblem(
          shownAs,
          `The config file could not be loaded: ${loadErrorMessage(outcome.error)}`,
          loadErrorFix(outcome.error),
          loadErrorPosition(outcome.error),
        ),
      ],
    }
  }
  const value = (outcome.exports['default'] ?? outcome.exports['config']) as unknown
  const text = await readFile(file, 'utf8')
  const at = async (path: ReadonlyArray<string>) => {
    const { typescriptLocator } = await import('../analyzeSchemas.js')
    return (await typescriptLocator(shownAs, text)).locate('default', path)
  }
  if (typeof value !== 'object' || value === null) {
    return {
      config: undefined,
      diagnostics: [
        configProblem(
          shownAs,
          'The config file has no default export of a config object.',
          "Write export default defineConfig({ schemas: ['src/schema/*.ts'], outDir: 'src/generated' }).",
        ),
      ],
    }
  }
  const config = value as Partial<CodegenConfig>
  const diagnostics: Array<Diagnostic> = []
  const schemas = config.schemas
  if (
    !(typeof schemas === 'string' && schemas !== '') &&
    !(
      Array.isArray(schemas) &&
      schemas.length > 0 &&
      schemas.every((s) => typeof s === 'string' && s !== '')
    )
  ) {
    diagnostics.push(
      configProblem(
        shownAs,
        'schemas must be a glob pattern or a non-empty list of them.',
        "Write schemas: ['src/schema/*.ts', 'src/schema/*.schema.json'].",
        await at(['schemas']),
      ),
    )
  }
  if (typeof config.outDir !== 'string' || config.outDir === '') {
    diagnostics.push(
      configProblem(
        shownAs,
        'outDir must name the directory generated files go to.',
        "Write outDir: 'src/generated'.",
        await at(['outDir']),
      ),
    )
  }
  if (
    config.reservedWords !== undefined &&
    config.reservedWords !== 'error' &&
    config.reservedWords !== 'warn'
  ) {
    diagnostics.push(
      configProblem(
        shownAs,
        `reservedWords is ${JSON.stringify(config.reservedWords)}, not 'error' or 'warn'.`,
        "Write reservedWords: 'warn' (the default) or 'error'.",
        await at(['reservedWords']),
      ),
    )
  }
  return { config: diagnostics.length === 0 ? (config as CodegenConfig) : undefined, diagnostics }
}

/**
 * The settings of a run: the config file (given, or the first of `redstore.config.ts`,
 * `.mts`, `.js`, `.mjs` in the working directory) with the flags over it. Without a config,
 * the schema files are the arguments and the output goes to `--out-dir` (default
 * `generated`).
 */
export const resolveProject = async (
  options: ProjectOptions,
): Promise<{
  settings: ProjectSettings | undefined
  diagnostics: ReadonlyArray<Diagnostic>
  /** Every file loading the config read. */
  inputs: ReadonlySet<string>
}> => {
  const inputs = new Set<string>()
  const configFile = locateConfig(options)
  const files = options.files ?? []
  if (configFile !== undefined && !existsSync(configFile)) {
    return {
      settings: undefined,
      inputs,
      diagnostics: [
        configProblem(
          relativePath(options.cwd, configFile),
          'The config file does not exist.',
          'Correct the --config path, or leave it out to use redstore.config.ts here.',
        ),
      ],
    }
  }
  let config: CodegenConfig | undefined
  if (configFile !== undefined) {
    inputs.add(configFile)
    const shownAs = relativePath(options.cwd, configFile) || configFile
    const loaded = await loadConfig(configFile, shownAs, inputs)
    if (loaded.config === undefined) {
      return { settings: undefined, diagnostics: loaded.diagnostics, inputs }
    }
    config = loaded.config
  }
  const root = configFile === undefined ? options.cwd : dirname(configFile)
  const fromCwd = (path: string) => relativePath(root, resolve(options.cwd, path))
  const schemas =
    files.length > 0
      ? files.map((f) => (isAbsolute(f) ? relativePath(root, f) : fromCwd(f)))
      : config === undefined
        ? []
        : typeof config.schemas === 'string'
          ? [config.schemas]
          : [...config.schemas]
  if (schemas.length === 0) {
    return {
      settings: undefined,
      inputs,
      diagnostics: [
        configProblem(
          '(command line)',
          'No schema files: there is no redstore.config.ts here and no files were named.',
          'Name schema files (redstore-codegen src/schema/orders.ts --out-dir src/generated), or write a redstore.config.ts with defineConfig({ schemas, outDir }).',
        ),
      ],
    }
  }
  const outDir =
    options.outDir !== undefined
      ? fromCwd(options.outDir)
      : config !== undefined
        ? relativePath(root, resolve(root, config.outDir))
        : fromCwd('generated')
  return {
    settings: {
      root,
      configFile,
      schemas,
      explicitFiles: files.length > 0,
      outDir: outDir.replace(/\/+$/, '') || '.',
      reservedWords: options.reservedWords ?? config?.reservedWords ?? 'warn',
    },
    diagnostics: [],
    inputs,
  }
}
