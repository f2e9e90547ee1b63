import { type PostgresServer, startPostgresServer } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type CopyHarness, plain, ROLE, startCopyHarness } from './support/copyHarness.js'

// Starting a PostgreSQL server with initdb takes seconds.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 })

let server: PostgresServer
let h: CopyHarness

beforeAll(async () => {
  server = await startPostgresServer()
  h = await startCopyHarness({ backend: { postgresUrl: server.url } })
})

afterAll(async () => {
  await h?.stop()
  await server?.stop()
})

describe('COPY on a PostgreSQL server backend (through the AWS SDK)', () => {
  it('records a row only the database refuses (a SUPER string over 65535 bytes), rolls the COPY back, then loads with MAXERROR', async () => {
    await h.ok('create table pg_copy (id int, name varchar(5), doc super)')
    await h.s3.put(
      's3://loads/pg_copy.json',
      `{"id": 1, "name": "ok", "doc": {"a": 1}}\n{"id": 2, "doc": {"s": "${'x'.repeat(70_000)}"}}\n{"id": 3, "doc": [true]}\n`,
    )
    const failed = await h.run(`copy pg_copy from 's3://loads/pg_copy.json' ${ROLE} json 'auto'`)
    expect(failed.Error).toBe(
      "ERROR: Load into table 'pg_copy' failed. Check 'stl_load_errors' system table for details.",
    )
    expect(plain(await h.rows('select count(*) from pg_copy'))).toEqual([[0]])
    const d = await h.ok(
      `copy pg_copy from 's3://loads/pg_copy.json' ${ROLE} json 'auto' maxerror 1`,
    )
    expect(d.ResultRows).toBe(2)
    expect(
      plain(await h.rows('select id, name, json_serialize(doc) from pg_copy order by id')),
    ).toEqual([
      [1, 'ok', '{"a":1}'],
      [3, null, '[true]'],
    ])
    expect(
      plain(
        await h.rows(
          `select line_number, trim(colname), err_code, trim(err_reason) from stl_load_errors where query in (${failed.RedshiftQueryId}, ${d.RedshiftQueryId}) order by query`,
        ),
      ),
    ).toEqual([
      [
        2,
        '',
        1204,
        'string of 70000 bytes inside a SUPER value exceeds the maximum of 65535 bytes',
      ],
      [
        2,
        '',
        1204,
        'string of 70000 bytes inside a SUPER value exceeds the maximum of 65535 bytes',
      ],
    ])
  })

  it('loads a temp table in a TRANSACTION batch and rolls the whole batch back when a COPY fails', async () => {
    await h.ok('create table pg_target (id int, v varchar(10))')
    await h.s3.put('s3://loads/pg_stage.csv', '1,one\n2,two\n')
    await h.s3.put('s3://loads/pg_bad.csv', '3,three\nfour,4\n')
    const ok = await h.batch([
      'create temp table pg_stage (like pg_target)',
      `copy pg_stage from 's3://loads/pg_stage.csv' ${ROLE} csv`,
      'merge into pg_target using pg_stage on pg_target.id = pg_stage.id when matched then update set v = pg_stage.v when not matched then insert values (pg_stage.id, pg_stage.v)',
    ])
    expect(ok.Status).toBe('FINISHED')
    const bad = await h.batch([
      "insert into pg_target values (9, 'nine')",
      `copy pg_target from 's3://loads/pg_bad.csv' ${ROLE} csv`,
    ])
    expect(bad.Status).toBe('FAILED')
    expect(plain(await h.rows('select id, v from pg_target order by id'))).toEqual([
      [1, 'one'],
      [2, 'two'],
    ])
  })
})
