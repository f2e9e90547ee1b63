import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { packageDir, runRedstore } from './support/run.js'

const withoutTimes = (text: string) =>
  text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/[\d.]+ s \(check [\d.]+ s\), [\d.]+ MB\/s/g, '<time>')

it('shows the example files, and the session it shows is what the CLI prints', async () => {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8')
  expect(readme).toContain(await readFile(join(packageDir, 'examples', 'orders.ts'), 'utf8'))
  expect(readme).toContain(await readFile(join(packageDir, 'examples', 'orders.ndjson'), 'utf8'))
  const session = /```console\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  const [strict, allowed] = session.split('$ echo $?\n1\n')
  const args = ['load', 'examples/orders.ts', 'examples/orders.ndjson', '--emulator']

  const failing = await runRedstore(args, { cwd: packageDir })
  expect(failing.code).toBe(1)
  expect(`$ redstore ${args.join(' ')}\n${failing.stderr}`).toBe(strict)

  const skipping = await runRedstore([...args, '--max-bad-lines', '2'], { cwd: packageDir })
  expect(skipping.code).toBe(0)
  expect(
    withoutTimes(
      `$ redstore ${[...args, '--max-bad-lines', '2'].join(' ')}\n${skipping.stderr}${skipping.stdout}`,
    ),
  ).toBe(withoutTimes(allowed ?? ''))
})
