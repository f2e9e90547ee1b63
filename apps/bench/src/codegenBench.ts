import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BenchCheckError } from './BenchCheckError.js'
import { type BenchReport, formatTable, machine, round } from './BenchReport.js'

/** One measured run of the built `redstore-codegen` CLI, in a child process. */
export interface CodegenRun {
  /** Wall time from spawn to exit, milliseconds: what a user or CI waits. */
  readonly wallMs: number
  /** The time the CLI reports in its summary line (its own work, without Node's start-up). */
  readonly reportedMs: number
  readonly summary: string
}

/** Codegen of N schema files: a cold run, a warm run and a warm `--check`. */
export interface CodegenBenchCase {
  readonly files: number
  readonly tables: number
  /** First run in a fresh project: no emit or analysis cache, tsx's transform cache off. */
  readonly coldMs: number
  /** The same run again with nothing changed: every output unchanged. */
  readonly warmMs: number
  /** `--check` after the warm run: writes nothing, exits 0. */
  readonly warmCheckMs: number
  /** After one schema file changed: every file loaded again, one table emitted anew. */
  readonly oneEditedMs: number
  readonly runs: {
    readonly cold: CodegenRun
    readonly warm: CodegenRun
    readonly warmCheck: CodegenRun
    readonly oneEdited: CodegenRun
  }
  /** Bytes of generated `.ts` and `.sql` files. */
  readonly outputBytes: number
}

export type CodegenBenchReport = BenchReport<CodegenBenchCase>

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const cli = join(repositoryRoot, 'packages', 'codegen', 'dist', 'cli.js')

/** A schema file of one table, its columns varied by index so that files differ. */
const schemaFile = (index: number, salt: string): string => {
  const extra = [
    'region: char(2),',
    'score: double().nullable(),',
    'visits: integer(),',
    "payload: json().nullable().describe('Raw event'),",
  ].slice(0, (index % 4) + 1)
  return `import { bigint, char, decimal, double, integer, json, string, table, timestamptz, varchar } from '@redstore/schema'

export const table${index} = table('table_${index}', {
  schema: 'bench',
  uniqueKeys: ['id'],
  columns: {
    id: bigint(),
    customerEmail: varchar(320).describe('Lowercased e-mail'),
    total: decimal(12, 2),
    note: string().nullable().columnName('order_note'),
    placedAt: timestamptz(),
    ${extra.join('\n    ')}
  },
  sortKey: ['placedAt'],
  description: 'Bench table ${index} (${salt})',
})
`
}

const runCli = (cwd: string, args: ReadonlyArray<string>, cold: boolean): Promise<CodegenRun> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { ...process.env, ...(cold ? { TSX_DISABLE_CACHE: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += String(chunk)
    })
    child.stderr.on('data', (chunk) => {
      out += String(chunk)
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      const wallMs = performance.now() - started
      const summary = out.trim().split('\n').pop() ?? ''
      if (code !== 0) {
        reject(
          new BenchCheckError(
            'codegen',
            `redstore-codegen ${args.join(' ')} exited ${code}: ${out}`,
            'run it in the project by hand to see why',
          ),
        )
        return
      }
      const reported = /\((\d+) ms\)$/.exec(summary)
      resolve({ wallMs: round(wallMs), reportedMs: Number(reported?.[1] ?? NaN), summary })
    })
  })

/**
 * Measures `redstore-codegen` on `files` generated schema files (one table each) in a fresh
 * temporary project: a cold run, a warm run and a warm `--check`, each a child process of the
 * built CLI (`packages/codegen/dist/cli.js`; `pnpm build` first). Checks that each run did
 * what it should (all files written, then none, then all up to date).
 *
 * @example
 * ```ts
 * const report = await runCodegenBench({ files: 100 })
 * report.cases[0]?.warmCheckMs // e.g. 310
 * ```
 */
export const runCodegenBench = async (options: {
  readonly files: number
}): Promise<CodegenBenchReport> => {
  if (!existsSync(cli)) {
    throw new BenchCheckError('codegen', `${cli} is missing`, 'run pnpm build first')
  }
  const startedAt = new Date().toISOString()
  const dir = await mkdtemp(join(tmpdir(), 'redstore-codegen-bench-'))
  try {
    // The schema files import @redstore/schema: link the workspace's copy into the project.
    await mkdir(join(dir, 'node_modules', '@redstore'), { recursive: true })
    await symlink(
      join(repositoryRoot, 'packages', 'schema'),
      join(dir, 'node_modules', '@redstore', 'schema'),
      'dir',
    )
    await writeFile(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n')
    await writeFile(
      join(dir, 'redstore.config.ts'),
      "export default { schemas: ['src/schema/*.ts'], outDir: 'src/generated' }\n",
    )
    await mkdir(join(dir, 'src', 'schema'), { recursive: true })
    const salt = startedAt
    for (let i = 0; i < options.files; i++) {
      await writeFile(join(dir, 'src', 'schema', `table${i}.ts`), schemaFile(i, salt))
    }
    const cold = await runCli(dir, [], true)
    const warm = await runCli(dir, [], false)
    const warmCheck = await runCli(dir, ['--check'], false)
    await writeFile(join(dir, 'src', 'schema', 'table0.ts'), schemaFile(0, `${salt} edited`))
    const oneEdited = await runCli(dir, [], false)
    const outputs = options.files * 2
    const expect = (run: CodegenRun, pattern: RegExp) => {
      if (!pattern.test(run.summary)) {
        throw new BenchCheckError(
          'codegen',
          `the summary was "${run.summary}", not ${pattern}`,
          'check what redstore-codegen wrote',
        )
      }
    }
    expect(cold, new RegExp(`: ${options.files} tables, ${outputs} files written, 0 unchanged`))
    expect(warm, new RegExp(`: ${options.files} tables, 0 files written, ${outputs} unchanged`))
    expect(warmCheck, new RegExp(`--check: ${options.files} tables, ${outputs} up to date`))
    expect(
      oneEdited,
      new RegExp(`: ${options.files} tables, 2 files written, ${outputs - 2} unchanged`),
    )
    let outputBytes = 0
    for (const name of await readdir(join(dir, 'src', 'generated'))) {
      outputBytes += (await stat(join(dir, 'src', 'generated', name))).size
    }
    const result: CodegenBenchCase = {
      files: options.files,
      tables: options.files,
      coldMs: cold.wallMs,
      warmMs: warm.wallMs,
      warmCheckMs: warmCheck.wallMs,
      oneEditedMs: oneEdited.wallMs,
      runs: { cold, warm, warmCheck, oneEdited },
      outputBytes,
    }
    console.log(
      formatTable(
        ['schema files', 'cold ms', 'warm ms', 'warm --check ms', 'one edited ms', 'output KiB'],
        [
          [
            result.files,
            result.coldMs,
            result.warmMs,
            result.warmCheckMs,
            result.oneEditedMs,
            round(outputBytes / 1024),
          ],
        ],
      ),
    )
    return {
      name: 'codegen',
      startedAt,
      machine: machine(),
      command: `runCodegenBench({ files: ${options.files} })`,
      cases: [result],
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
