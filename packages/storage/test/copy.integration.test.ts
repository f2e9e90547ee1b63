import { gunzipSync } from 'node:zlib'
import { staticKeys } from '@redstore/data-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CopyLoadError,
  type InvalidRowsError,
  RedshiftStorage,
  type SaveError,
  type StorageConfigError,
} from '../src/index.js'
import { collect, rejection, streamOf } from './support/collect.js'
import { BUCKET, type CopyBed, startCopyBed } from './support/copyBed.js'
import { statementsSent } from './support/statementsSent.js'
import { twins } from './support/twins.js'

let bed: CopyBed
beforeAll(async () => {
  bed = await startCopyBed()
})
afterAll(async () => {
  await bed?.stop()
})

const everyType = [
  { name: 'id', type: 'BIGINT' },
  { name: 's', type: 'SMALLINT' },
  { name: 'i', type: 'INTEGER' },
  { name: 'd', type: 'DECIMAL(38,6)' },
  { name: 'r', type: 'REAL' },
  { name: 'f', type: 'DOUBLE PRECISION' },
  { name: 'b', type: 'BOOLEAN' },
  { name: 'c', type: 'CHAR(12)' },
  { name: 'v', type: 'VARCHAR(300)' },
  { name: 'dt', type: 'DATE' },
  { name: 'tm', type: 'TIME' },
  { name: 'tmz', type: 'TIMETZ' },
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'tz', type: 'TIMESTAMPTZ' },
  { name: 'j', type: 'SUPER' },
  { name: 'vb', type: 'VARBYTE(64)' },
] as const

const hostileTexts = [
  '',
  '\\N',
  'NULL',
  'null',
  '"',
  '""',
  'say "hi", then leave',
  "it's",
  '\\',
  'ends with \\',
  'tab\there',
  'line\nbreak',
  'cr\rlf\r\n',
  '  leading and trailing  ',
  ' ',
  'héllo wörld 😀 漢字',
  ',',
  '\\N,\\N',
]

const keysOf = (rows: Array<unknown>) => rows.map((r) => (r as { id: bigint }).id)

describe('every type through COPY', () => {
  it('stores each value exactly as the INSERT path does', async () => {
    const pair = twins(bed, 'copy_types', 'every', everyType)
    const rows = [
      {
        id: 1,
        s: -32768,
        i: 2147483647,
        d: '-12345678901234567890123456789012.123456',
        r: 3.5,
        f: 1.0000000000000002,
        b: true,
        c: 'abc  ',
        v: 'plain',
        dt: '0001-01-01',
        tm: '23:59:59.999999',
        tmz: '10:30:00.5+02:00',
        ts: '2024-02-29 12:34:56.123456',
        tz: '2024-02-29T12:34:56.000001-05:00',
        j: { nested: { list: [1, 'two', null, true], quote: '"\\' }, empty: '' },
        vb: new Uint8Array([0, 1, 2, 254, 255]),
      },
      {
        id: 2,
        s: null,
        i: null,
        d: null,
        r: null,
        f: null,
        b: null,
        c: null,
        v: null,
        dt: null,
        tm: null,
        tmz: null,
        ts: null,
        tz: null,
        j: null,
        vb: null,
      },
      { id: 3, b: false, c: '', v: '', j: [], vb: new Uint8Array([]), d: '0.000001' },
      { id: 4, j: 'a SUPER string, "quoted"', d: 99, f: -1e300, r: -1.5e-30 },
      { id: 5, j: ['x', { y: [[]] }], ts: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)) },
      ...hostileTexts.map((v, k) => ({
        id: 100 + k,
        v,
        j: v,
        c: v.length <= 12 && /^[\x20-\x7e]*$/.test(v) ? v : 'x',
      })),
    ]
    try {
      await pair.insert.saveData(rows)
      const summary = await pair.copy.saveData(rows, { method: 'copy' })
      expect(summary.method).toBe('copy')
      expect(summary.rowsWritten).toBe(rows.length)
      const { insert, copy } = await pair.read()
      expect(copy).toEqual(insert)
      const byId = new Map(
        copy.map((r) => [Number((r as { id: bigint }).id), r as Record<string, unknown>]),
      )
      hostileTexts.forEach((text, k) => {
        expect(byId.get(100 + k)?.['v']).toBe(text)
        expect(byId.get(100 + k)?.['j']).toBe(text)
      })
      expect(byId.get(2)?.['v']).toBeNull()
      expect(byId.get(3)?.['v']).toBe('')
      expect(byId.get(1)?.['d']).toBe('-12345678901234567890123456789012.123456')
    } finally {
      await pair.close()
    }
  })
})

