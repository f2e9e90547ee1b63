import type { DataApiError, DataApiShape } from '@redstore/data-api'
import { DEFAULT_MAX_STATEMENT_BYTES, dropTables } from '@redstore/sql'
import { Effect } from 'effect'

/** Staging tables older than this were left by a save that ended without cleaning up. */
export const STALE_STAGING_AFTER_MS = 24 * 60 * 60 * 1000

const stagingName = /^redstore_stage_([0-9a-z]{1,12})_[0-9a-z]{8}_b\d+_g\d+$/

/** True for a staging table name made by `stagingPrefix` more than `maxAgeMs` before `now`. */
export const isStaleStagingTable = (name: string, now: number, maxAgeMs: number): boolean => {
  const match = stagingName.exec(name)
  if (match === null) return false
  const created = Number.parseInt(match[1] ?? '', 36)
  return Number.isFinite(created) && now - created > maxAgeMs
}

/**
 * Drops the staging tables of `schema` that saves left behind (a crash between staging and
 * merging) more than a day ago; a running save's tables are younger and stay.
 */
export const dropStaleStaging = (
  api: DataApiShape,
  schema: string,
  now = Date.now(),
): Effect.Effect<{ readonly dropped: number; readonly apiCalls: number }, DataApiError> =>
  Effect.gen(function* () {
    const tables = yield* api.listTables({
      schemaPattern: schema,
      tablePattern: 'redstore_stage_%',
    })
    const stale = tables
      .filter(
        (t) =>
          t.schema === schema && isStaleStagingTable(t.name ?? '', now, STALE_STAGING_AFTER_MS),
      )
      .map((t) => ({ schema, name: t.name ?? '' }))
    let apiCalls = 1
    // Several DROPs when the names would not fit one statement.
    const perStatement = Math.max(1, Math.floor(DEFAULT_MAX_STATEMENT_BYTES / 300))
    for (let i = 0; i < stale.length; i += perStatement) {
      const result = yield* api.execute(dropTables(stale.slice(i, i + perStatement)))
      apiCalls += result.apiCalls
    }
    return { dropped: stale.length, apiCalls }
  })
