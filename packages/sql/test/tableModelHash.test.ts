import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ColumnModel,
  normalizeTableModel,
  type TableModel,
  tableModelHash,
  tableModelJson,
} from '../src/index.js'
import { fnv1a64Hex } from '../src/internal/fnv1a64.js'

const fnvReference = (text: string): string => {
  let hash = 0xcbf29ce484222325n
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return hash.toString(16).padStart(16, '0')
}

const model = normalizeTableModel({
  schema: 'shop',
  name: 'orders',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'customerEmail', type: 'VARCHAR(320)', field: 'customerEmail', comment: 'lower' },
    { name: 'total', type: 'DECIMAL(12,2)', encode: 'az64' },
    { name: 'meta', type: 'SUPER' },
  ],
  comment: 'orders',
  distKey: 'id',
  sortKey: { style: 'INTERLEAVED', columns: ['id', 'total'] },
})

describe('fnv1a64Hex', () => {
  it('gives the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325')
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c')
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8')
  })

  it('agrees with a BigInt reference over UTF-8 bytes, lone surrogates as U+FFFD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(fnv1a64Hex(text)).toBe(fnvReference(text))
      }),
      { numRuns: 500 },
    )
    expect(fnv1a64Hex('\ud800')).toBe(fnvReference('\ufffd'))
  })
})

describe('tableModelHash', () => {
  it('writes canonical JSON with sorted keys and DDL type text', () => {
    const json = tableModelJson(model)
    expect(json.startsWith('{"columns":[{"name":"id","nullable":false,"type":"BIGINT"},')).toBe(
      true,
    )
    expect(json).toContain(
      '{"comment":"lower","field":"customerEmail","name":"customeremail","nullable":true,"type":"VARCHAR(320)"}',
    )
    expect(json).toContain('"sortKey":{"columns":["id","total"],"style":"INTERLEAVED"}')
    expect(JSON.parse(json)).toMatchObject({ schema: 'shop', name: 'orders', keys: ['id'] })
  })

  it('is the same in every run, and for an equal model built another way', () => {
    // Pinned: a change here changes every stored fingerprint.
    expect(tableModelHash(model)).toBe(fnvReference(tableModelJson(model)))
    expect(tableModelHash(model)).toMatch(/^[0-9a-f]{16}$/)
    expect(tableModelHash(model)).toBe('43678b8d3f20e16b')
    const reordered: TableModel = {
      sortKey: { columns: ['id', 'total'], style: 'INTERLEAVED' },
      distKey: 'id',
      distStyle: 'KEY',
      comment: 'orders',
      columns: model.columns.map((c) => Object.fromEntries(Object.entries(c).reverse()) as never),
      keys: ['id'],
      name: 'orders',
      schema: 'shop',
    }
    expect(tableModelHash(reordered)).toBe(tableModelHash(model))
    expect(tableModelHash(normalizeTableModel(model))).toBe(tableModelHash(model))
  })

  it('changes with any change to names, types, nullability, keys, comments, fields or layout', () => {
    const withColumn = (index: number, change: Partial<ColumnModel>): TableModel => ({
      ...model,
      columns: model.columns.map((c, i) => (i === index ? { ...c, ...change } : c)),
    })
    const withoutMember = <K extends keyof ColumnModel>(index: number, key: K): TableModel => ({
      ...model,
      columns: model.columns.map((c, i) => {
        if (i !== index) return c
        const { [key]: _, ...rest } = c
        return rest as ColumnModel
      }),
    })
    const change = fc.oneof(
      fc.constant<TableModel>({ ...model, schema: 'shop2' }),
      fc.constant<TableModel>({ ...model, name: 'orders2' }),
      fc.constant<TableModel>({ ...model, comment: 'orders!' }),
      fc.constant<TableModel>({ ...model, keys: ['id', 'total'] }),
      fc.constant<TableModel>({ ...model, keys: [] }),
      fc.constant<TableModel>({ ...model, distStyle: 'EVEN' }),
      fc.constant<TableModel>({ ...model, sortKey: 'AUTO' }),
      fc.constant<TableModel>({
        ...model,
        sortKey: { style: 'COMPOUND', columns: ['id', 'total'] },
      }),
      fc.constant<TableModel>({ ...model, columns: [...model.columns].reverse() }),
      fc.nat(3).map((i) => withColumn(i, { name: `${model.columns[i]?.name}x` })),
      fc.nat(3).map((i) => withColumn(i, { nullable: !model.columns[i]?.nullable })),
      fc.nat(3).map((i) => withColumn(i, { comment: 'changed' })),
      fc.nat(3).map((i) => withColumn(i, { field: 'changedField' })),
      fc.nat(3).map((i) => withColumn(i, { encode: 'ZSTD' })),
      fc
        .tuple(fc.nat(3), fc.integer({ min: 1, max: 65535 }))
        .filter(([i, n]) => !(i === 1 && n === 320))
        .map(([i, n]) => withColumn(i, { type: { kind: 'varchar', length: n } })),
      fc.nat(3).map((i) => withColumn(i, { type: { kind: 'decimal', precision: 12, scale: 3 } })),
      fc.constant(withoutMember(1, 'field')),
      fc.constant(withoutMember(1, 'comment')),
    )
    const before = tableModelHash(model)
    fc.assert(
      fc.property(change, (changed) => {
        expect(tableModelHash(changed)).not.toBe(before)
      }),
    )
  })

  it('gives distinct hashes to distinct random models', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/)
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
        fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
        (a, b) => {
          const build = (names: ReadonlyArray<string>) =>
            normalizeTableModel({
              schema: 's',
              name: 't',
              columns: names.map((n) => ({ name: n, type: 'INT' })),
            })
          const same = a.join() === b.join()
          expect(tableModelHash(build(a)) === tableModelHash(build(b))).toBe(same)
        },
      ),
    )
  })
})
