import type { ColumnInput } from '@redstore/sql'
import { RedshiftStorage, type RedshiftStorageOptions } from '../../src/index.js'
import { collect } from './collect.js'
import type { CopyBed } from './copyBed.js'

/** The same model in two tables: one written with INSERTs, one through COPY. */
export interface Twins {
  readonly insert: RedshiftStorage
  readonly copy: RedshiftStorage
  /** Both tables' rows, read back (ordered by key). */
  readonly read: () => Promise<{ insert: Array<unknown>; copy: Array<unknown> }>
  readonly close: () => Promise<void>
}

export const twins = (
  bed: CopyBed,
  schema: string,
  name: string,
  columns: ReadonlyArray<ColumnInput>,
  keys: ReadonlyArray<string> = ['id'],
  extra: Partial<RedshiftStorageOptions> = {},
): Twins => {
  const make = (suffix: string, staging: boolean) =>
    new RedshiftStorage({
      table: { schema, name: `${name}_${suffix}`, keys, columns },
      connection: bed.connection(),
      ...(staging ? { staging: bed.staging() } : {}),
      ...extra,
    })
  const insert = make('insert', false)
  const copy = make('copy', true)
  return {
    insert,
    copy,
    read: async () => ({ insert: await collect(insert.read()), copy: await collect(copy.read()) }),
    close: async () => {
      await insert.close()
      await copy.close()
    },
  }
}
