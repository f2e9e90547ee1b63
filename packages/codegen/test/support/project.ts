import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CliIo, runCli } from '../../src/runCli.js'

/** The package directory: temp projects live under it so that `@redstore/*` resolve. */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A throwaway project directory with files; removed by `remove()`. */
export interface TempProject {
  readonly dir: string
  readonly write: (path: string, text: string) => Promise<void>
  readonly read: (path: string) => Promise<string>
  readonly exists: (path: string) => Promise<boolean>
  /** Runs the CLI in-process in this directory. */
  readonly run: (...argv: ReadonlyArray<string>) => Promise<CliRun>
  readonly remove: () => Promise<void>
}

export interface CliRun {
  readonly code: number
  readonly stdout: ReadonlyArray<string>
  readonly stderr: ReadonlyArray<string>
}

export const makeProject = async (
  name: string,
  files: Readonly<Record<string, string>> = {},
): Promise<TempProject> => {
  const base = join(packageDir, '.tmp')
  await mkdir(base, { recursive: true })
  const dir = await mkdtemp(join(base, `${name}-`))
  const write = async (path: string, text: string) => {
    const file = join(dir, path)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, text)
  }
  await write('package.json', JSON.stringify({ name, private: true, type: 'module' }))
  for (const [path, text] of Object.entries(files)) await write(path, text)
  return {
    dir,
    write,
    read: (path) => readFile(join(dir, path), 'utf8'),
    exists: (path) =>
      readFile(join(dir, path)).then(
        () => true,
        () => false,
      ),
    run: async (...argv) => {
      const stdout: Array<string> = []
      const stderr: Array<string> = []
      const io: CliIo = {
        cwd: dir,
        stdout: (line) => stdout.push(line),
        stderr: (line) => stderr.push(line),
      }
      const code = await runCli(argv, io)
      return { code, stdout, stderr }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** The orders schema used across tests (DSL). */
export const ordersSchema = `import { bigint, decimal, json, string, table, timestamptz, varchar } from '@redstore/schema'

export const orders = table('orders', {
  schema: 'shop',
  uniqueKeys: ['orderId'],
  columns: {
    orderId: bigint(),
    customerEmail: varchar(320).describe('Lowercased e-mail'),
    total: decimal(12, 2),
    note: string().nullable().columnName('order_note'),
    items: json(),
    placedAt: timestamptz(),
  },
  description: 'One row per order',
})
`
