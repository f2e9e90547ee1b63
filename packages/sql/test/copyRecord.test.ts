import { describe, expect, it } from 'vitest'
import { encodeCopyRecord, encodeRow, normalizeTableModel, planCopyLoad } from '../src/index.js'
import { captureError } from './captureError.js'

const model = normalizeTableModel({
  schema: 'public',
  name: 'users',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'name', type: 'VARCHAR(20)' },
    { name: 'doc', type: 'SUPER' },
    { name: 'paid', type: 'BOOLEAN' },
    { name: 'bytes', type: 'VARBYTE(4)' },
  ],
})

describe('encodeCopyRecord', () => {
  it('quotes text and SUPER, writes NULL and absent fields as \\N, marks what CSV cannot say', () => {
    expect(
      encodeCopyRecord(model, { id: 1, name: 'say "hi"', doc: { a: [1] }, paid: true }, 7).text,
    ).toBe('7,11110,,1,"say ""hi""","{""a"":[1]}",true,\\N\n')
    const marked = encodeCopyRecord(
      model,
      { id: 2, name: '\\N', doc: null, bytes: new Uint8Array() },
      0,
    )
    expect(marked.text).toBe('0,11101,/1/4/,2,"\\N",\\N,\\N,\n')
    expect(marked.markers).toEqual([1, 4])
    expect(marked.presence).toBe('11101')
    expect(encodeCopyRecord(model, { id: 3, name: 'a\nb' }, 0).multiline).toBe(true)
    expect(encodeCopyRecord(model, { id: 3, name: '' }, 0).text).toBe('0,11000,,3,"",\\N,\\N,\\N\n')
  })

  it('counts UTF-8 bytes', () => {
    const record = encodeCopyRecord(model, { id: 1, name: 'é😀' }, 0)
    expect(record.bytes).toBe(Buffer.byteLength(record.text))
  })

  it('fails exactly as encodeRow does', () => {
    for (const row of [
      { name: 'x' },
      { id: 1, name: 'x'.repeat(21) },
      { id: 1, extra: 1 },
      { id: 1, doc: 1n },
      5,
    ]) {
      expect(captureError(() => encodeCopyRecord(model, row, 4))).toEqual(
        captureError(() => encodeRow(model, row, 4)),
      )
    }
  })
})

describe('planCopyLoad', () => {
  const input = {
    tablePrefix: 'stage',
    manifestUrl: 's3://b/m.json',
    authorization: { accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' },
    markerColumns: [],
  }

  it('one shape: COPY, the last row of each key, and the INSERT path MERGE', () => {
    const plan = planCopyLoad(model, { ...input, presence: ['11111'] })
    expect(plan.sqls[plan.copyIndex]).toBe(
      [
        'COPY "stage_copy" ("redstore_seq", "redstore_present", "redstore_marker", "id", "name", "doc", "paid", "bytes")',
        "FROM 's3://b/m.json'",
        'MANIFEST FORMAT AS CSV GZIP COMPUPDATE OFF STATUPDATE OFF',
        "ACCESS_KEY_ID 'AKID' SECRET_ACCESS_KEY 'SECRET' SESSION_TOKEN 'TOKEN'",
      ].join('\n'),
    )
    expect(plan.sqls.slice(plan.copyIndex + 1, plan.mergeIndex)).toEqual([
      'CREATE TEMP TABLE "stage_src" AS SELECT MAX("redstore_seq") AS "redstore_last" FROM "stage_copy" GROUP BY "id"',
      'DELETE FROM "stage_copy" WHERE NOT EXISTS (SELECT 1 FROM "stage_src" WHERE "stage_src"."redstore_last" = "stage_copy"."redstore_seq")',
    ])
    expect(plan.sqls[plan.mergeIndex]).toMatch(/^MERGE INTO "public"."users"\nUSING "stage_copy"/)
    expect(plan.columns).toEqual(['id', 'name', 'doc', 'paid', 'bytes'])
  })

  it('several shapes: per group the last row that carried it, absent groups from the stored row', () => {
    const plan = planCopyLoad(model, {
      ...input,
      authorization: { iamRole: 'arn:aws:iam::123456789012:role/r' },
      presence: ['11100', '10110'],
      markerColumns: [1],
    })
    const between = plan.sqls.slice(plan.copyIndex + 1, plan.mergeIndex)
    expect(between[0]).toContain(
      `"name" = CASE WHEN "redstore_marker" LIKE '%/1/%' THEN '\\\\N' ELSE "name" END`,
    )
    expect(between[1]).toContain(
      `MAX(CASE WHEN SUBSTRING("redstore_present", 2, 1) = '1' THEN "redstore_seq" END) AS "redstore_s1"`,
    )
    expect(between[2]).toMatch(
      /^UPDATE "stage_src" SET "name" = CASE WHEN "stage_src"."redstore_p1"/,
    )
    expect(plan.columns).toEqual(['id', 'name', 'doc', 'paid'])
    expect(plan.sqls[plan.copyIndex]).toContain("IAM_ROLE 'arn:aws:iam::123456789012:role/r'")
  })
})
