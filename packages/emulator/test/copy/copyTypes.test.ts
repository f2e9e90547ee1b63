import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type CopyHarness, plain, ROLE, startCopyHarness } from './support/copyHarness.js'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let h: CopyHarness
beforeAll(async () => {
  h = await startCopyHarness()
  await h.ok(`create table every_type (
    k int, i2 smallint, i8 bigint, d decimal(38,10), r real, f float8, b boolean, c char(4),
    v varchar(40), dt date, t time, ts timestamp, tstz timestamptz, s super, vb varbyte(8))`)
})
afterAll(async () => {
  await h?.stop()
})

const COLUMNS = ['k', 'i2', 'i8', 'd', 'r', 'f', 'b', 'c', 'v', 'dt', 't', 'ts', 'tstz', 's', 'vb']

/** One CSV line: fields as written (already quoted where the test wants quotes), '' elsewhere. */
const line = (k: number, fields: Record<string, string>): string =>
  COLUMNS.map((name) => (name === 'k' ? String(k) : (fields[name] ?? ''))).join(',')

const read = async (from: number, to: number) =>
  plain(
    await h.rows(
      `select k, i2, i8::varchar, d, r, f, b, c, v, dt, t, ts, tstz::varchar, json_serialize(s), vb from every_type where k between ${from} and ${to} order by k`,
    ),
  )

