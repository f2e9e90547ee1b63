import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { type CopyHarness, plain, ROLE } from './copyHarness.js'

/** CSV's quoting of a value: in double quotes, each double quote doubled. */
const quoted = (value: string): string => `"${value.replaceAll('"', '""')}"`

/** Values that PostgreSQL's COPY text format must escape, and others that look special. */
export const hostileValues: ReadonlyArray<string> = [
  'tab\there',
  'line\nfeed',
  'crlf\r\nend',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\.',
  'a\\tb',
  '\\\\',
  'ends with \\',
  'ÄÖÜ 東京 🚀 é',
  '  blanks around  ',
  '"quoted"',
  'comma,semi;pipe|',
  '\u00a0\u3000',
]

const refusedDoc = `{"s":"${'x'.repeat(70_000)}"}`
const LOAD_FAILED = (table: string) =>
  `ERROR: Load into table '${table}' failed. Check 'stl_load_errors' system table for details.`

/**
 * How rows are stored by COPY (PostgreSQL's COPY FROM STDIN under the converter), the same on
 * every backend: exact values, NULL against empty text, bad lines with their line, MAXERROR,
 * rows only the database refuses, and transactions. `h` is read when the tests run.
 */
export const nativeCopySuite = (harness: () => CopyHarness): void => {
  describe('COPY stores converted rows with PostgreSQL COPY', () => {
    it('stores hostile text, SUPER strings and VARBYTE exactly; NULL, empty and quoted \\N differ', async () => {
      const h = harness()
      await h.ok('create table nc_hostile (id int, v varchar(100), s super, b varbyte(16))')
      const lines = hostileValues.map(
        (v, i) =>
          `${i},${quoted(v)},${quoted(JSON.stringify(v))},${Buffer.from(v).subarray(0, 16).toString('hex')}`,
      )
      lines.push('100,,,', '101,\\N,\\N,\\N', `102,"\\N","""\\\\N""",`, '103,"",""""""')
      await h.s3.put('s3://loads/nc_hostile.csv.gz', gzipSync(`${lines.join('\n')}\n`))
      const d = await h.ok(
        `copy nc_hostile from 's3://loads/nc_hostile.csv.gz' ${ROLE} csv gzip fillrecord`,
      )
      expect(d.ResultRows).toBe(hostileValues.length + 4)
      const rows = plain(
        await h.rows(
          'select id, v, json_serialize(s), to_hex(b), v is null, s is null from nc_hostile order by id',
        ),
      )
      expect(rows).toEqual([
        ...hostileValues.map((v, i) => [
          i,
          v,
          JSON.stringify(v),
          Buffer.from(v).subarray(0, 16).toString('hex'),
          false,
          false,
        ]),
        [100, '', null, null, false, true],
        [101, null, null, null, true, true],
        [102, '\\N', '"\\\\N"', null, false, false],
        [103, '', '""', null, false, false],
      ])
    })

    it('finds each row only the database refuses, across batches, with its file and line; MAXERROR decides', async () => {
      const h = harness()
      await h.ok('create table nc_refused (id int, note varchar(200), doc super)')
      const refused = new Set([1, 2, 1500, 4000])
      const lines: string[] = []
      for (let line = 1; line <= 4000; line++) {
        const doc = refused.has(line) ? refusedDoc : `{"n":${line},"t":"${'é'.repeat(40)}"}`
        lines.push(`${line},${quoted(`row ${line} ${'ü'.repeat(60)}`)},${quoted(doc)}`)
      }
      await h.s3.put('s3://loads/nc_refused/part-0.csv.gz', gzipSync(`${lines.join('\n')}\n`))
      const tolerated = await h.ok(
        `copy nc_refused from 's3://loads/nc_refused/' ${ROLE} csv gzip maxerror 10`,
      )
      expect(tolerated.ResultRows).toBe(3996)
      expect(
        plain(
          await h.rows(
            'select count(*), min(id), max(id), sum(id) from nc_refused where id not in (1, 2, 1500, 4000)',
          ),
        ),
      ).toEqual([[3996, 3, 3999, (4000 * 4001) / 2 - 1 - 2 - 1500 - 4000]])
      expect(
        plain(
          await h.rows(
            `select trim(filename), line_number, err_code, trim(err_reason) from stl_load_errors where query = ${tolerated.RedshiftQueryId} order by line_number`,
          ),
        ),
      ).toEqual(
        [1, 2, 1500, 4000].map((line) => [
          's3://loads/nc_refused/part-0.csv.gz',
          line,
          1204,
          'string of 70000 bytes inside a SUPER value exceeds the maximum of 65535 bytes',
        ]),
      )
      await h.ok('truncate nc_refused')
      const failed = await h.run(
        `copy nc_refused from 's3://loads/nc_refused/' ${ROLE} csv gzip maxerror 3`,
      )
      expect(failed.Error).toBe(LOAD_FAILED('nc_refused'))
      expect(plain(await h.rows('select count(*) from nc_refused'))).toEqual([[0]])
      expect(
        plain(
          await h.rows(
            `select line_number from stl_load_errors where query = ${failed.RedshiftQueryId} order by line_number`,
          ),
        ),
      ).toEqual([[1], [2], [1500], [4000]])
    })

    it('counts bad values and refused rows together against MAXERROR, each with its line and column', async () => {
      const h = harness()
      await h.ok('create table nc_mixed (id int, doc super)')
      await h.s3.put(
        's3://loads/nc_mixed.csv',
        ['1,"[1]"', '2,"[2]"', 'x3,"[3]"', '4,"[4]"', `5,${quoted(refusedDoc)}`, '6,"[6]"'].join(
          '\n',
        ),
      )
      const failed = await h.run(
        `copy nc_mixed from 's3://loads/nc_mixed.csv' ${ROLE} csv maxerror 1`,
      )
      expect(failed.Error).toBe(LOAD_FAILED('nc_mixed'))
      expect(
        plain(
          await h.rows(
            `select line_number, trim(colname), err_code from stl_load_errors where query = ${failed.RedshiftQueryId} order by line_number`,
          ),
        ),
      ).toEqual([
        [3, 'id', 1207],
        [5, '', 1204],
      ])
      expect(
        plain(
          await h.rows(
            `select trim(raw_line) from stl_load_errors where query = ${failed.RedshiftQueryId} order by line_number`,
          ),
        ),
      ).toEqual([['x3,"[3]"'], [`5,${quoted(refusedDoc)}`.slice(0, 1024)]])
      const loaded = await h.ok(
        `copy nc_mixed from 's3://loads/nc_mixed.csv' ${ROLE} csv maxerror 2`,
      )
      expect(loaded.ResultRows).toBe(4)
      expect(plain(await h.rows('select id from nc_mixed order by id'))).toEqual([
        [1],
        [2],
        [4],
        [6],
      ])
    })

    it('names the refused line for a table whose name looks like the context PostgreSQL writes', async () => {
      const h = harness()
      await h.ok('create table "nc, line 9" (id int, doc super)')
      await h.s3.put('s3://loads/nc_line.csv', `1,"[1]"\n2,${quoted(refusedDoc)}\n3,"[3]"\n`)
      const d = await h.ok(`copy "nc, line 9" from 's3://loads/nc_line.csv' ${ROLE} csv maxerror 1`)
      expect(d.ResultRows).toBe(2)
      expect(
        plain(
          await h.rows(
            `select line_number from stl_load_errors where query = ${d.RedshiftQueryId}`,
          ),
        ),
      ).toEqual([[2]])
    })

    it('rolls a COPY back with its transaction, and keeps it when the transaction commits', async () => {
      const h = harness()
      await h.ok('create table nc_tx (id int, v varchar(10))')
      await h.s3.put('s3://loads/nc_tx.csv', '1,one\n2,two\n')
      const rolledBack = await h.batch([
        "insert into nc_tx values (0, 'zero')",
        `copy nc_tx from 's3://loads/nc_tx.csv' ${ROLE} csv`,
        'select 1 / 0',
      ])
      expect(rolledBack.Status).toBe('FAILED')
      expect(plain(await h.rows('select count(*) from nc_tx'))).toEqual([[0]])
      const committed = await h.batch([
        `copy nc_tx from 's3://loads/nc_tx.csv' ${ROLE} csv`,
        `copy nc_tx from 's3://loads/nc_tx.csv' ${ROLE} csv`,
      ])
      expect(committed.Status).toBe('FINISHED')
      expect(plain(await h.rows('select id, count(*) from nc_tx group by id order by id'))).toEqual(
        [
          [1, 2],
          [2, 2],
        ],
      )
    })
  })
}
