import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { makeProject, ordersSchema, packageDir, type TempProject } from './support/project.js'

let p: TempProject | undefined
let child: ChildProcess | undefined
afterAll(async () => {
  child?.kill('SIGKILL')
  await p?.remove()
})

/** Polls `check` until it returns true, failing after `timeoutMs`. */
const eventually = async (check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

it('--watch regenerates after a schema file (or a module it imports) changes', async () => {
  p = await makeProject('watch', {
    'redstore.config.ts': `export default { schemas: 'src/schema/*.ts', outDir: 'src/generated' }\n`,
    'src/schema/orders.ts': ordersSchema,
  })
  const project = p
  let output = ''
  child = spawn(
    process.execPath,
    ['--import', 'tsx', join(packageDir, 'src', 'cli.ts'), '--watch'],
    { cwd: project.dir, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output += String(chunk)
  })
  await eventually(async () => output.includes('watching for changes'))
  expect(output).toMatch(/redstore-codegen: 1 table, 2 files written, 0 unchanged/)
  expect(await project.read('src/generated/orders.ts')).not.toContain('coupon')

  await project.write(
    'src/schema/orders.ts',
    ordersSchema.replace(
      'placedAt: timestamptz(),',
      'placedAt: timestamptz(),\n    coupon: string().nullable(),',
    ),
  )
  await eventually(async () => (await project.read('src/generated/orders.ts')).includes('coupon'))

  // A new schema file in a watched directory is picked up too.
  await project.write(
    'src/schema/refunds.ts',
    `import { bigint, table } from '@redstore/schema'\nexport const refunds = table('refunds', { uniqueKeys: ['id'], columns: { id: bigint() } })\n`,
  )
  await eventually(() => project.exists('src/generated/refunds.ts'))

  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve))
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
})
