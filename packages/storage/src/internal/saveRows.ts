import type { DataApiShape, Session } from '@redstore/data-api'
import {
  MAX_STAGED_STATEMENTS_PER_BATCH,
  MAX_STATEMENTS_PER_BATCH,
  type PlanUpsertOptions,
  type TableModel,
  tableLabel,
} from '@redstore/sql'
import { Effect, Fiber } from 'effect'
import type { SaveSummary } from '../SaveSummary.js'
import { type InvalidRowsError, SaveError } from '../StorageError.js'
import type { SaveOptions } from '../StorageOptions.js'
import { evolveTable } from './initTable.js'
import { planArray } from './planArray.js'
import { type RowsInput, rowCursor } from './RowCursor.js'
import type { ResolvedStorage } from './resolveStorageOptions.js'
import { SaveTally } from './SaveTally.js'
import { type SaveStep, StepProducer } from './StepProducer.js'
import { type SentBatch, sendStaged, sendWhole } from './sendBatch.js'
import { UnknownFieldScanner } from './unknownFields.js'

/** What a save works with: the service, the options, and the model in force (saves may add columns). */
export interface SaveContext {
  readonly api: DataApiShape
  readonly options: ResolvedStorage
  readonly session: Session | undefined
  readonly model: () => TableModel
  readonly setModel: (model: TableModel) => void
}

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'

/**
 * Start of this save's staging table names: `redstore_stage_<time>_<random>`, so that tables a
 * crash leaves behind can be told apart and their age read (see `dropStaleStaging`).
 */
export const stagingPrefix = (now = Date.now()): string => {
  const bytes = new Uint8Array(8)
  globalThis.crypto.getRandomValues(bytes)
  const random = Array.from(bytes, (b) => alphabet[b % 36]).join('')
  return `redstore_stage_${now.toString(36)}_${random}`
}

const planOptionsFor = (ctx: SaveContext): PlanUpsertOptions => {
  const { options } = ctx
  const base: PlanUpsertOptions = {
    ...options.planLimits,
    tempTablePrefix: stagingPrefix(),
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
): Effect.Effect<SaveSummary, SaveError | InvalidRowsError> =>
  Effect.gen(function* () {
    const tally = new SaveTally()
    const table = tableLabel(ctx.model())
    const planOptions = planOptionsFor(ctx)
    const addColumns = ctx.options.unknownFields === 'addColumn'
    let producer: StepProducer
    if (isArray(rows)) {
      const planned = yield* planArray(rows, ctx.model(), planOptions, {
        addColumns,
        maxErrors: ctx.options.maxValidationErrors,
        table,
      })
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
      )
      tally.rowsReceived = planned.keptEnd
    } else {
      producer = new StepProducer(
        rowCursor(rows),
        planOptions,
        ctx.model(),
        { rowIndex: 0, batchIndex: 0 },
        tally,
        addColumns ? new UnknownFieldScanner(ctx.model()) : undefined,
      )
    }

    const runStep = (step: SaveStep) =>
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
            ? yield* sendStaged(ctx.api, plan, ctx.options.concurrency)
            : yield* sendWhole(ctx.api, plan, ctx.session)
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
        yield* runStep(step)
      }
    })

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
    return tally.summary()
  }).pipe(Effect.withSpan('Storage.saveData'))
