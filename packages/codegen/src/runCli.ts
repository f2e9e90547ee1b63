import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { configFileNames } from './CodegenConfig.js'
import { CodegenError, isCodegenError } from './CodegenError.js'
import { formatDiagnostic } from './Diagnostic.js'
import { type GenerateResult, generate } from './generate.js'
import { relativePath } from './internal/resolveProject.js'

import { formatSummary } from './summary.js'
import { watchSchemas } from './watch.js'

/** Where the CLI reads and writes: the process's, or a test's. */
export interface CliIo {
  readonly cwd: string
  readonly stdout: (line: string) => void
  readonly stderr: (line: string) => void
  /** Resolves when `--watch` should stop (the process: on SIGINT/SIGTERM). */
  readonly stopped?: Promise<void> | undefined
}

/** Exit codes: 0 done, 1 diagnostics or stale output, 2 a bad command line. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const

export const usage = `Usage:
  redstore-codegen [schema files...] [options]
      Generates <name>.ts (Row, Record, Storage class) and <name>.sql per table.
      --config <file>         config file (default: ${configFileNames[0]} in this directory)
      --out-dir <dir>         output directory (overrides outDir; default "generated" without a config)
      --check                 write nothing; fail on stale, missing or orphaned output (for CI)
      --watch                 regenerate whenever a schema file or what it imports changes
      --reserved-words <warn|error>  whether reserved words as names fail the run (default warn)
      --no-cache              emit everything afresh (no emit cache)
  redstore-codegen pull --table <schema>.<name> [--out <file>] [--keys a,b] [--no-generate]
      Writes a schema file for a live table (connection from REDSHIFT_* / AWS_* variables),
      then generates its storage when a config (or --out-dir) says where.
  redstore-codegen --help | --version`

const report = (result: GenerateResult, io: CliIo): void => {
  for (const d of result.diagnostics) io.stderr(formatDiagnostic(d))
  if (result.check) {
    for (const f of result.files) {
      if (f.status !== 'unchanged') io.stderr(`${f.path}: ${f.status}`)
    }
  }
  io.stdout(formatSummary(result))
}

const reservedWordsOf = (value: string | undefined): 'warn' | 'error' | undefined => {
  if (value === undefined || value === 'warn' || value === 'error') return value
  throw new CodegenError({
    what: `--reserved-words ${JSON.stringify(value)} is not warn or error`,
    fix: 'Write --reserved-words warn (the default) or --reserved-words error',
  })
}

const runPull = async (args: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      table: { type: 'string' },
      out: { type: 'string' },
      keys: { type: 'string' },
      config: { type: 'string' },
      'out-dir': { type: 'string' },
      'no-generate': { type: 'boolean' },
    },
    strict: true,
  })
  if (values.table === undefined) {
    throw new CodegenError({
      what: 'pull needs --table',
      fix: 'Write pull --table <schema>.<name>',
    })
  }
  const [{ createDataApiClient }, { emitSchemaFile }, { parseTableName, pullTable }] =
    await Promise.all([
      import('@redstore/data-api'),
      import('./pull/emitSchemaFile.js'),
      import('./pull/pullTable.js'),
    ])
  const table = parseTableName(values.table)
  const keys =
    values.keys === undefined
      ? undefined
      : values.keys
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== '')
  const client = createDataApiClient()
  let emitted: ReturnType<typeof emitSchemaFile>
  try {
    emitted = emitSchemaFile(await pullTable(client, table, keys))
  } finally {
    await client.close()
  }
  const out = resolve(io.cwd, values.out ?? `${emitted.binding}.ts`)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, emitted.text)
  for (const column of emitted.skipped) {
    io.stderr(
      `${relativePath(io.cwd, out)}: warning: column "${column}" has a type redstore does not model; it is left out.`,
    )
  }
  io.stdout(
    `redstore-codegen pull: wrote ${relativePath(io.cwd, out)} from "${table.schema}"."${table.name}"`,
  )
  const hasConfig =
    values.config !== undefined || configFileNames.some((n) => existsSync(resolve(io.cwd, n)))
  if (values['no-generate'] === true || (!hasConfig && values['out-dir'] === undefined)) {
    if (values['no-generate'] !== true) {
      io.stdout(
        `next: redstore-codegen ${relativePath(io.cwd, out)} --out-dir <dir> (or add it to redstore.config.ts)`,
      )
    }
    return ExitCode.ok
  }
  const result = await generate({
    cwd: io.cwd,
    config: values.config,
    outDir: values['out-dir'],
    ...(hasConfig ? {} : { files: [out] }),
  })
  report(result, io)
  if (hasConfig && result.ok && !result.inputs.has(out)) {
    io.stderr(
      `${relativePath(io.cwd, out)}: warning: the config's schemas do not match this file, so no storage was generated for it; add it to schemas or pass --out.`,
    )
  }
  return result.ok ? ExitCode.ok : ExitCode.failed
}

/**
 * The `redstore-codegen` command: generate (default), `--check`, `--watch`, `pull`. Returns
 * the exit code; prints diagnostics to stderr and the summary line to stdout.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: console.log, stderr: console.error })
 * ```
 */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  try {
    if (argv[0] === 'pull') return await runPull(argv.slice(1), io)
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'out-dir': { type: 'string' },
        check: { type: 'boolean' },
        watch: { type: 'boolean' },
        'reserved-words': { type: 'string' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    })
    if (values.help === true) {
      io.stdout(usage)
      return ExitCode.ok
    }
    if (values.version === true) {
      const manifest = await readFile(new URL('../package.json', import.meta.url), 'utf8')
      io.stdout((JSON.parse(manifest) as { version: string }).version)
      return ExitCode.ok
    }
    if (values.check === true && values.watch === true) {
      throw new CodegenError({ what: '--check and --watch do not go together', fix: 'Use one' })
    }
    const options = {
      cwd: io.cwd,
      config: values.config,
      files: positionals,
      outDir: values['out-dir'],
      reservedWords: reservedWordsOf(values['reserved-words']),
      cache: values['no-cache'] !== true,
    }
    if (values.watch === true) {
      const watcher = await watchSchemas(
        options,
        (result) => report(result, io),
        (error) =>
          io.stderr(`redstore-codegen: ${error instanceof Error ? error.message : String(error)}`),
      )
      io.stdout('redstore-codegen: watching for changes (Ctrl-C stops)')
      await (io.stopped ?? new Promise<void>(() => {}))
      await watcher.close()
      return ExitCode.ok
    }
    const result = await generate({ ...options, check: values.check === true })
    report(result, io)
    return result.ok ? ExitCode.ok : ExitCode.failed
  } catch (error) {
    if (isCodegenError(error)) {
      io.stderr(`redstore-codegen: ${error.message}`)
      return ExitCode.usage
    }
    if ((error as { code?: unknown })?.code?.toString().startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`redstore-codegen: ${(error as Error).message}\n${usage}`)
      return ExitCode.usage
    }
    const tag = (error as { _tag?: unknown })?._tag
    if (typeof tag === 'string') {
      // A Data API or configuration error from pull: its message says what to do.
      io.stderr(`redstore-codegen: ${(error as Error).message}`)
      return ExitCode.failed
    }
    throw error
  }
}
