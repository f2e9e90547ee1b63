import { join } from 'node:path'
import { createDataApiClient, type DataApiClient } from '@redstore/data-api'
import {
  bigint,
  boolean,
  char,
  date,
  decimal,
  double,
  json,
  smallint,
  table,
  time,
  timestamp,
  timestamptz,
  toTableModel,
  varbyte,
  varchar,
} from '@redstore/schema'
import { commentStatements, createSchema, createTable, tableModelHash } from '@redstore/sql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerHash } from '../src/emit/header.js'
import { startEmulatorEnv } from './support/emulatorEnv.js'
import { makeProject, type TempProject } from './support/project.js'

let env: Awaited<ReturnType<typeof startEmulatorEnv>>
let client: DataApiClient
const projects: Array<TempProject> = []
beforeAll(async () => {
  env = await startEmulatorEnv()
  client = createDataApiClient()
})
afterAll(async () => {
  await client?.close()
  await env?.stop()
  for (const p of projects) await p.remove()
})

const project = async (name: string) => {
  const p = await makeProject(name, {
    'redstore.config.ts': `export default { schemas: 'src/schema/*.ts', outDir: 'src/generated' }\n`,
  })
  projects.push(p)
  return p
}

/** A definition with property names as Redshift stores them, so pulling it loses nothing. */
const customers = table('customers', {
  schema: 'crm',
  uniqueKeys: ['region', 'customer_id'],
  columns: {
    customer_id: bigint().describe('Customer number'),
    region: char(2),
    email: varchar(320).nullable().describe("The customer's e-mail, as given"),
    balance: decimal(12, 2).nullable(),
    tags: json().nullable(),
    signed_up: timestamptz().nullable(),
    last_seen: timestamp().nullable(),
    birthday: date().nullable(),
    opens_at: time().nullable(),
    active: boolean(),
    avatar: varbyte(2048).nullable(),
    score: double().nullable(),
    visits: smallint(),
  },
  description: 'Customers, one row each',
})

describe('redstore-codegen pull', () => {
  it('round-trips a table made from a DSL definition: same model hash after pull and regenerate', async () => {
    const model = toTableModel(customers)
    await client.batch([
      createSchema(model.schema),
      createTable(model),
      ...commentStatements(model),
    ])
    const p = await project('pull')
    const run = await p.run('pull', '--table', 'crm.customers', '--out', 'src/schema/customers.ts')
    expect(run.stderr).toEqual([])
    expect(run.code).toBe(0)
    expect(run.stdout).toEqual([
      'redstore-codegen pull: wrote src/schema/customers.ts from "crm"."customers"',
      expect.stringMatching(/^redstore-codegen: 1 table, 2 files written, 0 unchanged \(\d+ ms\)$/),
    ])
    const pulled = await p.read('src/schema/customers.ts')
    expect(pulled).toContain("uniqueKeys: ['region', 'customer_id'],")
    expect(pulled).toContain("customer_id: bigint().describe('Customer number'),")
    expect(pulled).toContain(
      'email: varchar(320).nullable().describe("The customer\'s e-mail, as given"),',
    )
    expect(pulled).toContain('avatar: varbyte(2048).nullable(),')
    expect(pulled).toContain("description: 'Customers, one row each',")
    const { customers: again } = await import(join(p.dir, 'src/schema/customers.ts'))
    expect(tableModelHash(toTableModel(again))).toBe(tableModelHash(model))
    expect(headerHash(await p.read('src/generated/customers.ts'))).toBe(tableModelHash(model))
  })

  it('takes the keys from --keys when the table declares none, and says so when neither does', async () => {
    await client.batch([
      'CREATE TABLE crm.visits (visitor BIGINT NOT NULL, page VARCHAR(200) NOT NULL, seconds INT)',
    ])
    const p = await project('keys')
    const missing = await p.run('pull', '--table', 'crm.visits')
    expect(missing.code).toBe(2)
    expect(missing.stderr[0]).toMatch(/has no PRIMARY KEY.*Fix: Name them: --keys id/)
    const run = await p.run(
      'pull',
      '--table',
      'CRM.Visits',
      '--keys',
      'visitor,page',
      '--no-generate',
    )
    expect(run.code).toBe(0)
    expect(
      await p.read('visits.ts'),
    ).toBe(`// Pulled by redstore-codegen from "crm"."visits". This file is yours to edit;
// run redstore-codegen after each change.
import { bigint, integer, table, varchar } from '@redstore/schema'

export const visits = table('visits', {
  schema: 'crm',
  uniqueKeys: ['visitor', 'page'],
  columns: {
    visitor: bigint(),
    page: varchar(200),
    seconds: integer().nullable(),
  },
})
`)
    const unknown = await p.run('pull', '--table', 'crm.nothing')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr[0]).toMatch(/"crm"."nothing" does not exist/)
  })
})
