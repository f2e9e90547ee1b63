/**
 * The storage engine as an Effect service: `init`, `saveData` and `read` over a `DataApi`.
 */
import { DataApi, type DataApiStats, type Session } from '@redstore/data-api'
import {
  isSqlError,
  resolveTableModel,
  type SqlError,
  type TableModel,
  tableLabel,
  tableModelHash,
} from '@redstore/sql'
import { Context, Effect, Layer, type Scope, Semaphore, type Stream } from 'effect'
import { saveByMethod } from './internal/copy/saveByMethod.js'
import { evolveTable } from './internal/initTable.js'
import type { RowsInput } from './internal/RowCursor.js'
import { readTable } from './internal/readTable.js'
import { type ResolvedStorage, resolveStorageOptions } from './internal/resolveStorageOptions.js'
import { dropStaleStaging } from './internal/staleStaging.js'
import type { InitSummary, SaveSummary } from './SaveSummary.js'
import { StaleModelError, type StorageConfigError, type StorageError } from './StorageError.js'
import type { ReadOptions, SaveOptions, StorageOptions } from './StorageOptions.js'

export type { RowsInput } from './internal/RowCursor.js'

/**
 * A storage of one table.
 *
 * @example
 * ```ts
 * const storage = yield* Storage.make<OrdersRow, OrdersRecord>({ table })
 * yield* storage.init
 * const summary = yield* storage.saveData(rows)
 * ```
 */
export interface StorageShape<Row = Record<string, unknown>, Rec = Record<string, unknown>> {
  /** The model in force (saves with `unknownFields: 'addColumn'` extend it). */
  readonly model: Effect.Effect<TableModel>
  /**
   * Creates or evolves the table (one DescribeTable, then only what is missing), checks a
   * generated class against its schema file, and drops staging tables a crash left behind.
   * Safe to run twice and concurrently.
   */
  readonly init: Effect.Effect<InitSummary, StorageError>
  /**
   * Upserts rows. An array is checked whole first; then `init` runs if it has not yet, and
   * nothing of an invalid array is sent, DDL included. `options.method` picks INSERTs or COPY
   * through the staging bucket (`auto` by default with `staging`).
   */
  readonly saveData: (
    rows: RowsInput<Row>,
    options?: SaveOptions,
  ) => Effect.Effect<SaveSummary, StorageError>
  /** The table's rows, decoded as the model says, page by page. */
  readonly read: (options?: ReadOptions) => Stream.Stream<Rec, StorageError>
  /** What this storage's Data API client did so far: requests, retries, by operation. */
  readonly stats: Effect.Effect<DataApiStats>
}

const resolve = (
  options: StorageOptions,
): Effect.Effect<ResolvedStorage, StorageConfigError | SqlError> =>
  Effect.try({
    try: () => resolveStorageOptions(options),
    catch: (error) => {
      if (isSqlError(error)) return error
      if (
        typeof error === 'object' &&
        error !== null &&
        (error as { _tag?: unknown })._tag === 'StorageConfigError'
      ) {
        return error as StorageConfigError
      }
      throw error
    },
  })

/**
 * Builds a storage over the `DataApi` in context. With `reuseSession`, its session lives as
 * long as the scope.
 *
 * @example
 * ```ts
 * const program = Effect.scoped(Effect.gen(function* () {
 *   const storage = yield* makeStorage({ table })
 *   return yield* storage.saveData([{ id: 1 }])
 * }))
 * ```
 */
export const makeStorage = <Row = Record<string, unknown>, Rec = Record<string, unknown>>(
  options: StorageOptions,
): Effect.Effect<StorageShape<Row, Rec>, StorageError, DataApi | Scope.Scope> =>
  Effect.gen(function* () {
    const resolved = yield* resolve(options)
    const api = yield* DataApi
    const session: Session | undefined = resolved.reuseSession ? yield* api.session() : undefined
    let model = resolved.model
    let initialized = false
    const initLock = yield* Semaphore.make(1)

    const checkGenerated = Effect.suspend(() => {
      const generated = resolved.generated
      if (generated?.current === undefined) return Effect.void
      const actualHash = tableModelHash(resolveTableModel(generated.current()))
      return actualHash === generated.hash
        ? Effect.void
        : Effect.fail(
            new StaleModelError({
              table: tableLabel(resolved.model),
              generatedFrom: generated.file,
              expectedHash: generated.hash,
              actualHash,
            }),
          )
    })

    const init: Effect.Effect<InitSummary, StorageError> = Semaphore.withPermit(
      initLock,
      Effect.gen(function* () {
        const started = performance.now()
        yield* checkGenerated
        // The sweep of staging tables a crash left behind runs beside the table's evolution.
        const [evolution, sweep] = yield* Effect.all(
          [
            evolveTable(api, model),
            resolved.concurrency > 1
              ? dropStaleStaging(api, resolved.stagingSchema)
              : Effect.succeed({ dropped: 0, apiCalls: 0 }),
          ],
          { concurrency: 2 },
        )
        initialized = true
        return {
          created: evolution.created,
          columnsAdded: evolution.columnsAdded,
          columnsWidened: evolution.columnsWidened,
          extraColumns: evolution.extraColumns,
          staleStagingTablesDropped: sweep.dropped,
          statements: evolution.statements + sweep.dropped,
          apiCalls: evolution.apiCalls + sweep.apiCalls,
          durationMs: Math.round(performance.now() - started),
        }
      }),
    ).pipe(Effect.withSpan('Storage.init'))

    const saveData = (rows: RowsInput<Row>, saveOptions: SaveOptions = {}) =>
      Effect.gen(function* () {
        return yield* saveByMethod(
          {
            api,
            options: resolved,
            session,
            model: () => model,
            setModel: (next) => {
              model = next
            },
            beforeSending: Effect.suspend(() => (initialized ? Effect.void : Effect.asVoid(init))),
          },
          rows,
          saveOptions,
        )
      })

    const read = (readOptions: ReadOptions = {}) =>
      readTable(api, model, readOptions, session) as unknown as Stream.Stream<Rec, StorageError>

    return {
      model: Effect.sync(() => model),
      init,
      saveData,
      read,
      stats: api.stats,
    }
  })

/**
 * The storage service, for Effect programs: `Storage.make(options)` builds one,
 * `Storage.layer(options)` provides one over the `DataApi` layer.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const storage = yield* Storage
 *   yield* storage.saveData(rows)
 * })
 * program.pipe(Effect.provide(Storage.layer({ table }).pipe(Layer.provide(DataApi.layerConfig()))))
 * ```
 */
export class Storage extends Context.Service<Storage, StorageShape>()('@redstore/storage/Storage') {
  static readonly make = makeStorage

  static readonly layer = (options: StorageOptions): Layer.Layer<Storage, StorageError, DataApi> =>
    Layer.effect(Storage, makeStorage(options))
}
