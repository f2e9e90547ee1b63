import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { makeProject, packageDir, type TempProject } from './support/project.js'

let p: TempProject | undefined
afterAll(() => p?.remove())

const examples = join(packageDir, 'examples')

it('shows the example files, whose committed output is what the CLI generates', async () => {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8')
  for (const file of ['src/schema/orders.ts', 'redstore.config.ts', 'src/save.ts']) {
    expect(readme).toContain(await readFile(join(examples, file), 'utf8'))
  }
  // The example config imports @redstore/codegen; check the same project with a plain one.
  p = await makeProject('readme', {
    'redstore.config.ts': `export default { schemas: ['src/schema/*.ts', 'src/schema/*.schema.json'], outDir: 'src/generated' }\n`,
  })
  await cp(join(examples, 'src'), join(p.dir, 'src'), { recursive: true })
  const run = await p.run('--check', '--no-cache')
  expect(run.stderr).toEqual([])
  expect(run.code).toBe(0)
})
