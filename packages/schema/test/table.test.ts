import {
  createTable,
  isTableModelSource,
  normalizeTableModel,
  resolveTableModel,
  tableModelHash,
  tableModelSource,
} from '@redstore/sql'
import { describe, expect, it } from 'vitest'
import {
  bigint,
  decimal,
  isSchemaDefinitionError,
  isTableDefinition,
  json,
  SchemaDefinitionError,
  string,
  table,
  tableDefinitionBrand,
  timestamptz,
  toTableModel,
  validateTableDefinition,
  varchar,
} from '../src/index.js'
import { captureError } from './support.js'

const orders = table('Orders', {
  schema: 'Shop',
  uniqueKeys: ['orderId'],
  columns: {
    orderId: bigint(),
    customerEmail: varchar(320).describe('Lowercased').encode('zstd'),
    total: decimal(12, 2),
    note: string().nullable().columnName('order_note'),
    payload: json().nullable(),
    placedAt: timestamptz(),
  },
  distKey: 'orderId',
  sortKey: ['placedAt', 'orderId'],
  description: 'One row per order',
})

describe('table()', () => {
  it('keeps the options as given, with schema public by default', () => {
    expect(orders).toMatchObject({
      origin: 'table',
      name: 'Orders',
      schema: 'Shop',
      uniqueKeys: ['orderId'],
      distKey: 'orderId',
      sortKey: ['placedAt', 'orderId'],
      description: 'One row per order',
      unknownOptions: [],
    })
    expect(Object.keys(orders.columns)).toEqual([
      'orderId',
      'customerEmail',
      'total',
      'note',
      'payload',
      'placedAt',
    ])
    expect(table('t', { uniqueKeys: ['id'], columns: { id: bigint() } }).schema).toBe('public')
    expect(Object.isFrozen(orders)).toBe(true)
    expect(Object.isFrozen(orders.columns)).toBe(true)
    expect(Object.isFrozen(orders.uniqueKeys)).toBe(true)
  })

  it('copies what it is given, so later changes to the options do not change it', () => {
    const keys = ['id']
    const columns: Record<string, ReturnType<typeof bigint>> = { id: bigint() }
    const t = table('t', { uniqueKeys: keys as ['id'], columns })
    keys.push('other')
    columns.other = bigint()
    expect(t.uniqueKeys).toEqual(['id'])
    expect(Object.keys(t.columns)).toEqual(['id'])
  })

  it('is branded with a registered symbol and is a TableModelSource', () => {
    expect(tableDefinitionBrand).toBe(Symbol.for('@redstore/schema/TableDefinition'))
    expect(isTableDefinition(orders)).toBe(true)
    expect(isTableDefinition({ ...orders })).toBe(true)
    expect(isTableDefinition({ columns: {} })).toBe(false)
    expect(isTableModelSource(orders)).toBe(true)
    expect(orders[tableModelSource]()).toBe(toTableModel(orders))
    expect(resolveTableModel(orders)).toBe(toTableModel(orders))
  })

  it('never throws, whatever it is given', () => {
    const anything = [undefined, null, 1, 'x', [], { columns: 5 }, { uniqueKeys: 'id' }]
    for (const options of anything) {
      for (const name of [undefined, 42, '', 'ok']) {
        const definition = table(name as never, options as never)
        const problems = validateTableDefinition(definition)
        expect(problems.length).toBeGreaterThan(0)
        expect(() => toTableModel(definition)).toThrow(SchemaDefinitionError)
      }
    }
  })
})

