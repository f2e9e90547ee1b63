/**
 * Type tests, checked by `tsc` (the package's typecheck covers test/): each `Expect<Equal<...>>`
 * must hold and each `@ts-expect-error` must meet an error.
 */
import type { JsonValue } from '@redstore/sql'
import {
  bigint,
  boolean,
  type ColumnRecordType,
  type ColumnRowType,
  char,
  date,
  decimal,
  double,
  type InferRecord,
  type InferRow,
  integer,
  json,
  type RecordValueOf,
  type RowValueOf,
  real,
  smallint,
  string,
  table,
  time,
  timestamp,
  timestamptz,
  timetz,
  varbyte,
  varchar,
} from '../src/index.js'
import type { Equal, Expect } from './support.js'

// One column of every builder, NOT NULL and nullable.
export const everyKind = table('every_kind', {
  uniqueKeys: ['id'],
  columns: {
    id: bigint(),
    s: smallint(),
    i: integer(),
    b: bigint(),
    d: decimal(12, 2),
    r: real(),
    f: double(),
    bool: boolean(),
    c: char(2),
    v: varchar(10),
    str: string(),
    day: date(),
    t: time(),
    ttz: timetz(),
    ts: timestamp(),
    tstz: timestamptz(),
    j: json(),
    vb: varbyte(16),
    ns: smallint().nullable(),
    nd: decimal().nullable(),
    nts: timestamptz().nullable().describe('seen').columnName('seen_at'),
    nj: json().nullable(),
    nvb: varbyte().nullable(),
  },
})

type EveryKindRow = InferRow<typeof everyKind>
type EveryKindRecord = InferRecord<typeof everyKind>

export type RowIsPlain = Expect<
  Equal<
    EveryKindRow,
    {
      id: number | bigint
      s: number
      i: number
      b: number | bigint
      d: string | number
      r: number
      f: number
      bool: boolean
      c: string
      v: string
      str: string
      day: Date | string
      t: string
      ttz: string
      ts: Date | string
      tstz: Date | string
      j: JsonValue
      vb: Uint8Array
      ns?: number | null
      nd?: string | number | null
      nts?: Date | string | null
      nj?: JsonValue | null
      nvb?: Uint8Array | null
    }
  >
>

export type RecordIsPlain = Expect<
  Equal<
    EveryKindRecord,
    {
      id: bigint
      s: number
      i: number
      b: bigint
      d: string
      r: number
      f: number
      bool: boolean
      c: string
      v: string
      str: string
      day: string
      t: string
      ttz: string
      ts: string
      tstz: string
      j: JsonValue
      vb: Uint8Array
      ns: number | null
      nd: string | null
      nts: string | null
      nj: JsonValue | null
      nvb: Uint8Array | null
    }
  >
>

export type PerColumn = [
  Expect<Equal<ColumnRowType<typeof everyKind.columns.d>, string | number>>,
  Expect<Equal<ColumnRowType<typeof everyKind.columns.nd>, string | number | null>>,
  Expect<Equal<ColumnRecordType<typeof everyKind.columns.b>, bigint>>,
  Expect<Equal<ColumnRecordType<typeof everyKind.columns.nvb>, Uint8Array | null>>,
  Expect<Equal<RowValueOf<'super'>, JsonValue>>,
  Expect<Equal<RecordValueOf<'timestamptz'>, string>>,
]

// An override keeps the builder's value types.
export const overridden = table('t', {
  uniqueKeys: ['id'],
  columns: { id: bigint(), amount: decimal().redshiftType('DECIMAL(10,2)').nullable() },
})
export type OverrideKeepsTypes = Expect<
  Equal<InferRow<typeof overridden>, { id: number | bigint; amount?: string | number | null }>
>

export const rows: Array<EveryKindRow> = [
  {
    id: 1n,
    s: 1,
    i: 2,
    b: 3,
    d: '19.90',
    r: 1.5,
    f: 2.5,
    bool: true,
    c: 'de',
    v: 'x',
    str: 'y',
    day: new Date(),
    t: '10:00',
    ttz: '10:00+02',
    ts: '2025-01-01T00:00:00Z',
    tstz: new Date(),
    j: { a: [1, 'b', null, { c: true }] },
    vb: new Uint8Array([1, 2]),
    nts: null,
  },
  // @ts-expect-error a required NOT NULL column is missing
  { id: 1 },
]

// @ts-expect-error a bigint row value is not a string
export const wrongId: EveryKindRow['id'] = 'one'
// @ts-expect-error a record's BIGINT is a bigint, not a number
export const wrongRecordId: EveryKindRecord['id'] = 1
// @ts-expect-error a nullable column may be null or absent, never undefined written out
export const explicitUndefined: Pick<EveryKindRow, 'ns'> = { ns: undefined }
// @ts-expect-error a Date is not JSON
export const notJson: EveryKindRow['j'] = new Date()
// @ts-expect-error an unknown property is not part of the row
export const extra: Pick<EveryKindRow, 'id'> = { id: 1, nope: 2 }

table('t', {
  // @ts-expect-error a unique key must be a property of columns
  uniqueKeys: ['nope'],
  columns: { id: bigint() },
})
table('t', {
  uniqueKeys: ['id'],
  columns: { id: bigint(), at: timestamp() },
  // @ts-expect-error a sort key must be a property of columns
  sortKey: ['id', 'missing'],
})
