import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeProject, packageDir, type TempProject } from './support/project.js'

const projects: Array<TempProject> = []
afterAll(async () => {
  for (const p of projects) await p.remove()
})
const project = async (name: string, files: Record<string, string>) => {
  const p = await makeProject(name, files)
  projects.push(p)
  return p
}

describe('diagnostics', () => {
  it('reports every problem of every table in one run at file:line:col, fails, and writes nothing', async () => {
    const bad = await readFile(join(packageDir, 'test/__fixtures__/bad.ts.txt'), 'utf8')
    const p = await project('diagnostics', { 'src/schema/bad.ts': bad })
    const run = await p.run('src/schema/bad.ts', '--out-dir', 'src/generated', '--no-cache')
    expect(run.code).toBe(1)
    const at = run.stderr.map((line) => /^(.*?:\d+:\d+: \w+)/.exec(line)?.[1])
    expect(at).toEqual([
      'src/schema/bad.ts:5:22: error', // uniqueKeys[1]: not a property
      'src/schema/bad.ts:5:33: error', // uniqueKeys[2]: nullable key
      'src/schema/bad.ts:5:41: error', // uniqueKeys[3]: SUPER key
      'src/schema/bad.ts:8:5: error', // userId and userid fold to one column
      'src/schema/bad.ts:9:5: error',
      'src/schema/bad.ts:10:5: warning', // reserved word
      'src/schema/bad.ts:11:12: error', // decimal(39, 2)
      'src/schema/bad.ts:12:23: error', // .columnName over 127 bytes
      'src/schema/bad.ts:15:23: error', // .redshiftType('GEOMETRY')
      'src/schema/bad.ts:21:3: error', // 1601 columns
    ])
    expect(run.stderr[0]).toBe(
      'src/schema/bad.ts:5:22: error: Unique key "missing" is not a property of columns. Fix: Name a property of columns exactly as written there (not its column name). [uniqueKeys[1]]',
    )
    expect(run.stderr[6]).toContain('decimal(39, 2) is not a valid Redshift type')
    expect(run.stderr[7]).toContain('128 UTF-8 bytes long')
    expect(run.stderr[8]).toContain('"GEOMETRY" is not a valid Redshift type')
    expect(run.stderr[9]).toContain('1601 columns')
    expect(run.stdout).toEqual([
      expect.stringMatching(
        /^redstore-codegen: 1 table, 9 errors, 1 warning; nothing written \(\d+ ms\)$/,
      ),
    ])
    expect(await p.exists('src/generated/good.ts')).toBe(false)
  })

  it('prints reserved words as warnings by default and fails on them with reservedWords: error', async () => {
    const schema = `import { bigint, table, varchar } from '@redstore/schema'

export const users = table('users', {
  uniqueKeys: ['id'],
  columns: {
    id: bigint(),
    user: varchar(40),
  },
})
`
    const p = await project('reserved', {
      'src/schema/users.ts': schema,
      'redstore.config.ts': `export default { schemas: 'src/schema/*.ts', outDir: 'src/generated' }\n`,
    })
    const warned = await p.run('--no-cache')
    expect(warned.code).toBe(0)
    expect(warned.stderr).toEqual([
      expect.stringMatching(/^src\/schema\/users\.ts:7:5: warning: Column "user"/),
    ])
    expect(warned.stdout[0]).toMatch(/1 table, 2 files written, 0 unchanged, 1 warning/)
    const strict = await p.run('--no-cache', '--reserved-words', 'error')
    expect(strict.code).toBe(1)
    expect(strict.stderr[0]).toMatch(/^src\/schema\/users\.ts:7:5: error: Column "user"/)
    await p.write(
      'redstore.config.ts',
      `export default { schemas: 'src/schema/*.ts', outDir: 'src/generated', reservedWords: 'error' }\n`,
    )
    expect((await p.run('--no-cache')).code).toBe(1)
  })

  it('points a syntax error in a schema module at its line and column', async () => {
    const p = await project('syntax', {
      'src/schema/broken.ts': `import { bigint, table } from '@redstore/schema'\n\nexport const broken = table('broken', {\n  uniqueKeys: ['id'],\n  columns: { id: bigint( },\n})\n`,
    })
    const run = await p.run('src/schema/broken.ts', '--no-cache')
    expect(run.code).toBe(1)
    expect(run.stderr[0]).toMatch(
      /^src\/schema\/broken\.ts:5:26: error: The schema file could not be loaded: /,
    )
  })

  it('explains a schema module loaded as CommonJS', async () => {
    const p = await project('commonjs', {
      'src/schema/orders.ts': `import { bigint, table } from '@redstore/schema'\nexport const orders = table('orders', { uniqueKeys: ['id'], columns: { id: bigint() } })\n`,
    })
    await p.write('package.json', JSON.stringify({ name: 'cjs', private: true }))
    const run = await p.run('src/schema/orders.ts', '--no-cache')
    expect(run.code).toBe(1)
    expect(run.stderr[0]).toContain('add "type": "module" to the nearest package.json')
  })

  it('reads OWOX *.schema.json files: syntax errors and problems at their line and column', async () => {
    const p = await project('owox', {
      'schema/broken.schema.json':
        '{\n  "table": "broken",\n  "uniqueKeys": ["id"],\n  "fields": { "id": { "type": "integer" } },\n}\n',
      'schema/events.schema.json':
        '{\n  "table": "events",\n  "uniqueKeys": ["id", "nope"],\n  "fields": {\n    "id": { "type": "integer" },\n    "amount": { "type": "float", "RedshiftType": "DECIMAL(39,2)" }\n  }\n}\n',
    })
    const run = await p.run('schema/broken.schema.json', 'schema/events.schema.json', '--no-cache')
    expect(run.code).toBe(1)
    expect(run.stderr).toEqual([
      expect.stringMatching(
        /^schema\/broken\.schema\.json:5:1: error: JSON syntax error at line 5, column 1/,
      ),
      expect.stringMatching(/^schema\/events\.schema\.json:3:24: error: Unique key "nope"/),
      expect.stringMatching(
        /^schema\/events\.schema\.json:6:34: error: RedshiftType "DECIMAL\(39,2\)"/,
      ),
    ])
  })

  it('reports a config file that is not valid at the property', async () => {
    const p = await project('badconfig', {
      'redstore.config.ts': `const outDir = 42\n\nexport default {\n  schemas: [],\n  outDir,\n}\n`,
    })
    const run = await p.run()
    expect(run.code).toBe(1)
    expect(run.stderr).toEqual([
      expect.stringMatching(/^redstore\.config\.ts:4:3: error: schemas must be a glob pattern/),
      expect.stringMatching(/^redstore\.config\.ts:5:3: error: outDir must name the directory/),
    ])
  })
})
