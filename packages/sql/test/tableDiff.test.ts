import { describe, expect, it } from 'vitest'
import {
  diffTable,
  evolutionStatements,
  inferColumnType,
  type LiveColumnMetadata,
  liveColumnOf,
  liveTableOf,
  normalizeTableModel,
  tableNeedsChanges,
  unifyInferredTypes,
} from '../src/index.js'

const model = normalizeTableModel({
  schema: 'shop',
  name: 'orders',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'note', type: 'VARCHAR(500)', comment: 'free text' },
    { name: 'price', type: 'DECIMAL(12,2)' },
    { name: 'qty', type: 'SMALLINT' },
    { name: 'ratio', type: 'REAL' },
    { name: 'code', type: 'CHAR(3)' },
    { name: 'at', type: 'TIMESTAMPTZ' },
    { name: 'payload', type: 'SUPER' },
    { name: 'blob', type: 'VARBYTE(100)' },
  ],
})

const meta = (
  name: string,
  typeName: string,
  extra: Partial<LiveColumnMetadata> = {},
): LiveColumnMetadata => ({ name, typeName, nullable: 1, ...extra })

/** What DescribeTable reports for a table created from `model`. */
const exact: ReadonlyArray<LiveColumnMetadata> = [
  meta('id', 'int8', { nullable: 0 }),
  meta('note', 'varchar', { length: 500, precision: 500 }),
  meta('price', 'numeric', { precision: 12, scale: 2 }),
  meta('qty', 'int2'),
  meta('ratio', 'float4'),
  meta('code', 'bpchar', { length: 3 }),
  meta('at', 'timestamptz'),
  meta('payload', 'super'),
  meta('blob', 'varbyte', { length: 100 }),
]

const replace = (name: string, column: LiveColumnMetadata) =>
  exact.map((c) => (c.name === name ? column : c))

describe('liveColumnOf', () => {
  it('reads the type names DescribeTable and information_schema use', () => {
    expect(liveColumnOf(meta('a', 'character varying', { precision: 20 })).type).toEqual({
      kind: 'varchar',
      length: 20,
    })
    expect(liveColumnOf(meta('a', 'timestamp with time zone')).type).toEqual({
      kind: 'timestamptz',
    })
    expect(liveColumnOf(meta('a', 'numeric', { precision: 38, scale: 9 })).type).toEqual({
      kind: 'decimal',
      precision: 38,
      scale: 9,
    })
    expect(liveColumnOf(meta('a', 'binary varying')).type).toEqual({
      kind: 'varbyte',
      length: 16777216,
    })
    expect(liveColumnOf(meta('a', 'double precision')).type).toEqual({ kind: 'double' })
    expect(liveColumnOf(meta('a', 'bool', { nullable: 0 }))).toEqual({
      name: 'a',
      type: { kind: 'boolean' },
      typeText: 'bool',
      nullable: false,
    })
  })

  it('keeps a type it does not model as text, without a type', () => {
    expect(liveColumnOf(meta('shape', 'geometry'))).toEqual({
      name: 'shape',
      type: undefined,
      typeText: 'geometry',
      nullable: true,
    })
  })
})

