import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { recordTypeText, rowTypeText } from '@redstore/schema'
import { formatType } from '@redstore/sql'
import { analyzeSchemas, type SchemaAnalysis, type SchemaFileInput } from './analyzeSchemas.js'
import type { OutputFile, PlannedTable } from './CodegenModel.js'
import { compareText, type Diagnostic, hasErrors, sortDiagnostics } from './Diagnostic.js'
import { emitSql } from './emit/emitSql.js'
import { isGeneratedText } from './emit/header.js'
import {
  analysisKey,
  fileStates,
  readStoredAnalysis,
  type StoredAnalysis,
} from './internal/analysisCache.js'
import {
  cacheFileFor,
  type EmitCache,
  emitKey,
  noEmitCache,
  openEmitCache,
} from './internal/emitCache.js'
import {
  locateConfig,
  type ProjectOptions,
  type ProjectSettings,
  relativePath,
  resolveProject,
} from './internal/resolveProject.js'

/**
 * Options of one run: where to look (`ProjectOptions`: working directory, config file, files,
 * output directory) and what to do.
 *
 * @example
 * ```ts
 * const result = await generate({ cwd: process.cwd(), check: true })
 * ```
 */
export interface GenerateOptions extends ProjectOptions {
  /** Write nothing; report outputs that are stale, missing or orphaned. */
  readonly check?: boolean | undefined
  /** Keep emitted text between runs (default true): warm runs skip loading ts-morph. */
  readonly cache?: boolean | undefined
}

/**
 * What happened to one output file: `written` (created or changed), `unchanged`, `removed`
 * (a generated file no table produces any more); with `check`: `stale`, `missing`,
 * `orphaned` (each a failure) or `unchanged`.
 *
 * @example
 * ```ts
 * const status: FileStatus = 'stale'
 * ```
 */
export type FileStatus = 'written' | 'unchanged' | 'removed' | 'stale' | 'missing' | 'orphaned'

/**
 * The result of a run.
 *
 * @example
 * ```ts
 * if (!result.ok) process.exitCode = 1
 * ```
 */
export interface GenerateResult {
  /** No error diagnostics and, with `check`, every output up to date. */
  readonly ok: boolean
  readonly check: boolean
  readonly settings: ProjectSettings | undefined
  readonly tables: ReadonlyArray<PlannedTable>
  /** Sorted by file, line and column. */
  readonly diagnostics: ReadonlyArray<Diagnostic>
  /** Every output by path relative to the project root, sorted by path. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly status: FileStatus }>
  /** Absolute paths of the local files the run read (config, schemas and what they import). */
  readonly inputs: ReadonlySet<string>
  readonly durationMs: number
}

/**
 * The emit step: every output file of the tables, `<outDir>/<binding>.ts` (ts-morph, loaded
 * only when the cache lacks an entry) and `<outDir>/<binding>.sql`. Pure apart from the cache.
 *
 * @example
 * ```ts
 * const files = await emitOutputs(tables, 'src/generated', noEmitCache)
 * ```
 */
export const emitOutputs = async (
  tables: ReadonlyArray<PlannedTable>,
  outDir: string,
  cache: EmitCache = noEmitCache,
): Promise<Array<OutputFile>> => {
  const files: Array<OutputFile> = []
  let emitter: typeof import('./emit/emitStorageModule.js') | undefined
  let project: import('ts-morph').Project | undefined
  for (const table of tables) {
    const path = `${outDir === '.' ? '' : `${outDir}/`}${table.binding}.ts`
    const key = emitKey({
      path,
      table,
      types: table.model.columns.map((c) => [
        formatType(c.type),
        rowTypeText(c.type, c.nullable),
        recordTypeText(c.type, c.nullable),
      ]),
    })
    let text = cache.get(key)
    if (text === undefined) {
      emitter ??= await import('./emit/emitStorageModule.js')
      project ??= emitter.createEmitProject()
      text = emitter.emitStorageModule(project, table, { path })
      cache.set(key, text)
    }
    files.push({ path, text })
    files.push({ path: path.replace(/\.ts$/, '.sql'), text: emitSql(table) })
  }
  return files
}

