import {
  type BatchPlan,
  createUpsertPlanner,
  isSqlError,
  type PlanUpsertOptions,
  type TableModel,
  type UpsertPlanner,
} from '@redstore/sql'
import { Effect } from 'effect'
import type { RowError, SourceError } from '../StorageError.js'
import type { RowCursor } from './RowCursor.js'
import type { SaveTally } from './SaveTally.js'
import type { UnknownFieldScanner } from './unknownFields.js'

/** One thing a save does, in order: send a batch, or add columns before the batches after it. */
export type SaveStep =
  | { readonly _tag: 'Batch'; readonly plan: BatchPlan }
  | {
      readonly _tag: 'AddColumns'
      readonly model: TableModel
      readonly added: ReadonlyArray<string>
    }

/** Rows planned between two yields to the event loop, so that sends in flight progress. */
const ROWS_PER_YIELD = 128

const isRowError = (u: unknown): u is RowError =>
  isSqlError(u) ||
  (typeof u === 'object' &&
    u !== null &&
    (u as { _tag?: unknown })._tag === 'UnknownFieldTypeError')

/**
 * Turns rows pulled from a cursor into the steps of a save, one step per call, planning only
 * as steps are asked for. A bad row ends the steps: the rows before it come out as a last
 * batch, and the next call fails with the row's error, so that every row before a bad row
 * lands and none after it.
 */
export class StepProducer {
  private readonly queue: Array<SaveStep> = []
  private buffer: ReadonlyArray<unknown> = []
  private position = 0
  private failure: RowError | SourceError | undefined
  private finished = false
  private planner: UpsertPlanner
  /** A batch that got its first row since the hook last ran. */
  private started: number | undefined

  constructor(
    private readonly cursor: RowCursor,
    private readonly planOptions: PlanUpsertOptions,
    model: TableModel,
    start: { readonly rowIndex: number; readonly batchIndex: number },
    private readonly tally: SaveTally,
    private readonly scanner: UnknownFieldScanner | undefined,
    steps: ReadonlyArray<SaveStep> = [],
    /** Runs when a batch gets its first row: it will be sent, whatever comes after. */
    private readonly onBatchStarted?: ((batchIndex: number) => Effect.Effect<void>) | undefined,
  ) {
    this.queue.push(...steps)
    this.planner = createUpsertPlanner(model, {
      ...planOptions,
      firstRowIndex: start.rowIndex,
      firstBatchIndex: start.batchIndex,
    })
  }

  /** True when a batch of this index is planned and waiting to be taken. */
  hasQueuedBatch(index: number): boolean {
    return this.queue.some((step) => step._tag === 'Batch' && step.plan.index === index)
  }

  /** The next step, or undefined when every row was planned and sent out as steps. */
  readonly next: Effect.Effect<SaveStep | undefined, RowError | SourceError> = Effect.suspend(() =>
    this.step(),
  )

  private step(): Effect.Effect<SaveStep | undefined, RowError | SourceError> {
    const self = this
    return Effect.gen(function* () {
      let sinceYield = 0
      for (;;) {
        const queued = self.queue.shift()
        if (queued !== undefined) return queued
        if (self.failure !== undefined) return yield* Effect.fail(self.failure)
        if (self.finished) return undefined
        if (self.position >= self.buffer.length) {
          const pulled = yield* Effect.result(self.cursor.pull)
          if (pulled._tag === 'Failure') {
            self.stop(pulled.failure)
            continue
          }
          if (pulled.success.length === 0) {
            self.finished = true
            self.flush()
            continue
          }
          self.buffer = pulled.success
          self.position = 0
        }
        const row = self.buffer[self.position++]
        self.tally.rowsReceived++
        self.planRow(row)
        if (self.started !== undefined && self.onBatchStarted !== undefined) {
          const batchIndex = self.started
          self.started = undefined
          yield* self.onBatchStarted(batchIndex)
        }
        if (++sinceYield >= ROWS_PER_YIELD) {
          sinceYield = 0
          yield* Effect.yieldNow
        }
      }
    })
  }

  private planRow(row: unknown): void {
    const rowIndex = this.planner.nextRowIndex
    try {
      if (this.scanner?.scan(row, rowIndex) === true) {
        // The batches before this row are planned with the columns they knew.
        this.flush()
        const { model, added } = this.scanner.take(this.planner.model)
        this.queue.push({ _tag: 'AddColumns', model, added })
        this.planner = createUpsertPlanner(model, {
          ...this.planOptions,
          tempTablePrefix: this.planner.tempTablePrefix,
          firstRowIndex: this.planner.nextRowIndex,
          firstBatchIndex: this.planner.nextBatchIndex,
        })
      }
      const closed = this.planner.add(row)
      if (closed !== undefined) this.queue.push({ _tag: 'Batch', plan: closed })
      if (this.planner.pendingRows === 1) this.started = this.planner.nextBatchIndex
    } catch (error) {
      if (!isRowError(error)) throw error
      this.stop(error)
    }
  }

  /** Queues the rows planned so far as a batch. */
  private flush(): void {
    let last: BatchPlan | undefined
    try {
      last = this.planner.flush()
    } catch (error) {
      // A row error the planner held back: no rows are pending behind it.
      if (!isRowError(error)) throw error
      this.stop(error)
      return
    }
    if (last !== undefined) this.queue.push({ _tag: 'Batch', plan: last })
  }

  /** Ends the steps with `failure`, after a last batch of the rows before it. */
  private stop(failure: RowError | SourceError): void {
    if (this.failure !== undefined) return
    this.failure = failure
    this.flush()
  }
}