describe('diffTable', () => {
  it('creates schema, table and comments when the table is missing', () => {
    const diff = diffTable(model, liveTableOf(model, []))
    expect(diff.tableExists).toBe(false)
    expect(tableNeedsChanges(diff)).toBe(true)
    expect(evolutionStatements(model, diff)).toEqual({
      transactional: [
        'CREATE SCHEMA IF NOT EXISTS "shop"',
        expect.stringContaining('CREATE TABLE IF NOT EXISTS "shop"."orders"'),
        `COMMENT ON COLUMN "shop"."orders"."note" IS 'free text'`,
      ],
      standalone: [],
    })
  })

  it('finds nothing to do for the table the model created', () => {
    const diff = diffTable(model, liveTableOf(model, exact))
    expect(diff).toEqual({
      tableExists: true,
      addColumns: [],
      widenColumns: [],
      conflicts: [],
      extraColumns: [],
    })
    expect(tableNeedsChanges(diff)).toBe(false)
  })

  it('adds missing columns one statement each, with their comments, and keeps extra columns', () => {
    const live = exact.filter((c) => c.name !== 'note' && c.name !== 'blob')
    const diff = diffTable(
      model,
      liveTableOf(model, [...live, meta('legacy', 'varchar', { length: 9 })]),
    )
    expect(diff.addColumns.map((c) => c.name)).toEqual(['note', 'blob'])
    expect(diff.extraColumns.map((c) => c.name)).toEqual(['legacy'])
    expect(evolutionStatements(model, diff).transactional).toEqual([
      'ALTER TABLE "shop"."orders" ADD COLUMN "note" VARCHAR(500)',
      `COMMENT ON COLUMN "shop"."orders"."note" IS 'free text'`,
      'ALTER TABLE "shop"."orders" ADD COLUMN "blob" VARBYTE(100)',
    ])
  })

  it('widens a narrower VARCHAR outside the transaction and never narrows a wider one', () => {
    const narrower = diffTable(
      model,
      liveTableOf(model, replace('note', meta('note', 'varchar', { length: 100 }))),
    )
    expect(narrower.widenColumns).toEqual([{ column: 'note', from: 100, to: 500 }])
    expect(evolutionStatements(model, narrower)).toEqual({
      transactional: [],
      standalone: ['ALTER TABLE "shop"."orders" ALTER COLUMN "note" TYPE VARCHAR(500)'],
    })
    const wider = diffTable(
      model,
      liveTableOf(model, replace('note', meta('note', 'varchar', { length: 65535 }))),
    )
    expect(tableNeedsChanges(wider)).toBe(false)
    expect(wider.conflicts).toEqual([])
  })

  it('accepts live types that hold every model value', () => {
    const roomier = [
      ...exact
        .filter((c) => !['qty', 'ratio', 'price', 'code'].includes(c.name ?? ''))
        .map((c) => c),
      meta('qty', 'int8'),
      meta('ratio', 'float8'),
      meta('price', 'numeric', { precision: 18, scale: 4 }),
      meta('code', 'bpchar', { length: 10 }),
    ]
    expect(diffTable(model, liveTableOf(model, roomier)).conflicts).toEqual([])
  })

  it('names the column, both types and the fix for every conflict', () => {
    const cases: ReadonlyArray<[LiveColumnMetadata, string]> = [
      [meta('id', 'int4', { nullable: 0 }), 'int4'],
      [meta('price', 'numeric', { precision: 12, scale: 1 }), 'numeric(12,1)'],
      [meta('price', 'numeric', { precision: 11, scale: 2 }), 'numeric(11,2)'],
      [meta('ratio', 'int4'), 'int4'],
      [meta('code', 'bpchar', { length: 2 }), 'bpchar(2)'],
      [meta('at', 'timestamp'), 'timestamp'],
      [meta('payload', 'varchar', { length: 65535 }), 'varchar(65535)'],
      [meta('blob', 'varbyte', { length: 10 }), 'varbyte(10)'],
      [meta('note', 'geometry'), 'geometry'],
    ]
    for (const [column, liveType] of cases) {
      const diff = diffTable(model, liveTableOf(model, replace(column.name ?? '', column)))
      expect(diff.conflicts).toHaveLength(1)
      const [conflict] = diff.conflicts
      expect(conflict).toMatchObject({ column: column.name, liveType })
      expect(conflict?.modelType).toMatch(/^[A-Z]/)
      expect(conflict?.fix).toContain(`"${column.name}"`)
    }
  })

  it('reports a NOT NULL live column the model lets be null, but not for keys', () => {
    const diff = diffTable(
      model,
      liveTableOf(model, replace('note', meta('note', 'varchar', { length: 500, nullable: 0 }))),
    )
    expect(diff.conflicts).toEqual([
      expect.objectContaining({ column: 'note', fix: expect.stringContaining('NOT NULL') }),
    ])
  })
})

describe('inferColumnType', () => {
  it('suggests a column type per JavaScript value, and none for null', () => {
    expect(inferColumnType(1)).toEqual({ kind: 'bigint' })
    expect(inferColumnType(2n ** 70n)).toEqual({ kind: 'bigint' })
    expect(inferColumnType(1.5)).toEqual({ kind: 'double' })
    expect(inferColumnType(2 ** 60)).toEqual({ kind: 'double' })
    expect(inferColumnType(Number.NaN)).toBeUndefined()
    expect(inferColumnType(true)).toEqual({ kind: 'boolean' })
    expect(inferColumnType('')).toEqual({ kind: 'varchar', length: 65535 })
    expect(inferColumnType(new Date(0))).toEqual({ kind: 'timestamptz' })
    expect(inferColumnType(new Uint8Array(2))).toEqual({ kind: 'varbyte', length: 65535 })
    expect(inferColumnType([1])).toEqual({ kind: 'super' })
    expect(inferColumnType(Object.create(null))).toEqual({ kind: 'super' })
    expect(inferColumnType(new Map())).toBeUndefined()
    expect(inferColumnType(null)).toBeUndefined()
    expect(inferColumnType(undefined)).toBeUndefined()
  })

  it('unifies integers with fractions and nothing else', () => {
    expect(unifyInferredTypes({ kind: 'double' }, { kind: 'bigint' })).toEqual({ kind: 'double' })
    expect(unifyInferredTypes({ kind: 'super' }, { kind: 'super' })).toEqual({ kind: 'super' })
    expect(
      unifyInferredTypes({ kind: 'boolean' }, { kind: 'varchar', length: 65535 }),
    ).toBeUndefined()
  })
})
