import { gzipSync } from 'node:zlib'
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runToEnd, workgroup } from '../conformance/support/conformanceEmulator.js'
import { type CopyHarness, plain, ROLE, startCopyHarness } from './support/copyHarness.js'

// One emulator (PGlite) and one s3rver for the whole file: each takes seconds to start.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let h: CopyHarness
beforeAll(async () => {
  h = await startCopyHarness()
})
afterAll(async () => {
  await h?.stop()
})

const LOAD_FAILED = (table: string) =>
  `ERROR: Load into table '${table}' failed. Check 'stl_load_errors' system table for details.`

describe('COPY refuses what it cannot do (through the AWS SDK)', () => {
  it('refuses an unknown option and an unimplemented one, loading nothing', async () => {
    await h.ok('create table r_opts (id int)')
    await h.s3.put('s3://loads/r_opts.csv', '1\n')
    expect(await h.error(`copy r_opts from 's3://loads/r_opts.csv' ${ROLE} csv frobnicate`)).toBe(
      'ERROR: syntax error at or near "frobnicate"',
    )
    expect(
      await h.error(`copy r_opts from 's3://loads/r_opts.csv' ${ROLE} fixedwidth 'id:1'`),
    ).toBe('ERROR: COPY option FIXEDWIDTH is not supported by the emulator; use CSV or JSON')
    expect(await h.error(`copy r_opts from 's3://loads/r_opts.csv' ${ROLE} zstd`)).toMatch(
      /^ERROR: COPY option ZSTD is not supported by the emulator; Node 20's zlib cannot decompress ZSTD/,
    )
    expect(plain(await h.rows('select count(*) from r_opts'))).toEqual([[0]])
  })

  it('fails an empty prefix, a missing bucket and a missing table with their errors', async () => {
    await h.ok('create table r_src (id int)')
    expect(await h.error(`copy r_src from 's3://loads/nothing-here/' ${ROLE} csv`)).toBe(
      "ERROR: The specified S3 prefix 'nothing-here/' does not exist",
    )
    expect(await h.error(`copy r_src from 's3://no-such-bucket/x' ${ROLE} csv`)).toMatch(
      /^ERROR: S3ServiceException:The specified bucket does not exist,Status 404,Error NoSuchBucket,/,
    )
    expect(await h.error(`copy r_missing from 's3://loads/x' ${ROLE} csv`)).toBe(
      'ERROR: relation "r_missing" does not exist',
    )
    expect(await h.error(`copy r_src (nope) from 's3://loads/x' ${ROLE} csv`)).toBe(
      'ERROR: column "nope" of relation "r_src" does not exist',
    )
  })

  it('signs with the keys a COPY gives: an unknown key is S3 access error; IAM_ROLE uses the configured keys', async () => {
    await h.ok('create table r_keys (id int)')
    await h.s3.put('s3://loads/r_keys.csv', '7\n')
    expect(
      await h.error(
        `copy r_keys from 's3://loads/r_keys.csv' access_key_id 'AKIAWRONGKEY0000' secret_access_key 'nope' csv`,
      ),
    ).toMatch(
      /^ERROR: S3ServiceException:The AWS Access Key Id you provided does not exist in our records\.,Status 403,Error InvalidAccessKeyId,/,
    )
    expect(
      await h.error(
        `copy r_keys from 's3://loads/r_keys.csv' credentials 'aws_access_key_id=AKIAWRONGKEY0000;aws_secret_access_key=x;token=t' csv`,
      ),
    ).toMatch(/Error InvalidAccessKeyId/)
    await h.ok(
      `copy r_keys from 's3://loads/r_keys.csv' credentials 'aws_access_key_id=S3RVER;aws_secret_access_key=S3RVER' csv`,
    )
    await h.ok(`copy r_keys from 's3://loads/r_keys.csv' iam_role default csv`)
    await h.ok(
      `copy r_keys from 's3://loads/r_keys.csv' with credentials 'aws_iam_role=arn:aws:iam::123456789012:role/x' csv`,
    )
    expect(plain(await h.rows('select id from r_keys'))).toEqual([[7], [7], [7]])
  })

  it('fails on a missing mandatory manifest entry, a wrong content_length and a bad manifest', async () => {
    await h.ok('create table r_man (id int)')
    await h.s3.put('s3://loads/r_man/1.csv', '1\n')
    const manifest = (entries: unknown[]) => JSON.stringify({ entries })
    await h.s3.put(
      's3://loads/r_man.missing',
      manifest([
        { url: 's3://loads/r_man/1.csv', mandatory: true },
        { url: 's3://loads/r_man/2.csv', mandatory: true },
      ]),
    )
    expect(await h.error(`copy r_man from 's3://loads/r_man.missing' ${ROLE} csv manifest`)).toBe(
      'ERROR: Manifest entry s3://loads/r_man/2.csv is mandatory and the object does not exist',
    )
    await h.s3.put(
      's3://loads/r_man.length',
      manifest([{ url: 's3://loads/r_man/1.csv', meta: { content_length: 5 } }]),
    )
    expect(await h.error(`copy r_man from 's3://loads/r_man.length' ${ROLE} csv manifest`)).toBe(
      'ERROR: Manifest entry s3://loads/r_man/1.csv has meta.content_length 5 but the object is 2 bytes',
    )
    await h.s3.put('s3://loads/r_man.bad', '{"entries": [')
    expect(await h.error(`copy r_man from 's3://loads/r_man.bad' ${ROLE} csv manifest`)).toMatch(
      /^ERROR: Manifest file is not in correct json format: /,
    )
    await h.s3.put('s3://loads/r_man.none', manifest([{ url: 's3://loads/r_man/9.csv' }]))
    expect(await h.error(`copy r_man from 's3://loads/r_man.none' ${ROLE} csv manifest`)).toBe(
      'ERROR: No files found to load: every manifest entry is missing',
    )
    expect(plain(await h.rows('select count(*) from r_man'))).toEqual([[0]])
  })

  it('fails a bad value: nothing loaded, one row per bad line in stl_load_errors and sys_load_error_detail', async () => {
    await h.ok('create table r_bad (id int not null, name varchar(3), amount decimal(5,2))')
    await h.s3.put('s3://loads/r_bad.csv', '1,ok,1.00\n2,long name,2.00\n')
    const d = await h.run(`copy r_bad from 's3://loads/r_bad.csv' ${ROLE} csv`)
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toBe(LOAD_FAILED('r_bad'))
    expect(plain(await h.rows('select count(*) from r_bad'))).toEqual([[0]])
    const stl = await h.rows(
      `select query, trim(filename), line_number, trim(colname), trim(type), trim(col_length), position, trim(raw_line), trim(raw_field_value), err_code, trim(err_reason), session, slice from stl_load_errors where query = ${d.RedshiftQueryId}`,
    )
    expect(plain(stl)).toEqual([
      [
        d.RedshiftQueryId,
        's3://loads/r_bad.csv',
        2,
        'name',
        'varchar',
        '3',
        3,
        '2,long name,2.00',
        'long name',
        1204,
        'String length exceeds DDL length',
        d.RedshiftPid,
        0,
      ],
    ])
    const sys = await h.rows(
      `select query_id, trim(file_name), line_number, trim(column_name), trim(column_type), trim(column_length), error_code, trim(error_message), trim(database_name) from sys_load_error_detail where query_id = ${d.RedshiftQueryId}`,
    )
    expect(plain(sys)).toEqual([
      [
        d.RedshiftQueryId,
        's3://loads/r_bad.csv',
        2,
        'name',
        'varchar',
        '3',
        1204,
        'String length exceeds DDL length',
        'dev',
      ],
    ])
    // A NOT NULL column receiving NULL, and a line with too few fields.
    await h.s3.put('s3://loads/r_bad2.csv', ',ok,1\n3,ok\n')
    const tolerated = await h.ok(`copy r_bad from 's3://loads/r_bad2.csv' ${ROLE} csv maxerror 5`)
    expect(tolerated.ResultRows).toBe(0)
    expect(
      plain(
        await h.rows(
          `select line_number, trim(colname), err_code, trim(err_reason) from stl_load_errors where query = ${tolerated.RedshiftQueryId} order by line_number`,
        ),
      ),
    ).toEqual([
      [1, 'id', 1213, 'Missing data for not-null field'],
      [2, 'amount', 1214, 'Delimiter not found'],
    ])
  })

  it('MAXERROR n tolerates n bad lines, which are skipped and recorded', async () => {
    await h.ok('create table r_max (id int, d date)')
    await h.s3.put(
      's3://loads/r_max.csv',
      '1,2024-01-01\nx,2024-01-02\n3,2024-13-01\n4,2024-01-04\n',
    )
    const failed = await h.run(`copy r_max from 's3://loads/r_max.csv' ${ROLE} csv maxerror 1`)
    expect(failed.Error).toBe(LOAD_FAILED('r_max'))
    const d = await h.ok(`copy r_max from 's3://loads/r_max.csv' ${ROLE} csv maxerror 2`)
    expect(d.ResultRows).toBe(2)
    expect(plain(await h.rows('select id, d from r_max order by id'))).toEqual([
      [1, '2024-01-01'],
      [4, '2024-01-04'],
    ])
    expect(
      plain(
        await h.rows(
          `select line_number, trim(colname), err_code, trim(err_reason) from stl_load_errors where query = ${d.RedshiftQueryId} order by line_number`,
        ),
      ),
    ).toEqual([
      [2, 'id', 1207, "Invalid digit, Value 'x', Pos 0, Type: Integer"],
      [3, 'd', 1205, 'Error in Date value or format [%Y-%m-%d]'],
    ])
  })

  it('fails an object that is not GZIP data when GZIP is given, and a JSON object over 4 MB', async () => {
    await h.ok('create table r_gz (id int, v varchar(max))')
    await h.s3.put('s3://loads/r_gz.csv', '1,a\n')
    expect(await h.error(`copy r_gz from 's3://loads/r_gz.csv' ${ROLE} csv gzip`)).toMatch(
      /^ERROR: gzip: s3:\/\/loads\/r_gz\.csv: .*; the object is not valid GZIP data$/,
    )
    const big = JSON.stringify({ id: 1, v: 'x'.repeat(4 * 1024 * 1024) })
    await h.s3.put('s3://loads/r_gz.json', `{"id": 0, "v": "small"}\n${big}\n`)
    const d = await h.run(`copy r_gz from 's3://loads/r_gz.json' ${ROLE} json 'auto' maxerror 10`)
    expect(d.Error).toBe(LOAD_FAILED('r_gz'))
    expect(
      plain(
        await h.rows(
          `select line_number, err_code, trim(err_reason) from stl_load_errors where query = ${d.RedshiftQueryId}`,
        ),
      ),
    ).toEqual([[2, 1216, 'Record exceeds the maximum size of 4194304 bytes']])
    expect(plain(await h.rows('select count(*) from r_gz'))).toEqual([[0]])
  })
})

