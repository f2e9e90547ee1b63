import type { DataApiError, DataApiShape } from '@redstore/data-api'
import {
  diffTable,
  evolutionStatements,
  liveTableOf,
  type TableDiff,
  type TableModel,
  tableLabel,
  tableNeedsChanges,
} from '@redstore/sql'
import { Effect } from 'effect'
import { TableConflictError } from '../StorageError.js'

/** What evolving the table did. */
export interface Evolution {
  readonly created: boolean
  readonly columnsAdded: ReadonlyArray<string>
  readonly columnsWidened: ReadonlyArray<string>
  readonly extraColumns: ReadonlyArray<string>
  readonly statements: number
  readonly apiCalls: number
}

/** Attempts at reading, diffing and applying before a failure is final. */
const MAX_ATTEMPTS = 4

const describeLive = (api: DataApiShape, model: TableModel) =>
  Effect.map(api.describeTable({ schema: model.schema, table: model.name }), (columns) =>
    liveTableOf(model, columns),
  )

/** The error for a table that still differs from the model after every attempt to change it. */
const stillDiffers = (model: TableModel, diff: TableDiff): TableConflictError =>
  new TableConflictError({
    table: tableLabel(model),
    conflicts: [
      ...diff.addColumns.map((c) => c.name),
      ...diff.widenColumns.map((w) => w.column),
    ].map((column) => ({
      column,
      modelType: "the model's type",
      liveType: 'what DescribeTable reports',
      reason: `the table still differs after ${MAX_ATTEMPTS} attempts to change it`,
      fix: 'check the column with DescribeTable and change it by hand, then call init() again',
    })),
  })

/**
 * Brings the live table to the model: reads it (one DescribeTable), diffs it in @redstore/sql,
 * and applies what is missing: schema and table, one ADD COLUMN per column in one transaction,
 * then each VARCHAR widening on its own (Redshift refuses it in a transaction block). Never
 * drops or narrows. When applying fails because someone else changed the table meanwhile (a
 * column added by a concurrent writer, a schema created at the same moment), the table is read
 * again: what now matches counts as success.
 */
export const evolveTable = (
  api: DataApiShape,
  model: TableModel,
): Effect.Effect<Evolution, DataApiError | TableConflictError> =>
  Effect.gen(function* () {
    let statements = 0
    let apiCalls = 0
    let created = false
    const added = new Set<string>()
    const widened = new Set<string>()
    let last: DataApiError | undefined
    const done = (extraColumns: ReadonlyArray<string>): Evolution => ({
      created,
      columnsAdded: [...added],
      columnsWidened: [...widened],
      extraColumns,
      statements,
      apiCalls,
    })
    for (let attempt = 1; ; attempt++) {
      const live = yield* describeLive(api, model)
      apiCalls++
      const diff: TableDiff = diffTable(model, live)
      if (diff.conflicts.length > 0) {
        return yield* new TableConflictError({
          table: tableLabel(model),
          conflicts: diff.conflicts,
        })
      }
      const extraColumns = diff.extraColumns.map((c) => c.name)
      if (!tableNeedsChanges(diff)) return done(extraColumns)
      if (attempt > MAX_ATTEMPTS) {
        if (last !== undefined) return yield* last
        return yield* stillDiffers(model, diff)
      }
      const { transactional, standalone } = evolutionStatements(model, diff)
      const failure = yield* Effect.gen(function* () {
        if (transactional.length > 0) {
          const result = yield* api.batch(transactional, { mode: 'TRANSACTION' })
          statements += transactional.length
          apiCalls += result.apiCalls
          if (!diff.tableExists) created = true
          else for (const column of diff.addColumns) added.add(column.name)
        }
        for (const [i, sql] of standalone.entries()) {
          const result = yield* api.execute(sql)
          statements++
          apiCalls += result.apiCalls
          const widening = diff.widenColumns[i]
          if (widening !== undefined) widened.add(widening.column)
        }
      }).pipe(
        Effect.map(() => undefined),
        // A statement that failed against a table someone else just changed: read it again.
        Effect.catchTag('DataApiError', (error) =>
          error.reason._tag === 'StatementFailed' ? Effect.succeed(error) : Effect.fail(error),
        ),
      )
      // Applied without a failure: the table is what the diff made it, with the columns it had.
      if (failure === undefined) return done(extraColumns)
      last = failure
    }
  }).pipe(Effect.withSpan('Storage.evolveTable'))