describe('upsert semantics across files', () => {
  it('collapses interleaved duplicates with different fields present, last write wins per field', async () => {
    const columns = [
      { name: 'id', type: 'INTEGER' },
      { name: 'k2', type: 'VARCHAR(10)' },
      { name: 'a', type: 'VARCHAR(50)' },
      { name: 'b', type: 'INTEGER' },
      { name: 'c', type: 'SUPER' },
      { name: 'd', type: 'BOOLEAN' },
    ] as const
    const pair = twins(bed, 'copy_upsert', 'interleaved', columns, ['id', 'k2'])
    const seed = [
      { id: 1, k2: 'x', a: 'stored a', b: 1, c: { stored: true }, d: true },
      { id: 2, k2: 'x', a: 'stored a2', b: 2, c: [2], d: false },
    ]
    // Each shape of row (set of present fields) interleaved with the others, for the same keys.
    const rows: Array<Record<string, unknown>> = []
    for (let n = 0; n < 300; n++) {
      const id = (n % 5) + 1
      const shape = n % 4
      if (shape === 0) rows.push({ id, k2: 'x', a: `a${n}` })
      if (shape === 1) rows.push({ id, k2: 'x', b: n, c: { n } })
      if (shape === 2) rows.push({ id, k2: 'x', a: null, d: n % 3 === 0 })
      if (shape === 3) rows.push({ id, k2: 'x', c: null, b: null })
    }
    rows.push({ id: 9, k2: 'y' })
    try {
      await pair.insert.saveData(seed)
      await pair.copy.saveData(seed, { method: 'insert' })
      await pair.insert.saveData(rows)
      const copyStorage = new RedshiftStorage({
        table: { schema: 'copy_upsert', name: 'interleaved_copy', keys: ['id', 'k2'], columns },
        connection: bed.connection(),
        // Small objects: the rows span several files of one load.
        staging: bed.staging({ fileBytes: 1024 }),
      })
      const summary = await copyStorage.saveData(rows, { method: 'copy' })
      await copyStorage.close()
      expect(summary.copy?.files).toBeGreaterThan(3)
      expect(summary.copy?.loads).toBe(1)
      expect(summary.rowsWritten).toBe(6)
      expect(summary.duplicateKeysCollapsed).toBe(rows.length - 6)
      const { insert, copy } = await pair.read()
      expect(copy).toEqual(insert)
      // Key 9 carried no field: its other columns are NULL, and keys 1-5 kept what no row set.
      expect(copy.find((r) => (r as { id: number }).id === 9)).toEqual({
        id: 9,
        k2: 'y',
        a: null,
        b: null,
        c: null,
        d: null,
      })
    } finally {
      await pair.close()
    }
  })

  it('keeps stored values of fields absent from every row, and writes NULL where a row says null', async () => {
    const columns = [
      { name: 'id', type: 'BIGINT' },
      { name: 'name', type: 'VARCHAR(50)' },
      { name: 'note', type: 'VARCHAR(50)' },
    ]
    const storage = new RedshiftStorage({
      table: { schema: 'copy_upsert', name: 'absent', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging(),
    })
    try {
      await storage.saveData([
        { id: 1, name: 'Ann', note: 'kept' },
        { id: 2, name: 'Bob', note: 'cleared' },
      ])
      await storage.saveData(
        [
          { id: 1, name: 'Ann 2' },
          { id: 2, note: null },
          { id: 3, name: 'Cy' },
        ],
        { method: 'copy' },
      )
      expect(await collect(storage.read())).toEqual([
        { id: 1n, name: 'Ann 2', note: 'kept' },
        { id: 2n, name: 'Bob', note: null },
        { id: 3n, name: 'Cy', note: null },
      ])
    } finally {
      await storage.close()
    }
  })
})

describe('method', () => {
  const table = (name: string) => ({
    schema: 'copy_method',
    name,
    keys: ['id'],
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'v', type: 'VARCHAR(100)' },
    ],
  })
  const rows = (n: number) => Array.from({ length: n }, (_, id) => ({ id, v: `value ${id}` }))

  it('auto picks INSERT below the threshold and COPY from it, for arrays and streams', async () => {
    const storage = new RedshiftStorage({
      table: table('auto'),
      connection: bed.connection(),
      staging: bed.staging({ copyThresholdBytes: 2000 }),
    })
    try {
      expect((await storage.saveData(rows(10))).method).toBe('insert')
      expect((await storage.saveData(rows(200))).method).toBe('copy')
      expect((await storage.saveData(streamOf(rows(10)))).method).toBe('insert')
      const streamed = await storage.saveData(streamOf(rows(300)))
      expect(streamed.method).toBe('copy')
      expect(streamed.rowsReceived).toBe(300)
      expect((await storage.saveData(rows(200), { method: 'insert' })).method).toBe('insert')
      expect((await storage.saveData(rows(3), { method: 'copy' })).method).toBe('copy')
      expect(await collect(storage.read())).toHaveLength(300)
    } finally {
      await storage.close()
    }
  })

  it('without staging: insert by default, and copy is a typed configuration error', async () => {
    const storage = new RedshiftStorage({ table: table('nostaging'), connection: bed.connection() })
    try {
      expect((await storage.saveData(rows(2))).method).toBe('insert')
      expect((await storage.saveData(rows(2), { method: 'auto' })).method).toBe('insert')
      const error = (await rejection(() =>
        storage.saveData(rows(2), { method: 'copy' }),
      )) as StorageConfigError
      expect(error._tag).toBe('StorageConfigError')
      expect(error.option).toBe('method')
    } finally {
      await storage.close()
    }
  })

  it('checks the staging options when the storage is made', () => {
    expect(
      () =>
        new RedshiftStorage({
          table: table('badstaging'),
          connection: bed.connection(),
          staging: { bucket: 'Not_A_Bucket' },
        }),
    ).toThrow(/staging\.bucket/)
  })
})