describe('COPY CSV into every column type', () => {
  it('loads each type exactly, quoted and not', async () => {
    const csv = [
      line(1, {
        i2: '-32768',
        i8: '9223372036854775807',
        d: '1234567890123456789012345678.0123456789',
        r: '1.5',
        f: '-2.25e-10',
        b: 'true',
        c: 'abcd',
        v: '"Grüße 😀, ""quoted"""',
        dt: '2024-02-29',
        t: '23:59:59.999999',
        ts: '2024-02-29 23:59:59.123456',
        tstz: '2024-02-29 23:59:59.5+02:30',
        s: '"{""a"":[1,""x""],""b"":null}"',
        vb: '00ff10',
      }),
      line(2, {}),
      line(3, Object.fromEntries(COLUMNS.slice(1).map((c) => [c, '""']))),
      line(4, { v: '\\N', s: '\\N', i2: '\\N' }),
      line(5, { v: '"\\N"' }),
      line(6, { v: 'NULL' }),
      line(7, { v: '"back\\slash\\\\ and\ttab"' }),
      line(8, { v: '"line1\r\nline2\nline3"' }),
      line(9, { v: '  padded  ' }),
      line(10, { v: '  "inner"  ', c: '"ab"' }),
      line(11, { s: '"""just a string"""', b: 'f' }),
      line(12, { s: '42.50', b: '0' }),
      line(13, { s: 'true', b: 'NO' }),
      line(14, { s: '[1,"a,b",{"k":null}]'.replace(/"/g, '""').replace(/^|$/g, '"'), b: 'Y' }),
    ].join('\n')
    await h.s3.put('s3://loads/types.csv', `${csv}\n`)
    const d = await h.ok(`copy every_type from 's3://loads/types.csv' ${ROLE} csv`)
    expect(d.ResultRows).toBe(14)
    const nulls = (k: number, v: unknown, c: unknown = null) => [
      k,
      null,
      null,
      null,
      null,
      null,
      null,
      c,
      v,
      null,
      null,
      null,
      null,
      null,
      null,
    ]
    expect(await read(1, 14)).toEqual([
      [
        1,
        -32768,
        '9223372036854775807',
        '1234567890123456789012345678.0123456789',
        1.5,
        -2.25e-10,
        true,
        'abcd',
        'Grüße 😀, "quoted"',
        '2024-02-29',
        '23:59:59.999999',
        '2024-02-29 23:59:59.123456',
        '2024-02-29 21:29:59.5+00',
        '{"a":[1,"x"],"b":null}',
        '00ff10',
      ],
      nulls(2, '', '    '),
      nulls(3, '', '    '),
      nulls(4, null, '    '),
      nulls(5, '\\N', '    '),
      nulls(6, 'NULL', '    '),
      nulls(7, 'back\\slash\\\\ and\ttab', '    '),
      nulls(8, 'line1\r\nline2\nline3', '    '),
      nulls(9, '  padded  ', '    '),
      nulls(10, 'inner', 'ab  '),
      [
        11,
        null,
        null,
        null,
        null,
        null,
        false,
        '    ',
        '',
        null,
        null,
        null,
        null,
        '"just a string"',
        null,
      ],
      [12, null, null, null, null, null, false, '    ', '', null, null, null, null, '42.50', null],
      [13, null, null, null, null, null, false, '    ', '', null, null, null, null, 'true', null],
      [
        14,
        null,
        null,
        null,
        null,
        null,
        true,
        '    ',
        '',
        null,
        null,
        null,
        null,
        '[1,"a,b",{"k":null}]',
        null,
      ],
    ])
  })

  it('applies NULL AS, EMPTYASNULL, BLANKSASNULL, DELIMITER, QUOTE, IGNOREHEADER, TRUNCATECOLUMNS and ACCEPTINVCHARS', async () => {
    const bytes = Buffer.concat([
      Buffer.from('k;v;c;d\nheader line two\n'),
      Buffer.from(
        '100;NIL;%x;y%;1.005\n101;;ab;\n102;   ;ab;\n103;%NIL%;ab;2\n104;a very long value that will not fit in forty bytes at all;ab;3\n105;bad ',
      ),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(';ab;4\n6;x;y;z;too many\n'),
    ])
    await h.s3.put('s3://loads/options.csv', bytes)
    await h.ok(
      `copy every_type (k, v, c, d) from 's3://loads/options.csv' ${ROLE} csv quote as '%' delimiter ';' null as 'NIL' emptyasnull blanksasnull ignoreheader 2 truncatecolumns acceptinvchars as '~' maxerror 1`,
    )
    expect(
      plain(
        await h.rows('select k, v, c, d from every_type where k between 100 and 105 order by k'),
      ),
    ).toEqual([
      [100, null, 'x;y ', '1.0050000000'],
      [101, null, 'ab  ', null],
      [102, null, 'ab  ', null],
      [103, 'NIL', 'ab  ', '2.0000000000'],
      [104, 'a very long value that will not fit in f', 'ab  ', '3.0000000000'],
      [105, 'bad ~(', 'ab  ', '4.0000000000'],
    ])
  })

  it('loads character-delimited text (the default format) with ESCAPE', async () => {
    await h.s3.put('s3://loads/types.txt', '200|pipe\\|inside|\\N\n201|new\\\nline|x\n')
    await h.ok(`copy every_type (k, v, c) from 's3://loads/types.txt' ${ROLE} escape`)
    expect(
      plain(await h.rows('select k, v, c from every_type where k in (200, 201) order by k')),
    ).toEqual([
      [200, 'pipe|inside', null],
      [201, 'new\nline', 'x   '],
    ])
  })
})

describe("COPY JSON 'auto' into every column type", () => {
  const columns = '(k, i2, i8, d, r, f, b, c, v, dt, t, ts, tstz, s)'
  it('loads each type; JSON null, an absent key and "" differ as documented', async () => {
    const objects = [
      {
        k: 301,
        i2: -32768,
        i8: '9223372036854775807',
        d: '1234567890123456789012345678.0123456789',
        r: 1.5,
        f: -2.25e-10,
        b: true,
        c: 'abcd',
        v: 'Grüße 😀, "quoted"',
        dt: '2024-02-29',
        t: '23:59:59.999999',
        ts: '2024-02-29 23:59:59.123456',
        tstz: '2024-02-29 23:59:59.5+02:30',
        s: { a: [1, 'x'], b: null },
        ignored: 'not a column',
      },
      { k: 302, v: null, s: null, i2: null },
      { k: 303 },
      { k: 304, v: '', c: '', d: '', i2: '', s: '' },
      { k: 305, v: '\\N', c: 'NULL' },
      { k: 306, v: 'back\\slash\ttab\r\nnl' },
      { k: 307, v: '  padded  ', s: [1, 2, { x: 'y' }] },
      { k: 308, s: 'a string', b: false },
      { k: 309, s: 12.5, b: 'f', i8: 'I8_UNQUOTED' },
    ]
    const text = objects
      .map((o) => JSON.stringify(o))
      .join('\n')
      .replace('"I8_UNQUOTED"', '9007199254740993')
    await h.s3.put('s3://loads/types.json', `${text}\n`)
    const d = await h.ok(
      `copy every_type ${columns} from 's3://loads/types.json' ${ROLE} format as json 'auto'`,
    )
    expect(d.ResultRows).toBe(objects.length)
    const nulls = (k: number, v: unknown = null, c: unknown = null, s: unknown = null) => [
      k,
      null,
      null,
      null,
      null,
      null,
      null,
      c,
      v,
      null,
      null,
      null,
      null,
      s,
      null,
    ]
    expect(await read(301, 309)).toEqual([
      [
        301,
        -32768,
        '9223372036854775807',
        '1234567890123456789012345678.0123456789',
        1.5,
        -2.25e-10,
        true,
        'abcd',
        'Grüße 😀, "quoted"',
        '2024-02-29',
        '23:59:59.999999',
        '2024-02-29 23:59:59.123456',
        '2024-02-29 21:29:59.5+00',
        '{"a":[1,"x"],"b":null}',
        null,
      ],
      nulls(302),
      nulls(303),
      nulls(304, '', '    ', '""'),
      nulls(305, '\\N', 'NULL'),
      nulls(306, 'back\\slash\ttab\r\nnl'),
      nulls(307, '  padded  ', null, '[1,2,{"x":"y"}]'),
      [
        308,
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        '"a string"',
        null,
      ],
      [
        309,
        null,
        '9007199254740993',
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        '12.5',
        null,
      ],
    ])
  })

  it("matches keys exactly with 'auto' and in any case with 'auto ignorecase'", async () => {
    await h.s3.put('s3://loads/case.json', '{"K": 400, "V": "upper"}\n{"k": 401, "v": "lower"}\n')
    await h.ok(`copy every_type (k, v) from 's3://loads/case.json' ${ROLE} json 'auto'`)
    await h.ok(`copy every_type (k, v) from 's3://loads/case.json' ${ROLE} json 'auto ignorecase'`)
    expect(
      plain(
        await h.rows(
          'select k, v from every_type where k >= 400 or (k is null and v is null) order by k, v',
        ),
      ),
    ).toEqual([
      [400, 'upper'],
      [401, 'lower'],
      [401, 'lower'],
      [null, null],
    ])
  })

  it('refuses VARBYTE from JSON, which the VARBYTE page does not list', async () => {
    await h.s3.put('s3://loads/vb.json', '{"k": 1, "vb": "00"}\n')
    expect(
      await h.error(`copy every_type (k, vb) from 's3://loads/vb.json' ${ROLE} json 'auto'`),
    ).toBe(
      'ERROR: COPY cannot load VARBYTE column "vb" from JSON: load VARBYTE from CSV as hexadecimal text',
    )
  })
})