/** The write-only-what-changed step's plan: each output's status from what is on disk. */
export const compareOutputs = (
  outputs: ReadonlyArray<OutputFile>,
  onDisk: ReadonlyMap<string, string | undefined>,
  orphans: ReadonlyArray<string>,
  check: boolean,
): Array<{ path: string; status: FileStatus }> => [
  ...outputs.map(({ path, text }) => {
    const existing = onDisk.get(path)
    const status: FileStatus =
      existing === text
        ? 'unchanged'
        : check
          ? existing === undefined
            ? 'missing'
            : 'stale'
          : 'written'
    return { path, status }
  }),
  ...orphans.map((path) => ({ path, status: (check ? 'orphaned' : 'removed') as FileStatus })),
]

const readIfExists = async (file: string): Promise<string | undefined> => {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined
    throw error
  }
}

/** Generated files in `outDir` (by their header) that no table produces now. */
const findOrphans = async (
  root: string,
  outDir: string,
  planned: ReadonlySet<string>,
): Promise<Array<string>> => {
  let names: Array<string>
  try {
    names = await readdir(join(root, outDir))
  } catch {
    return []
  }
  const orphans: Array<string> = []
  for (const name of names.sort(compareText)) {
    if (!/\.(ts|sql)$/.test(name)) continue
    const path = outDir === '.' ? name : `${outDir}/${name}`
    if (planned.has(path)) continue
    const text = await readIfExists(join(root, path))
    if (text !== undefined && isGeneratedText(text)) orphans.push(path)
  }
  return orphans
}

const globOptions = (root: string, outDir: string) => ({
  cwd: root,
  absolute: true,
  onlyFiles: true,
  ignore: ['**/node_modules/**', `${outDir}/**`],
})

const findSchemaFiles = async (settings: ProjectSettings): Promise<Array<string>> => {
  const { glob } = await import('tinyglobby')
  return (await glob([...settings.schemas], globOptions(settings.root, settings.outDir))).sort(
    compareText,
  )
}

const sameList = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** Load and analyze: the config, the schema files and what they import, through tsx. */
const loadAndAnalyze = async (
  options: GenerateOptions,
  inputs: Set<string>,
): Promise<{
  settings: ProjectSettings | undefined
  matched: ReadonlyArray<string>
  analysis: SchemaAnalysis
  loadFailed: boolean
}> => {
  const project = await resolveProject(options)
  for (const file of project.inputs) inputs.add(file)
  const settings = project.settings
  if (settings === undefined) {
    return {
      settings,
      matched: [],
      analysis: { tables: [], diagnostics: project.diagnostics },
      loadFailed: true,
    }
  }
  const matched = await findSchemaFiles(settings)
  if (matched.length === 0) {
    const where =
      settings.configFile === undefined
        ? '(command line)'
        : relativePath(options.cwd, settings.configFile)
    const diagnostic: Diagnostic = {
      severity: 'error',
      file: where,
      line: 1,
      column: 1,
      message: `No schema files match ${settings.schemas.join(', ')} (from ${settings.root}).`,
      fix: 'Correct the patterns; they are relative to the config file (or the working directory without one).',
    }
    return {
      settings,
      matched,
      analysis: { tables: [], diagnostics: [diagnostic] },
      loadFailed: true,
    }
  }
  const { importModules } = await import('./internal/loadModules.js')
  const imported = await importModules(matched.filter((f) => !f.endsWith('.json')))
  for (const file of matched) inputs.add(file)
  for (const file of imported.loadedFiles) inputs.add(file)
  const fileInputs: Array<SchemaFileInput> = await Promise.all(
    matched.map(async (file): Promise<SchemaFileInput> => {
      const text = await readFile(file, 'utf8')
      const shown = relativePath(settings.root, file)
      return file.endsWith('.json')
        ? { kind: 'json', file: shown, text }
        : {
            kind: 'module',
            file: shown,
            text,
            outcome: imported.outcomes.get(file)!,
            explicit: settings.explicitFiles,
          }
    }),
  )
  const analysis = await analyzeSchemas(fileInputs, { reservedWords: settings.reservedWords })
  const loadFailed = [...imported.outcomes.values()].some((o) => !o.ok)
  return { settings, matched, analysis, loadFailed }
}