describe('staged objects', () => {
  const columns = [
    { name: 'id', type: 'BIGINT' },
    { name: 'v', type: 'VARCHAR(20)' },
  ]

  it('deletes the manifest and data objects after a load lands', async () => {
    const storage = new RedshiftStorage({
      table: { schema: 'copy_objects', name: 'cleaned', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging({ prefix: 'cleaned/', fileBytes: 1024 }),
    })
    try {
      const summary = await storage.saveData(
        Array.from({ length: 500 }, (_, id) => ({ id, v: `v${id}` })),
        { method: 'copy' },
      )
      expect(summary.copy?.files).toBeGreaterThan(1)
      expect(summary.copy?.objectsDeleted).toBe((summary.copy?.files ?? 0) + 1)
      expect(summary.copy?.objectsLeft).toEqual([])
      expect(await bed.s3.keys(BUCKET, 'cleaned/')).toEqual([])
    } finally {
      await storage.close()
    }
  })

  it('uploads nothing for an array with bad rows, and lists every bad row', async () => {
    const storage = new RedshiftStorage({
      table: { schema: 'copy_objects', name: 'invalid', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging({ prefix: 'invalid/' }),
    })
    try {
      const error = (await rejection(() =>
        storage.saveData(
          [{ id: 1, v: 'ok' }, { id: 2, v: 'x'.repeat(21) }, { v: 'no key' }, { id: 4, v: 5n }],
          { method: 'copy' },
        ),
      )) as InvalidRowsError
      expect(error._tag).toBe('InvalidRowsError')
      expect(error.errors.map((e) => [e._tag, 'rowIndex' in e ? e.rowIndex : undefined])).toEqual([
        ['ValueEncodingError', 1],
        ['NullKeyError', 2],
      ])
      expect(error.errors[0]?.message).toMatch(/column "v"/)
      expect(await bed.s3.keys(BUCKET, 'invalid/')).toEqual([])
    } finally {
      await storage.close()
    }
  })

  it('keeps and lists the objects of a failed COPY, with line, column and reason of bad lines', async () => {
    const storage = new RedshiftStorage({
      table: { schema: 'copy_objects', name: 'narrowed', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging({ prefix: 'failed/' }),
    })
    try {
      await storage.init()
      // The table changes under the storage: its column is now narrower than the model's.
      await bed.client.batch([
        'DROP TABLE copy_objects.narrowed',
        'CREATE TABLE copy_objects.narrowed (id BIGINT NOT NULL, v VARCHAR(3))',
      ])
      const rows = [
        { id: 1, v: 'abc' },
        { id: 2, v: 'abc' },
        { id: 3, v: 'abcdef' },
      ]
      const error = (await rejection(() => storage.saveData(rows, { method: 'copy' }))) as SaveError
      expect(error._tag).toBe('SaveError')
      expect(error.rowsLanded).toBe(0)
      const cause = error.cause as CopyLoadError
      expect(cause._tag).toBe('CopyLoadError')
      expect(cause.lines).toEqual([
        expect.objectContaining({ line: 3, column: 'v', code: 1204, rowIndex: 2 }),
      ])
      expect(cause.lines[0]?.reason).toMatch(/length/i)
      expect(cause.lines[0]?.file).toMatch(/^s3:\/\/redstore-loads\/failed\/.*part-00000\.csv\.gz$/)
      expect(cause.message).toMatch(/line 3 \(input row 2\), column v/)
      const kept = await bed.s3.keys(BUCKET, 'failed/')
      expect(cause.objects.map((u) => u.replace(`s3://${BUCKET}/`, '')).sort()).toEqual(kept)
      expect(kept.some((k) => k.endsWith('manifest.json'))).toBe(true)
      const data = kept.find((k) => k.endsWith('.csv.gz')) as string
      const csv = gunzipSync(await bed.s3.get(BUCKET, data)).toString('utf8')
      expect(csv.split('\n')[2]).toMatch(/^2,11,,3,"abcdef"$/)
      expect(await collect(storage.read())).toEqual([])
    } finally {
      await storage.close()
    }
  })
})

describe('streams', () => {
  const columns = [
    { name: 'id', type: 'BIGINT' },
    { name: 'v', type: 'VARCHAR(40)' },
  ]

  it('a source failing midway: the loads before it and the rows read before it land', async () => {
    const storage = new RedshiftStorage({
      table: { schema: 'copy_stream', name: 'broken', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging({ fileBytes: 1024, loadBytes: 2048 }),
    })
    try {
      const rows = Array.from({ length: 400 }, (_, id) => ({ id, v: `row ${id}` }))
      const error = (await rejection(() =>
        storage.saveData(streamOf(rows, 250), { method: 'copy' }),
      )) as SaveError
      expect(error._tag).toBe('SaveError')
      expect(error.cause._tag).toBe('SourceError')
      expect(error.rowsLanded).toBe(250)
      expect(error.batchesLanded).toBeGreaterThan(1)
      expect(keysOf(await collect(storage.read()))).toEqual(
        rows.slice(0, 250).map((r) => BigInt(r.id)),
      )
    } finally {
      await storage.close()
    }
  })

  it('a bad row midway: every row before it lands, none after', async () => {
    const storage = new RedshiftStorage({
      table: { schema: 'copy_stream', name: 'badrow', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging({ fileBytes: 1024, loadBytes: 4096 }),
    })
    try {
      const rows: Array<Record<string, unknown>> = Array.from({ length: 300 }, (_, id) => ({
        id,
        v: `row ${id}`,
      }))
      rows[180] = { id: 180, v: 'x'.repeat(41) }
      const error = (await rejection(() =>
        storage.saveData(streamOf(rows), { method: 'copy' }),
      )) as SaveError
      expect(error.cause._tag).toBe('ValueEncodingError')
      expect(error.rowsLanded).toBe(180)
      expect(error.message).toMatch(/input rows 0 to 179 landed/)
      expect(keysOf(await collect(storage.read()))).toHaveLength(180)
    } finally {
      await storage.close()
    }
  })
})

describe('authorization', () => {
  const columns = [
    { name: 'id', type: 'BIGINT' },
    { name: 'v', type: 'VARCHAR(3)' },
  ]

  it('names the role with iamRole, and the keys (token included) without it', async () => {
    const role = 'arn:aws:iam::123456789012:role/redshift-load'
    const withRole = new RedshiftStorage({
      table: { schema: 'copy_auth', name: 'role', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging({ iamRole: role }),
    })
    const withKeys = new RedshiftStorage({
      table: { schema: 'copy_auth', name: 'keys', keys: ['id'], columns },
      connection: bed.connection(),
      staging: bed.staging({
        credentials: staticKeys({
          accessKeyId: 'S3RVER',
          secretAccessKey: 'hush-secret-key-123',
          sessionToken: 'hush-session-token-456',
        }),
      }),
    })
    try {
      await withRole.saveData([{ id: 1, v: 'a' }], { method: 'copy' })
      await withKeys.saveData([{ id: 1, v: 'a' }], { method: 'copy' })
      const copies = (await statementsSent(bed.emulator)).filter((s) => s.startsWith('COPY'))
      const roleCopy = copies.find((s) => s.includes('"redstore_seq"') && s.includes('IAM_ROLE'))
      expect(roleCopy).toContain(`IAM_ROLE '${role}'`)
      expect(roleCopy).not.toMatch(/ACCESS_KEY_ID|SECRET_ACCESS_KEY/)
      const keyCopy = copies.find((s) => s.includes('SESSION_TOKEN'))
      expect(keyCopy).toContain(
        "ACCESS_KEY_ID 'S3RVER' SECRET_ACCESS_KEY 'hush-secret-key-123' SESSION_TOKEN 'hush-session-token-456'",
      )
      // A failed COPY that signed with keys: no secret in the error, its message or its JSON.
      await bed.client.batch([
        'DROP TABLE copy_auth.keys',
        'CREATE TABLE copy_auth.keys (id BIGINT NOT NULL, v VARCHAR(1))',
      ])
      const error = await rejection(() =>
        withKeys.saveData([{ id: 2, v: 'abc' }], { method: 'copy' }),
      )
      const seen = [
        String(error),
        (error as Error).message,
        JSON.stringify(error),
        JSON.stringify((error as SaveError).cause),
      ].join('\n')
      expect((error as SaveError).cause._tag).toBe('CopyLoadError')
      expect(seen).not.toContain('hush-secret-key-123')
      expect(seen).not.toContain('hush-session-token-456')
    } finally {
      await withRole.close()
      await withKeys.close()
    }
  })
})

describe('an array over several objects with a bad row late', () => {
  it('uploads nothing', async () => {
    const storage = new RedshiftStorage({
      table: {
        schema: 'copy_objects',
        name: 'late_bad',
        keys: ['id'],
        columns: [
          { name: 'id', type: 'BIGINT' },
          { name: 'v', type: 'VARCHAR(20)' },
        ],
      },
      connection: bed.connection(),
      staging: bed.staging({ prefix: 'late-bad/', fileBytes: 1024, partBytes: 5 * 1024 * 1024 }),
    })
    try {
      const rows: Array<Record<string, unknown>> = Array.from({ length: 2000 }, (_, id) => ({
        id,
        v: `v${id}`,
      }))
      rows[1990] = { id: 1990, v: 'x'.repeat(30) }
      const error = (await rejection(() =>
        storage.saveData(rows, { method: 'copy' }),
      )) as InvalidRowsError
      expect(error._tag).toBe('InvalidRowsError')
      expect(error.errors.map((e) => ('rowIndex' in e ? e.rowIndex : undefined))).toEqual([1990])
      expect(await bed.s3.keys(BUCKET, 'late-bad/')).toEqual([])
    } finally {
      await storage.close()
    }
  })
})
