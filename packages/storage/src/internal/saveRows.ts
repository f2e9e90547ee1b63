import type { DataApiShape, Session } from '@redstore/data-api'
import {
  createStagingTableLike,
  dropTables,
  MAX_STAGED_STATEMENTS_PER_BATCH,
  MAX_STATEMENTS_PER_BATCH,
  type PlanUpsertOptions,
  stagingTableName,
  type TableModel,
  tableLabel,
} from '@redstore/sql'
import { Effect, Fiber } from 'effect'
import type { SaveSummary } from '../SaveSummary.js'
import { SaveError, type StorageError } from '../StorageError.js'
import type { SaveOptions } from '../StorageOptions.js'
import { evolveTable } from './initTable.js'
import { planArray } from './planArray.js'
import { type RowsInput, rowCursor } from './RowCursor.js'
import type { ResolvedStorage } from './resolveStorageOptions.js'
import { SaveTally } from './SaveTally.js'
import { type SaveStep, StepProducer } from './StepProducer.js'
import { newSaveIdentity, type SaveIdentity } from './saveIdentity.js'
import { type PrecreatedTable, type SentBatch, sendStaged, sendWhole } from './sendBatch.js'
import { UnknownFieldScanner } from './unknownFields.js'

/** What a save works with: the service, the options, and the model in force (saves may add columns). */
export interface SaveContext {
  readonly api: DataApiShape
  readonly options: ResolvedStorage
  readonly session: Session | undefined
  readonly model: () => TableModel
  readonly setModel: (model: TableModel) => void
  /** Runs once before the first statement is sent (after an array is checked): `init()`. */
  readonly beforeSending: Effect.Effect<void, StorageError>
}

const planOptionsFor = (ctx: SaveContext, identity: SaveIdentity): PlanUpsertOptions => {
  const { options } = ctx
  const base: PlanUpsertOptions = {
    ...options.planLimits,
    tempTablePrefix: identity.stagingPrefix,
    unknownFields: options.unknownFields === 'error' ? 'error' : 'ignore',
  }
  if (options.concurrency > 1) {
    const perCall = options.planLimits.maxStatementsPerBatch ?? MAX_STATEMENTS_PER_BATCH
    return {
      ...base,
      staging: { schema: options.stagingSchema },
      // One batch feeds every staging call at once.
      maxStatementsPerBatch: Math.min(
        MAX_STAGED_STATEMENTS_PER_BATCH,
        Math.max(perCall, options.concurrency * perCall),
      ),
    }
  }
  return { ...base, dropStagingTables: ctx.session !== undefined }
}

const isArray = (rows: unknown): rows is ReadonlyArray<unknown> => Array.isArray(rows)

/**
 * Saves rows: plans them into batches and sends the batches in order, each landing whole in
 * its own transaction. An array is checked whole first (nothing is sent when a row is bad);
 * an iterable is planned while the previous batch is in flight, one batch ahead.
 */
