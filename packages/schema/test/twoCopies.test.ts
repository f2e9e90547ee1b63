import { resolveTableModel } from '@redstore/sql'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as first from '../src/index.js'

type Schema = typeof first

/** The package loaded a second time, as a user's schema file may load its own copy. */
let second: Schema

beforeAll(async () => {
  vi.resetModules()
  second = await import('../src/index.js')
})

describe('two loaded copies of the package', () => {
  it('are distinct copies', () => {
    expect(second.table).not.toBe(first.table)
  })

  it("recognise each other's builders and definitions by brand", () => {
    const definition = second.table('users', {
      uniqueKeys: ['id'],
      columns: { id: second.bigint(), email: second.varchar(320).nullable() },
    })
    expect(first.isColumnBuilder(second.bigint())).toBe(true)
    expect(first.isTableDefinition(definition)).toBe(true)
    expect(first.validateTableDefinition(definition)).toEqual([])
    expect(first.toTableModel(definition)).toEqual(second.toTableModel(definition))
    expect(resolveTableModel(definition).columns.map((c) => c.name)).toEqual(['id', 'email'])
  })

  it("take each other's builders in table()", () => {
    const mixed = first.table('t', {
      uniqueKeys: ['id'],
      columns: { id: second.bigint() as never, total: first.decimal(10, 2) },
    })
    expect(first.validateTableDefinition(mixed)).toEqual([])
    expect(second.validateTableDefinition(mixed)).toEqual([])
  })

  it("recognise each other's errors", () => {
    const broken = second.table('t', { uniqueKeys: [], columns: {} })
    let caught: unknown
    try {
      first.toTableModel(broken)
    } catch (error) {
      caught = error
    }
    expect(second.isSchemaDefinitionError(caught)).toBe(true)
    expect(caught instanceof second.SchemaDefinitionError).toBe(false)
  })
})