describe('COPY loads (through the AWS SDK)', () => {
  it('loads every object under a prefix, and exactly the manifest entries', async () => {
    await h.ok('create table l_src (id int, f varchar(20))')
    await h.s3.put('s3://loads/l_src/part-0.csv', '1,part-0\n2,part-0\n')
    await h.s3.put('s3://loads/l_src/part-1.csv', '3,part-1\n')
    await h.s3.put('s3://loads/l_src/dir/', '')
    await h.s3.put('s3://loads/l_src_sibling.csv', '99,sibling\n')
    const d = await h.ok(`copy l_src from 's3://loads/l_src/' ${ROLE} csv`)
    expect(d.ResultRows).toBe(3)
    await h.s3.put(
      's3://loads/manifests/l_src.manifest',
      JSON.stringify({
        entries: [
          { url: 's3://loads/l_src/part-1.csv', mandatory: true, meta: { content_length: 9 } },
          { url: 's3://loads/l_src/part-1.csv', mandatory: true },
          { url: 's3://loads/l_src/part-9.csv', mandatory: false },
        ],
      }),
    )
    const m = await h.ok(
      `copy l_src from 's3://loads/manifests/l_src.manifest' ${ROLE} csv manifest`,
    )
    expect(m.ResultRows).toBe(2)
    expect(plain(await h.rows('select id, f from l_src order by id'))).toEqual([
      [1, 'part-0'],
      [2, 'part-0'],
      [3, 'part-1'],
      [3, 'part-1'],
      [3, 'part-1'],
    ])
    // A prefix that names a file and more ("l_src" also matches "l_src_sibling.csv").
    const wide = await h.ok(`copy l_src from 's3://loads/l_src' ${ROLE} csv`)
    expect(wide.ResultRows).toBe(4)
  })

  it('loads GZIP objects streamed through gunzip, and reports PG_LAST_COPY_ID/COUNT per session', async () => {
    await h.ok('create table l_gz (id int, v varchar(10))')
    const text = Array.from({ length: 5000 }, (_, i) => `${i},v${i}`).join('\n')
    await h.s3.put('s3://loads/l_gz.csv.gz', gzipSync(text))
    const first = await h.c.client.send(
      new ExecuteStatementCommand({
        ...workgroup,
        Sql: `copy l_gz from 's3://loads/l_gz.csv.gz' ${ROLE} csv gzip`,
        SessionKeepAliveSeconds: 60,
        WaitTimeSeconds: 20,
      }),
    )
    expect(first.Status).toBe('FINISHED')
    const copied = await h.c.client.send(new DescribeStatementCommand({ Id: first.Id }))
    const last = await runToEnd(h.c.client, {
      SessionId: first.SessionId,
      Sql: 'select pg_last_copy_id(), pg_last_copy_count()',
    })
    const result = await h.c.client.send(new GetStatementResultCommand({ Id: last.Id }))
    expect(plain(result.Records ?? [])).toEqual([[copied.RedshiftQueryId, 5000]])
    expect(plain(await h.rows('select count(*), sum(id) from l_gz'))).toEqual([[5000, 12497500]])
    expect(plain(await h.rows('select pg_last_copy_id(), pg_last_copy_count()'))).toEqual([[-1, 0]])
  })

  it('gives the columns outside the column list their defaults', async () => {
    await h.ok(
      "create table l_cols (id bigint identity(1, 1), name varchar(10), state varchar(8) default 'new', note varchar(10))",
    )
    await h.s3.put('s3://loads/l_cols.csv', 'alpha,n1\nbeta,n2\n')
    await h.ok(`copy l_cols (name, note) from 's3://loads/l_cols.csv' ${ROLE} csv`)
    await h.s3.put('s3://loads/l_cols.json', '{"name": "gamma", "state": "ignored"}\n')
    await h.ok(`copy l_cols (note, name) from 's3://loads/l_cols.json' ${ROLE} json 'auto'`)
    expect(plain(await h.rows('select id, name, state, note from l_cols order by id'))).toEqual([
      [1, 'alpha', 'new', 'n1'],
      [2, 'beta', 'new', 'n2'],
      [3, 'gamma', 'new', null],
    ])
  })

  it('loads a temp table inside a TRANSACTION batch that MERGEs it into the target', async () => {
    await h.ok('create table l_target (id int not null, name varchar(10), amount decimal(10,2))')
    await h.ok("insert into l_target values (1, 'old', 1.00), (2, 'keep', 2.00)")
    await h.s3.put(
      's3://loads/l_stage/0.json',
      '{"id": 1, "name": "new", "amount": "10.50"}\n{"id": 3, "name": "added", "amount": "3.25"}\n',
    )
    const d = await h.batch([
      'create temp table l_stage (like l_target)',
      `copy l_stage from 's3://loads/l_stage/' ${ROLE} format as json 'auto' timeformat 'auto'`,
      'merge into l_target using l_stage on l_target.id = l_stage.id when matched then update set name = l_stage.name, amount = l_stage.amount when not matched then insert values (l_stage.id, l_stage.name, l_stage.amount)',
    ])
    expect(d.Status).toBe('FINISHED')
    expect(d.SubStatements?.map((s) => s.ResultRows)).toEqual([0, 2, 2])
    expect(plain(await h.rows('select id, name, amount from l_target order by id'))).toEqual([
      [1, 'new', '10.50'],
      [2, 'keep', '2.00'],
      [3, 'added', '3.25'],
    ])
  })

  it('rolls a TRANSACTION batch back when its COPY fails', async () => {
    await h.ok('create table l_tx (id int)')
    await h.s3.put('s3://loads/l_tx.csv', '1\nnot a number\n')
    const d = await h.batch([
      'insert into l_tx values (100)',
      `copy l_tx from 's3://loads/l_tx.csv' ${ROLE} csv`,
      'insert into l_tx values (200)',
    ])
    expect(d.Status).toBe('FAILED')
    expect(d.Error).toBe(LOAD_FAILED('l_tx'))
    expect(d.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED', 'SUBMITTED'])
    expect(plain(await h.rows('select count(*) from l_tx'))).toEqual([[0]])
    expect(
      plain(
        await h.rows(
          `select trim(raw_line) from stl_load_errors where query = ${d.SubStatements?.[1]?.RedshiftQueryId}`,
        ),
      ),
    ).toEqual([['not a number']])
  })
})
