import type { RedshiftTypeKind } from '@redstore/sql'
import { describe, expect, it } from 'vitest'
import { columnValueTypes, recordTypeText, rowTypeText, toTableModel } from '../src/index.js'
import { everyKind, rows } from './inferTypes.js'

describe('rowTypeText and recordTypeText', () => {
  it('emit the text of the types InferRow and InferRecord give, for every column', () => {
    const model = toTableModel(everyKind)
    const text = (f: typeof rowTypeText) =>
      Object.fromEntries(model.columns.map((c) => [c.field ?? c.name, f(c.type, c.nullable)]))
    expect(text(rowTypeText)).toEqual({
      id: 'number | bigint',
      s: 'number',
      i: 'number',
      b: 'number | bigint',
      d: 'string | number',
      r: 'number',
      f: 'number',
      bool: 'boolean',
      c: 'string',
      v: 'string',
      str: 'string',
      day: 'Date | string',
      t: 'string',
      ttz: 'string',
      ts: 'Date | string',
      tstz: 'Date | string',
      j: 'JsonValue',
      vb: 'Uint8Array',
      ns: 'number | null',
      nd: 'string | number | null',
      nts: 'Date | string | null',
      nj: 'JsonValue | null',
      nvb: 'Uint8Array | null',
    })
    expect(text(recordTypeText)).toMatchObject({ id: 'bigint', d: 'string', nts: 'string | null' })
    expect(rows).toHaveLength(2)
  })

  it('cover every Redshift type kind', () => {
    const kinds: ReadonlyArray<RedshiftTypeKind> = [
      'smallint',
      'integer',
      'bigint',
      'decimal',
      'real',
      'double',
      'boolean',
      'char',
      'varchar',
      'date',
      'time',
      'timetz',
      'timestamp',
      'timestamptz',
      'super',
      'varbyte',
    ]
    expect(Object.keys(columnValueTypes).sort()).toEqual([...kinds].sort())
  })
})