/**
 * One run of the pipeline: resolve the config and flags, find the schema files, load them
 * (tsx), analyze them into tables and diagnostics, emit every output, and write only the
 * files whose content changed (removing generated files no table produces now). With
 * `check`, nothing is written and stale, missing or orphaned outputs fail the run. Nothing is
 * written when any error is found.
 *
 * A run whose inputs (the config, the schema files, every module they import, by content;
 * installed packages by size and time) are as a previous run found them reuses that run's
 * analysis without loading anything, and emitted text comes from a cache keyed by all it
 * depends on; `cache: false` does everything afresh.
 *
 * @example
 * ```ts
 * const result = await generate({ cwd: process.cwd() })
 * console.log(formatSummary(result))
 * ```
 */
export const generate = async (options: GenerateOptions): Promise<GenerateResult> => {
  const started = performance.now()
  const check = options.check === true
  const useCache = options.cache !== false
  const inputs = new Set<string>()
  const done = (
    settings: ProjectSettings | undefined,
    tables: ReadonlyArray<PlannedTable>,
    diagnostics: ReadonlyArray<Diagnostic>,
    files: ReadonlyArray<{ path: string; status: FileStatus }>,
  ): GenerateResult => ({
    ok:
      !hasErrors(diagnostics) &&
      (!check || files.every((f) => f.status === 'unchanged')) &&
      settings !== undefined,
    check,
    settings,
    tables,
    diagnostics: sortDiagnostics(diagnostics),
    files: [...files].sort((a, b) => compareText(a.path, b.path)),
    inputs,
    durationMs: performance.now() - started,
  })

  const configFile = locateConfig(options)
  const cacheFile = cacheFileFor(configFile === undefined ? options.cwd : dirname(configFile))
  const analysisFile = join(dirname(cacheFile), 'analysis.json')
  const key = analysisKey({
    version: 1,
    cwd: options.cwd,
    configFile,
    files: options.files ?? [],
    outDir: options.outDir,
    reservedWords: options.reservedWords,
  })
  let stored = useCache ? await readStoredAnalysis(analysisFile, key) : undefined
  let settings: ProjectSettings | undefined
  let analysis: SchemaAnalysis
  if (stored !== undefined) {
    settings = stored.settings
    if (!sameList(await findSchemaFiles(settings), stored.matched)) stored = undefined
  }
  if (stored !== undefined) {
    for (const file of Object.keys(stored.files)) inputs.add(file)
    analysis = stored.analysis
  } else {
    const loaded = await loadAndAnalyze(options, inputs)
    settings = loaded.settings
    analysis = loaded.analysis
    if (useCache && !check && settings !== undefined && !loaded.loadFailed) {
      const record: StoredAnalysis = {
        key,
        files: await fileStates(inputs),
        matched: loaded.matched,
        settings,
        analysis,
      }
      await mkdir(dirname(analysisFile), { recursive: true })
      await writeFile(analysisFile, JSON.stringify(record))
    }
  }
  if (settings === undefined || hasErrors(analysis.diagnostics)) {
    return done(settings, analysis.tables, analysis.diagnostics, [])
  }
  const { root, outDir } = settings
  const cache = useCache ? await openEmitCache(cacheFile, check) : noEmitCache
  const outputs = await emitOutputs(analysis.tables, outDir, cache)
  const onDisk = new Map<string, string | undefined>()
  await Promise.all(
    outputs.map(async (o) => onDisk.set(o.path, await readIfExists(join(root, o.path)))),
  )
  const orphans = await findOrphans(root, outDir, new Set(outputs.map((o) => o.path)))
  const files = compareOutputs(outputs, onDisk, orphans, check)
  if (!check) {
    const texts = new Map(outputs.map((o) => [o.path, o.text]))
    for (const { path, status } of files) {
      const file = join(root, path)
      if (status === 'written') {
        await mkdir(dirname(file), { recursive: true })
        await writeFile(file, texts.get(path)!)
      } else if (status === 'removed') await rm(file, { force: true })
    }
  }
  await cache.save()
  return done(settings, analysis.tables, analysis.diagnostics, files)
}
