import { execFile } from 'node:child_process'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackedPackage, packPackages } from '../src/packPackages.js'

const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const bin = (name: string) => join(here, '..', 'node_modules', '.bin', name)

let workspace = ''
let packed: ReadonlyArray<PackedPackage> = []
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'redstore-release-'))
  packed = await packPackages(workspace)
})
afterAll(async () => {
  if (workspace !== '') await rm(workspace, { recursive: true, force: true })
})

describe('every published package', () => {
  it('is packed', () => {
    expect(packed.map((p) => p.name)).toEqual([
      '@redstore/cli',
      '@redstore/codegen',
      '@redstore/data-api',
      '@redstore/emulator',
      '@redstore/errors',
      '@redstore/schema',
      '@redstore/sql',
      '@redstore/storage',
    ])
  })

  it('passes publint', async () => {
    for (const pkg of packed) {
      const { stdout } = await run(bin('publint'), [pkg.tarball, '--strict'])
      expect(stdout, pkg.name).toContain('All good!')
    }
  })

  it('passes arethetypeswrong as an ESM-only package', async () => {
    for (const pkg of packed) {
      // Exits non-zero on any problem the profile does not ignore.
      await expect(
        run(bin('attw'), [pkg.tarball, '--profile', 'esm-only', '--format', 'ascii']),
        pkg.name,
      ).resolves.toBeDefined()
    }
  })
})

describe('installed from the tarballs into a project outside the workspace', () => {
  it('generates a typed storage class, compiles it, and saves rows into the emulator', async () => {
    const project = join(workspace, 'project')
    await cp(join(here, '..', 'fixture'), project, { recursive: true })
    await writeFile(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'redstore-user', private: true, type: 'module' }, null, 2)}\n`,
    )
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        ...packed.map((p) => p.tarball),
        'typescript@6.0.3',
        '@types/node@20.19.43',
      ],
      { cwd: project, env, maxBuffer: 1 << 24 },
    )
    const generated = await run(join(project, 'node_modules', '.bin', 'redstore-codegen'), [], {
      cwd: project,
      env,
    })
    expect(generated.stdout).toMatch(/redstore-codegen: 1 table, 2 files written, 0 unchanged/)
    const checked = await run(
      join(project, 'node_modules', '.bin', 'redstore-codegen'),
      ['--check'],
      {
        cwd: project,
        env,
      },
    )
    expect(checked.stdout).toMatch(/up to date/)
    await run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: project, env })
    const saved = await run(process.execPath, ['dist/main.js'], { cwd: project, env })
    expect(JSON.parse(saved.stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      rowsWritten: 2,
      records: [
        {
          orderId: '1n',
          customerEmail: "o'brien@example.com",
          total: '19.90',
          items: [{ sku: 'a\\b' }],
          placedAt: '2026-01-01 00:00:00+00',
        },
        {
          orderId: '2n',
          customerEmail: 'ann@example.com',
          total: '5.00',
          items: null,
          placedAt: '2026-01-02 03:04:05.000001+00',
        },
      ],
    })
  })
})
