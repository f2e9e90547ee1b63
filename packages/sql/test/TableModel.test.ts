import { describe, expect, it } from 'vitest'
import {
  DuplicateColumnError,
  InvalidIdentifierError,
  InvalidTableModelError,
  InvalidTypeError,
  isSqlError,
  normalizeTableModel,
  RedshiftType,
  type TableModelInput,
} from '../src/index.js'
import { captureError } from './captureError.js'

const base: TableModelInput = {
  schema: 'Analytics',
  name: 'Events',
  keys: ['eventId'],
  columns: [
    { name: 'eventId', type: 'BIGINT' },
    { name: 'Payload', type: RedshiftType.super(), comment: 'raw' },
    { name: 'at', type: 'timestamptz', nullable: false, encode: 'az64' },
  ],
}

describe('normalizeTableModel', () => {
  it('folds names, parses types, makes keys NOT NULL and keeps comments and encodings', () => {
    expect(normalizeTableModel(base)).toEqual({
      schema: 'analytics',
      name: 'events',
      keys: ['eventid'],
      columns: [
        { name: 'eventid', type: { kind: 'bigint' }, nullable: false },
        { name: 'payload', type: { kind: 'super' }, nullable: true, comment: 'raw' },
        { name: 'at', type: { kind: 'timestamptz' }, nullable: false, encode: 'AZ64' },
      ],
    })
  })

  it('implies DISTSTYLE KEY from a distKey and folds dist and sort keys', () => {
    const model = normalizeTableModel({
      ...base,
      distKey: 'EventId',
      sortKey: { style: 'COMPOUND', columns: ['AT'] },
    })
    expect(model).toMatchObject({
      distStyle: 'KEY',
      distKey: 'eventid',
      sortKey: { style: 'COMPOUND', columns: ['at'] },
    })
  })

  const invalid: ReadonlyArray<readonly [string, Partial<TableModelInput>, RegExp]> = [
    ['no columns', { columns: [] }, /no columns/],
    ['an unknown key', { keys: ['nope'] }, /key column "nope" is not a column/],
    ['a repeated key', { keys: ['eventId', 'EVENTID'] }, /listed more than once/],
    [
      'a nullable key',
      { columns: [{ name: 'eventId', type: 'INT', nullable: true }] },
      /marked nullable/,
    ],
    ['a SUPER key', { keys: ['payload'] }, /SUPER column "payload" cannot be a key column/],
    ['DISTSTYLE KEY without a distKey', { distStyle: 'KEY' }, /needs a distKey/],
    ['a distKey with DISTSTYLE EVEN', { distStyle: 'EVEN', distKey: 'at' }, /needs DISTSTYLE KEY/],
    ['an unknown distKey', { distKey: 'nope' }, /DISTKEY column "nope"/],
    ['an unknown sort key', { sortKey: { style: 'COMPOUND', columns: ['x'] } }, /SORTKEY column/],
    ['an empty sort key', { sortKey: { style: 'COMPOUND', columns: [] } }, /1 to 400 columns/],
    [
      'an interleaved sort key over 8 columns',
      {
        columns: Array.from({ length: 9 }, (_, i) => ({ name: `c${i}`, type: 'INT' })),
        keys: [],
        sortKey: { style: 'INTERLEAVED', columns: Array.from({ length: 9 }, (_, i) => `c${i}`) },
      },
      /1 to 8 columns/,
    ],
    [
      'an unknown encoding',
      { columns: [{ name: 'eventId', type: 'INT', encode: 'gzip' as never }] },
      /unknown ENCODE "gzip"/,
    ],
    [
      'more than 1600 columns',
      {
        keys: [],
        columns: Array.from({ length: 1601 }, (_, i) => ({ name: `c${i}`, type: 'INT' })),
      },
      /1601 columns, over Redshift's 1600/,
    ],
  ]
  it.each(invalid)('rejects %s', (_label, change, reason) => {
    const error = captureError(() => normalizeTableModel({ ...base, ...change }))
    expect(error).toBeInstanceOf(InvalidTableModelError)
    expect((error as InvalidTableModelError).table).toBe('analytics.events')
    expect((error as Error).message).toMatch(reason)
    expect(isSqlError(error)).toBe(true)
  })

  it('rejects columns that fold to the same name', () => {
    const error = captureError(() =>
      normalizeTableModel({
        ...base,
        columns: [...base.columns, { name: 'EventID', type: 'INT' }],
      }),
    )
    expect(error).toBeInstanceOf(DuplicateColumnError)
    expect(error).toMatchObject({ normalized: 'eventid', names: ['eventId', 'EventID'] })
    expect((error as Error).message).toMatch(/Redshift folds names to lowercase. Rename one/)
  })

  it('rejects invalid identifiers and types, naming the column', () => {
    expect(() => normalizeTableModel({ ...base, name: '' })).toThrow(InvalidIdentifierError)
    expect(() =>
      normalizeTableModel({ ...base, columns: [{ name: 'x'.repeat(128), type: 'INT' }], keys: [] }),
    ).toThrow(InvalidIdentifierError)
    const error = captureError(() =>
      normalizeTableModel({ ...base, columns: [{ name: 'eventId', type: 'VARCHAR(0)' }] }),
    )
    expect(error).toMatchObject({ _tag: 'InvalidTypeError', column: 'eventid' })
    const objectType = captureError(() =>
      normalizeTableModel({
        ...base,
        columns: [{ name: 'eventId', type: { kind: 'varchar', length: 70000 } }],
      }),
    )
    expect(objectType).toBeInstanceOf(InvalidTypeError)
  })
})

describe('isSqlError', () => {
  it('recognizes errors of this package by tag only', () => {
    expect(isSqlError(captureError(() => normalizeTableModel({ ...base, name: '' })))).toBe(true)
    expect(isSqlError(new Error('x'))).toBe(false)
    expect(isSqlError({ _tag: 'Other' })).toBe(false)
    expect(isSqlError(null)).toBe(false)
  })
})