export const saveRows = (
  ctx: SaveContext,
  rows: RowsInput<unknown>,
  saveOptions: SaveOptions = {},
): Effect.Effect<SaveSummary, StorageError> =>
  Effect.gen(function* () {
    const tally = new SaveTally()
    const table = tableLabel(ctx.model())
    const identity = newSaveIdentity(table)
    const planOptions = planOptionsFor(ctx, identity)
    // Every call of the save is named after it, to find it in ListStatements or the console.
    const saveName = identity.statementName
    const addColumns = ctx.options.unknownFields === 'addColumn'
    // With parallel staging, the first staging table of a batch is created as soon as the batch
    // is known to come (its first row is planned), while the rest of it is planned: one round
    // trip off every batch. Not when columns may be added mid-save: a table made before the
    // ALTER would lack them.
    const precreating = ctx.options.concurrency > 1 && !addColumns
    const stagingSchema = ctx.options.stagingSchema
    const prefix = identity.stagingPrefix
    const precreated = new Map<number, PrecreatedTable>()
    const precreate = (batchIndex: number): Effect.Effect<void> =>
      Effect.gen(function* () {
        if (!precreating || precreated.has(batchIndex)) return
        const name = stagingTableName(prefix, batchIndex, 0)
        const sql = createStagingTableLike({ schema: stagingSchema, name }, ctx.model())
        const fiber = yield* Effect.forkDetach(
          ctx.api.batch([sql], {
            mode: 'TRANSACTION',
            statementName: `${saveName}:b${batchIndex}:create`,
          }),
        )
        precreated.set(batchIndex, { name, created: Fiber.join(fiber) })
      })
    /** Drops tables created ahead for batches that were not sent (the save failed first). */
    const discardPrecreated = Effect.gen(function* () {
      for (const table of precreated.values()) {
        const created = yield* Effect.result(table.created)
        if (created._tag === 'Success') tally.countCalls([created.success])
        const dropped = yield* Effect.result(
          ctx.api.execute(dropTables([{ schema: stagingSchema, name: table.name }]), {
            statementName: `${saveName}:discard`,
          }),
        )
        if (dropped._tag === 'Success') tally.countCalls([dropped.success])
        tally.statements += 2
      }
      precreated.clear()
    })

    let producer: StepProducer
    if (isArray(rows)) {
      // Every row of an array is checked before anything is sent, DDL included.
      const planned = yield* planArray(rows, ctx.model(), planOptions, {
        addColumns,
        maxErrors: ctx.options.maxValidationErrors,
        table,
      })
      yield* ctx.beforeSending
      producer = new StepProducer(
        rowCursor(
          rows.length === planned.keptEnd ? [] : rows.slice(planned.keptEnd),
          planned.keptEnd,
        ),
        planOptions,
        planned.model,
        { rowIndex: planned.keptEnd, batchIndex: planned.keptBatches },
        tally,
        addColumns ? new UnknownFieldScanner(planned.model) : undefined,
        planned.steps,
        precreate,
      )
      tally.rowsReceived = planned.keptEnd
    } else {
      yield* ctx.beforeSending
      producer = new StepProducer(
        rowCursor(rows),
        planOptions,
        ctx.model(),
        { rowIndex: 0, batchIndex: 0 },
        tally,
        addColumns ? new UnknownFieldScanner(ctx.model()) : undefined,
        [],
        precreate,
      )
    }

    const runStep = (step: SaveStep, precreated: PrecreatedTable | undefined) =>
      Effect.gen(function* () {
        if (step._tag === 'AddColumns') {
          const evolution = yield* evolveTable(ctx.api, step.model)
          ctx.setModel(step.model)
          tally.columnsAdded.push(...step.added)
          tally.statements += evolution.statements
          tally.apiCalls += evolution.apiCalls
          return
        }
        const plan = step.plan
        const sent: SentBatch =
          ctx.options.concurrency > 1
            ? yield* sendStaged(
                ctx.api,
                plan,
                ctx.options.concurrency,
                `${saveName}:b${plan.index}`,
                precreated,
              )
            : yield* sendWhole(ctx.api, plan, ctx.session, `${saveName}:b${plan.index}`)
        tally.countCalls(sent.results)
        tally.statements += sent.statements
        tally.sqlBytes += sent.sqlBytes
        tally.batches++
        tally.rowsLanded = plan.endRow
        tally.rowsWritten += plan.rows
        tally.duplicateKeysCollapsed += plan.duplicates
        if (saveOptions.onProgress !== undefined) saveOptions.onProgress(tally.progress())
      })

    const pipeline = Effect.gen(function* () {
      // Plan the next step while the current one is sent: one step ahead, no more.
      let ahead = yield* Effect.forkChild(producer.next)
      for (;;) {
        const step = yield* Fiber.join(ahead)
        if (step === undefined) return
        ahead = yield* Effect.forkChild(producer.next)
        let early: PrecreatedTable | undefined
        if (step._tag === 'Batch') {
          // Batches planned before sending began (an array's) are known: prepare the next one.
          if (producer.hasQueuedBatch(step.plan.index + 1)) yield* precreate(step.plan.index + 1)
          early = precreated.get(step.plan.index)
          precreated.delete(step.plan.index)
        }
        yield* runStep(step, early)
      }
    }).pipe(Effect.ensuring(discardPrecreated))

    yield* pipeline.pipe(
      Effect.mapError(
        (cause) =>
          new SaveError({
            table,
            rowsLanded: tally.rowsLanded,
            batchesLanded: tally.batches,
            cause,
          }),
      ),
    )
    return tally.summary(identity.id)
  }).pipe(Effect.withSpan('Storage.saveData'))
