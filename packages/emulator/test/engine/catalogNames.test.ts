import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine } from '../../src/engine/Engine.js'

let engine: Engine
beforeAll(async () => {
  engine = await createEngine('pglite', { databases: ['dev'] })
})
afterAll(() => engine?.close())

describe('catalog look-ups on PGlite', () => {
  it('keep names whole: a leading U+FEFF, quotes, blanks and multi-byte text', async () => {
    const session = await engine.openSession({ database: 'dev', user: 'IAM:catalog' })
    try {
      await session.run(
        `CREATE SCHEMA "s'\uFEFF"; CREATE TABLE "s'\uFEFF"."\uFEFFt" ("\uFEFFa" INT, " b" INT, "c'" INT, "é😀" INT)`,
      )
    } finally {
      await session.close()
    }
    const columns = await engine.describeTable('dev', "s'\uFEFF", '\uFEFFt')
    expect(columns?.map((c) => c.name)).toEqual(['\uFEFFa', ' b', "c'", 'é😀'])
    expect(await engine.listSchemas('dev', "s'%")).toEqual(["s'\uFEFF"])
    const tables = await engine.listTables('dev', { schemaPattern: "s'\uFEFF" })
    expect(tables.map((t) => t.name)).toEqual(['\uFEFFt'])
  })
})
