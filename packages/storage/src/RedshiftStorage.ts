/**
 * The storage as a class with Promise methods: the base class generated storage classes extend.
 */
import {
  DataApi,
  DataApiConfig,
  type DataApiConfigOptions,
  type DataApiOptions,
  type DataApiStats,
  fromEnv,
  makeDataApiConfig,
  type ResolvedDataApiConfig,
} from '@redstore/data-api'
import type { TableModel } from '@redstore/sql'
import { Cause, Effect, Exit, Layer, ManagedRuntime, Stream } from 'effect'
import { resolveStorageOptions } from './internal/resolveStorageOptions.js'
import type { InitSummary, SaveSummary } from './SaveSummary.js'
import { type RowsInput, Storage, type StorageShape } from './Storage.js'
import type { StorageError } from './StorageError.js'
import type { ReadOptions, RedshiftStorageOptions, SaveOptions } from './StorageOptions.js'

/** The typed failure of an exit, or what else ended it. */
const failureOf = (cause: Cause.Cause<unknown>): unknown => {
  const error = Cause.findErrorOption(cause)
  return error._tag === 'Some' ? error.value : Cause.squash(cause)
}

const runSync = <A, E>(effect: Effect.Effect<A, E>): A => {
  const exit = Effect.runSyncExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
  throw failureOf(exit.cause)
}

/** The connection checked now, so that a bad one fails the constructor. */
const resolveConnection = (
  connection: (DataApiConfigOptions & DataApiOptions) | undefined,
): ResolvedDataApiConfig =>
  runSync(
    connection === undefined
      ? Effect.provide(
          Effect.map(DataApiConfig, (c) => c),
          DataApiConfig.layerConfig(fromEnv),
        )
      : makeDataApiConfig(connection),
  )

/**
 * Typed upserts into one Redshift table through the Data API.
 *
 * @example
 * ```ts
 * const storage = new RedshiftStorage({
 *   table: { schema: 'shop', name: 'orders', keys: ['id'], columns: [{ name: 'id', type: 'BIGINT', nullable: false }] },
 *   connection: { workgroupName: 'wg', database: 'dev', region: 'us-east-1' },
 * })
 * await storage.init()
 * const summary = await storage.saveData(rows, { onProgress: (p) => console.log(p.rowsWritten) })
 * for await (const record of storage.read()) console.log(record)
 * await storage.close()
 * ```
 */
export class RedshiftStorage<
  Row extends object = Record<string, unknown>,
  Rec extends object = Record<string, unknown>,
> {
  readonly #runtime: ManagedRuntime.ManagedRuntime<Storage, StorageError>
  readonly #initialModel: TableModel

  /**
   * Checks the options and the connection (from `connection`, or the environment when it is
   * omitted) and throws a typed error for a bad one; connects on first use.
   */
  constructor(options: RedshiftStorageOptions) {
    this.#initialModel = resolveStorageOptions(options).model
    const config = resolveConnection(options.connection)
    const apiOptions: DataApiOptions = {
      ...(options.connection?.retrySchedule === undefined
        ? {}
        : { retrySchedule: options.connection.retrySchedule }),
      ...(options.connection?.pollSchedule === undefined
        ? {}
        : { pollSchedule: options.connection.pollSchedule }),
      ...(options.connection?.clientConfig === undefined
        ? {}
        : { clientConfig: options.connection.clientConfig }),
    }
    const { connection: _connection, ...storageOptions } = options
    this.#runtime = ManagedRuntime.make(
      Storage.layer(storageOptions).pipe(
        Layer.provide(DataApi.layer(apiOptions)),
        Layer.provide(Layer.succeed(DataApiConfig, config)),
      ),
    )
  }

  async #run<A>(
    use: (storage: StorageShape<Row, Rec>) => Effect.Effect<A, StorageError>,
  ): Promise<A> {
    const exit = await this.#runtime.runPromiseExit(
      Effect.flatMap(Storage, (storage) => use(storage as unknown as StorageShape<Row, Rec>)),
    )
    if (Exit.isSuccess(exit)) return exit.value
    throw failureOf(exit.cause)
  }

  /** The table model as given (normalized); saves with `unknownFields: 'addColumn'` may extend it. */
  get model(): TableModel {
    return this.#initialModel
  }

  /** The model in force, with any columns saves added. */
  currentModel(): Promise<TableModel> {
    return this.#run((storage) => storage.model)
  }

  /** Creates or evolves the table; see `StorageShape.init`. */
  init(): Promise<InitSummary> {
    return this.#run((storage) => storage.init)
  }

  /** Upserts rows from an array, an iterable or an async iterable; see `StorageShape.saveData`. */
  saveData(rows: RowsInput<Row>, options?: SaveOptions): Promise<SaveSummary> {
    return this.#run((storage) => storage.saveData(rows, options))
  }

  /** The table's rows, decoded and paged: `for await (const record of storage.read())`. */
  async *read(options?: ReadOptions): AsyncGenerator<Rec, void, undefined> {
    const stream = await this.#run((storage) => Effect.succeed(storage.read(options)))
    const iterable = await this.#runtime.runPromise(
      Stream.toAsyncIterableEffect(Stream.mapError(stream, (e) => e)),
    )
    try {
      for await (const record of iterable) yield record
    } catch (error) {
      throw typeof error === 'object' && error !== null && Cause.isCause(error)
        ? failureOf(error)
        : error
    }
  }

  /** What this storage's Data API client did so far: requests, retries, by operation. */
  stats(): Promise<DataApiStats> {
    return this.#run((storage) => storage.stats)
  }

  /** Ends the session (if any) and releases the SDK client. */
  close(): Promise<void> {
    return this.#runtime.dispose()
  }
}
