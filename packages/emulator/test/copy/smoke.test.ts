import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CopyHarness, plain, ROLE, startCopyHarness } from './support/copyHarness.js'

let h: CopyHarness
beforeAll(async () => {
  h = await startCopyHarness()
})
afterAll(async () => {
  await h?.stop()
})

describe('smoke', () => {
  it('loads csv and json', async () => {
    await h.ok('create table s1 (id int, name varchar(10), d decimal(10,2), ts timestamp, j super)')
    await h.s3.put(
      's3://loads/s1/a.csv',
      '1,abc,12.349,2024-01-02 03:04:05.123456,"{""a"":1}"\n2,,,,\n',
    )
    const d = await h.ok(`copy s1 from 's3://loads/s1/' ${ROLE} csv`)
    expect(d.ResultRows).toBe(2)
    expect(
      plain(await h.rows('select id, name, d, ts, json_serialize(j) from s1 order by id')),
    ).toEqual([
      [1, 'abc', '12.34', '2024-01-02 03:04:05.123456', '{"a":1}'],
      [2, '', null, null, null],
    ])
    await h.s3.put(
      's3://loads/s1.json',
      '{"id": 3, "name": "x", "d": "99.999", "j": [1,{"b":2}]}\n{"ID": 4}',
    )
    const e = await h.ok(`copy s1 from 's3://loads/s1.json' ${ROLE} format as json 'auto'`)
    expect(e.ResultRows).toBe(2)
    expect(
      plain(
        await h.rows(
          'select id, name, d, json_serialize(j) from s1 where id > 2 or id is null order by id',
        ),
      ),
    ).toEqual([
      [3, 'x', '99.99', '[1,{"b":2}]'],
      [null, null, null, null],
    ])
  })

  it('fails a bad value with stl_load_errors', async () => {
    await h.ok('create table s2 (id int, name varchar(3))')
    await h.s3.put('s3://loads/s2.csv', '1,ok\nx2,ok\n3,toolong\n')
    const err = await h.error(`copy s2 from 's3://loads/s2.csv' ${ROLE} csv`)
    expect(err).toBe(
      "ERROR: Load into table 's2' failed. Check 'stl_load_errors' system table for details.",
    )
    expect(
      plain(
        await h.rows(
          'select line_number, trim(colname), err_code, trim(err_reason), trim(raw_line), trim(raw_field_value), position from stl_load_errors order by starttime desc limit 1',
        ),
      ),
    ).toEqual([[2, 'id', 1207, "Invalid digit, Value 'x', Pos 0, Type: Integer", 'x2,ok', 'x2', 0]])
    expect(plain(await h.rows('select count(*) from s2'))).toEqual([[0]])
    await h.ok(`copy s2 from 's3://loads/s2.csv' ${ROLE} csv maxerror 2`)
    expect(plain(await h.rows('select id, name from s2'))).toEqual([[1, 'ok']])
  })
})
