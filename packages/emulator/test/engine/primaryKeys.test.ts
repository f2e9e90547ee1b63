import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine, EngineSession } from '../../src/engine/Engine.js'

let engine: Engine
let session: EngineSession

beforeAll(async () => {
  engine = await createEngine('pglite', { databases: ['dev'] })
  session = await engine.openSession({ database: 'dev', user: 'admin' })
}, 60_000)

afterAll(async () => {
  await session?.close()
  await engine?.close()
})

/** The rows of a query as plain values. */
const rows = async (sql: string): Promise<Array<Array<unknown>>> =>
  (await session.run(sql)).rows.map((row) =>
    row.map((cell) => ('value' in cell ? cell.value : null)),
  )

const primaryKeyOf = (table: string) =>
  rows(`SELECT tc.constraint_name, kcu.column_name, kcu.ordinal_position
          FROM information_schema.table_constraints AS tc
          JOIN information_schema.key_column_usage AS kcu
            ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
           AND kcu.table_name = tc.table_name
         WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'keys' AND tc.table_name = '${table}'
         ORDER BY kcu.ordinal_position`)

describe('declared primary keys', () => {
  it('are kept in key order and reported by information_schema, not enforced', async () => {
    await session.run('CREATE SCHEMA keys')
    await session.run(
      'CREATE TABLE keys.orders (id BIGINT, region VARCHAR(10), note VARCHAR(100), PRIMARY KEY (region, id))',
    )
    expect(await primaryKeyOf('orders')).toEqual([
      ['orders_pkey', 'region', 1n],
      ['orders_pkey', 'id', 2n],
    ])
    // Informational, as in Redshift: duplicates land, and key columns stay NOT NULL.
    await session.run("INSERT INTO keys.orders VALUES (1, 'eu', 'a'), (1, 'eu', 'b')")
    expect(await rows("SELECT count(*) FROM keys.orders WHERE id = 1 AND region = 'eu'")).toEqual([
      [2n],
    ])
    await expect(session.run("INSERT INTO keys.orders VALUES (NULL, 'eu', 'c')")).rejects.toThrow(
      /null value/,
    )
  })

  it('keeps a named constraint and a column-level key', async () => {
    await session.run(
      'CREATE TABLE keys.named (a INT NOT NULL, b INT, CONSTRAINT named_key PRIMARY KEY (b))',
    )
    await session.run('CREATE TABLE keys.inline (code CHAR(3) PRIMARY KEY, label VARCHAR(20))')
    expect(await primaryKeyOf('named')).toEqual([['named_key', 'b', 1n]])
    expect(await primaryKeyOf('inline')).toEqual([['inline_pkey', 'code', 1n]])
  })

  it('are not inherited by CREATE TABLE (LIKE ...), and go with a dropped table', async () => {
    await session.run('CREATE TABLE keys.copy (LIKE keys.orders)')
    expect(await primaryKeyOf('copy')).toEqual([])
    await session.run('CREATE TEMP TABLE stage (LIKE keys.orders)')
    expect(await primaryKeyOf('stage')).toEqual([])
    await session.run('CREATE TABLE keys.dropped (id INT PRIMARY KEY)')
    await session.run('DROP TABLE keys.dropped')
    await session.run('CREATE TABLE keys.dropped (id INT)')
    expect(await primaryKeyOf('dropped')).toEqual([])
  })

  it('show in pg_constraint as contype p with their columns', async () => {
    expect(
      await rows(`SELECT con.contype, a.attname
                    FROM pg_constraint AS con
                    JOIN pg_class AS c ON c.oid = con.conrelid
                    JOIN pg_namespace AS n ON n.oid = c.relnamespace
                    JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = ANY (con.conkey)
                   WHERE n.nspname = 'keys' AND c.relname = 'orders' AND con.contype = 'p'
                   ORDER BY a.attname`),
    ).toEqual([
      ['p', 'id'],
      ['p', 'region'],
    ])
    expect(
      await rows(
        "SELECT count(*) FROM pg_catalog.pg_constraint WHERE contype = 'p' AND conname = 'orders_pkey'",
      ),
    ).toEqual([[1n]])
  })
})

describe('VARBYTE lengths', () => {
  it('are reported by information_schema.columns and DescribeTable', async () => {
    await session.run(
      'CREATE TABLE keys.blobs (id INT, small VARBYTE(16), bare VARBYTE, v VARCHAR(9))',
    )
    expect(
      await rows(`SELECT column_name, data_type, character_maximum_length
                    FROM information_schema.columns
                   WHERE table_schema = 'keys' AND table_name = 'blobs' ORDER BY ordinal_position`),
    ).toEqual([
      ['id', 'integer', null],
      ['small', 'binary varying', 16n],
      ['bare', 'binary varying', 64000n],
      ['v', 'character varying', 9n],
    ])
    const described = await engine.describeTable('dev', 'keys', 'blobs')
    expect(described?.map((c) => [c.name, c.typeName, c.length])).toEqual([
      ['id', 'int4', 0],
      ['small', 'varbyte', 16],
      ['bare', 'varbyte', 64000],
      ['v', 'varchar', 9],
    ])
  })
})
