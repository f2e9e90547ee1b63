import { execFile } from 'node:child_process'
import { cp, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { makeProject, packageDir, type TempProject } from './support/project.js'

let p: TempProject | undefined
afterAll(() => p?.remove())

const tsc = (cwd: string): Promise<{ code: number; output: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
      { cwd },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: stdout + stderr }),
    )
  })

it('compiles freshly generated output with tsc: Row and Record equal the inferred types, wrong rows fail', async () => {
  p = await makeProject('types', {
    'redstore.config.ts': `export default { schemas: ['src/schema/*'], outDir: 'src/generated' }\n`,
  })
  const fixtures = join(packageDir, 'test/__fixtures__/project')
  await cp(join(fixtures, 'schema'), join(p.dir, 'src/schema'), { recursive: true })
  expect((await p.run('--no-cache')).code).toBe(0)
  const checks = (await readFile(join(packageDir, 'test/types/generatedTypes.ts'), 'utf8'))
    .replaceAll('../__fixtures__/project/generated/', '../generated/')
    .replaceAll('../__fixtures__/project/schema/', '../schema/')
  await p.write('src/types/checks.ts', checks)
  const base = relative(p.dir, join(packageDir, '..', '..', 'tsconfig.base.json'))
  await p.write(
    'tsconfig.json',
    JSON.stringify({ extends: base, compilerOptions: { noEmit: true }, include: ['src'] }),
  )
  const clean = await tsc(p.dir)
  expect(clean.output).toBe('')
  expect(clean.code).toBe(0)

  // Without the expected errors, tsc reports each wrongly typed row.
  await p.write('src/types/checks.ts', checks.replaceAll('// @ts-expect-error', '//'))
  const failing = await tsc(p.dir)
  expect(failing.code).not.toBe(0)
  expect(failing.output.match(/error TS\d+/g)?.length).toBe(3)
})
