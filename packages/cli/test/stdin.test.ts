import { spawn } from 'node:child_process'
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageDir } from './support/run.js'

const example = join(packageDir, 'examples', 'orders.csv')
let dir = ''
let compiled = ''

beforeAll(async () => {
  // Plain node, no TypeScript loader: a loader's own thread would resolve modules with its own
  // stat buffer and hide what this checks.
  dir = await mkdtemp(join(tmpdir(), 'redstore-stdin-'))
  compiled = join(dir, 'stdinSize.mjs')
  const source = await readFile(join(packageDir, 'src', 'stdinSize.ts'), 'utf8')
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText
  await writeFile(compiled, js)
})
afterAll(() => (dir === '' ? undefined : rm(dir, { recursive: true, force: true })))

/**
 * In a child whose stdin is a pipe or the file open at `fd`: stdinSize(), then what the CLI
 * does next, loading a schema file through @redstore/codegen (tsx, esbuild: modules behind
 * pnpm's symlinks).
 */
const probe = (stdin: 'pipe' | number): Promise<{ size: number | null; tables: number }> =>
  new Promise((resolve, reject) => {
    // As in the CLI: its modules are loaded, stdin is looked at, then the schema file is loaded.
    const code = `import { stdinSize } from ${JSON.stringify(compiled)}
import { loadSchemaFiles } from '@redstore/codegen'
const size = stdinSize() ?? null
const { tables } = await loadSchemaFiles(['examples/orders.ts'], { cwd: ${JSON.stringify(packageDir)} })
console.log(JSON.stringify({ size, tables: tables.length }))`
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: packageDir,
      stdio: [stdin, 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8')
    })
    child.once('error', reject)
    child.once('close', (status) =>
      status === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${status}: ${err}`)),
    )
    child.stdin?.end('{"a":1}\n')
  })

describe('stdinSize', () => {
  it('leaves module resolution intact after looking at a piped stdin (a plain fstat of a FIFO does not)', async () => {
    expect(await probe('pipe')).toEqual({ size: null, tables: 1 })
  })

  it('is the size of a file redirected to stdin', async () => {
    const file = await open(example, 'r')
    try {
      expect(await probe(file.fd)).toEqual({ size: (await stat(example)).size, tables: 1 })
    } finally {
      await file.close()
    }
  })
})