describe('toTableModel', () => {
  it('folds names, maps properties to fields and keys to column names', () => {
    expect(toTableModel(orders)).toEqual({
      schema: 'shop',
      name: 'orders',
      keys: ['orderid'],
      comment: 'One row per order',
      distStyle: 'KEY',
      distKey: 'orderid',
      sortKey: { style: 'COMPOUND', columns: ['placedat', 'orderid'] },
      columns: [
        { name: 'orderid', field: 'orderId', type: { kind: 'bigint' }, nullable: false },
        {
          name: 'customeremail',
          field: 'customerEmail',
          type: { kind: 'varchar', length: 320 },
          nullable: false,
          comment: 'Lowercased',
          encode: 'ZSTD',
        },
        { name: 'total', type: { kind: 'decimal', precision: 12, scale: 2 }, nullable: false },
        {
          name: 'order_note',
          field: 'note',
          type: { kind: 'varchar', length: 65535 },
          nullable: true,
        },
        { name: 'payload', type: { kind: 'super' }, nullable: true },
        { name: 'placedat', field: 'placedAt', type: { kind: 'timestamptz' }, nullable: false },
      ],
    })
  })

  it('returns one frozen model per definition, equal to itself normalized again', () => {
    const model = toTableModel(orders)
    expect(toTableModel(orders)).toBe(model)
    expect(Object.isFrozen(model)).toBe(true)
    expect(Object.isFrozen(model.columns[0])).toBe(true)
    expect(Object.isFrozen(model.columns[0]?.type)).toBe(true)
    expect(normalizeTableModel(model)).toEqual(model)
    expect(tableModelHash(normalizeTableModel(model))).toBe(tableModelHash(model))
    expect(createTable(model)).toContain('"order_note" VARCHAR(65535)')
  })

  it('maps sort key forms and the override type', () => {
    const columns = { a: bigint(), b: decimal().redshiftType('DECIMAL(10,2)') }
    const sortOf = (sortKey: unknown) =>
      toTableModel(table('t', { uniqueKeys: ['a'], columns, sortKey: sortKey as never })).sortKey
    expect(sortOf('AUTO')).toBe('AUTO')
    expect(sortOf(['b'])).toEqual({ style: 'COMPOUND', columns: ['b'] })
    expect(sortOf({ style: 'INTERLEAVED', columns: ['a', 'b'] })).toEqual({
      style: 'INTERLEAVED',
      columns: ['a', 'b'],
    })
    expect(sortOf(undefined)).toBeUndefined()
    const model = toTableModel(table('t', { uniqueKeys: ['a'], columns }))
    expect(model.columns[1]?.type).toEqual({ kind: 'decimal', precision: 10, scale: 2 })
    expect(
      toTableModel(table('t', { uniqueKeys: ['a'], columns, distStyle: 'ALL' })).distStyle,
    ).toBe('ALL')
  })

  it('throws a SchemaDefinitionError listing every problem', () => {
    const bad = table('t', {
      uniqueKeys: [],
      columns: { total: decimal(39, 2), name: varchar(70000) },
    })
    const error = captureError(() => toTableModel(bad))
    expect(error).toBeInstanceOf(SchemaDefinitionError)
    expect(isSchemaDefinitionError(error)).toBe(true)
    expect(isSchemaDefinitionError({ _tag: 'SchemaDefinitionError', problems: [] })).toBe(true)
    expect(isSchemaDefinitionError(new Error('x'))).toBe(false)
    const e = error as SchemaDefinitionError
    expect(e.table).toBe('public.t')
    expect(e.problems).toEqual(validateTableDefinition(bad))
    expect(e.message).toMatch(/^Table definition public\.t has 3 errors:\n/)
    expect(e.message).toContain(
      '  - columns.total.type: decimal(39, 2) is not a valid Redshift type',
    )
    expect(e.message).toContain('  - columns.name.type: varchar(70000)')
    expect(e.message).toContain('  - uniqueKeys: The table has no unique keys')
    expect(() => bad[tableModelSource]()).toThrow(SchemaDefinitionError)
  })

  it('reports a value that is not a definition instead of throwing', () => {
    expect(validateTableDefinition({} as never)).toMatchObject([
      { severity: 'error', path: [], message: 'This is an object, not a table definition.' },
    ])
  })
})
