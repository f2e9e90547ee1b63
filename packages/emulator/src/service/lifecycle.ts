import {
  type Engine,
  type EngineSession,
  RedshiftSqlError,
  type RunOptions,
} from '../engine/Engine.js'
import { resultSize } from './results.js'
import type { ServiceConfig } from './ServiceConfig.js'
import type { StatementPart, StatementRecord } from './StatementRecord.js'
import type { DataApiSession, SessionRegistry } from './sessions.js'
import { unknownDatabaseError } from './targets.js'

/** What a statement needs to run in the background. */
export interface LifecycleContext {
  readonly config: ServiceConfig
  readonly engine: Engine
  readonly sessions: SessionRegistry
  readonly now: () => number
  /** The next RedshiftQueryId. */
  readonly nextQueryId: () => number
}

/** Waits up to `seconds` for the statement to be done; returns early when `signal` aborts. */
export function waitForDone(
  record: StatementRecord,
  seconds: unknown,
  signal?: AbortSignal,
): Promise<void> {
  if (typeof seconds !== 'number' || seconds <= 0 || record.isDone) return Promise.resolve()
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', finish)
      resolve()
    }
    const timer = setTimeout(finish, seconds * 1000)
    signal?.addEventListener('abort', finish, { once: true })
    void record.done.then(finish)
  })
}

/** Resolves after `ms`, or false at once when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  if (ms <= 0) return new Promise((resolve) => setImmediate(() => resolve(!signal.aborted)))
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** The text DescribeStatement shows in `Error` for a failure of the database. */
export function errorText(error: unknown): string {
  if (RedshiftSqlError.is(error)) return error.message
  const message = error instanceof Error ? error.message : String(error)
  return /^(ERROR|FATAL|PANIC):/.test(message) ? message : `ERROR: ${message}`
}

/** Redshift's serializable isolation error, as a conflicting transaction gets it. */
export function serializableViolation(queryId: number, pid: number): string {
  return `ERROR: 1023 DETAIL: Serializable isolation violation on table - 100000, transactions forming the cycle are: ${queryId}, ${queryId + 1} (pid:${pid})`
}

/**
 * Runs a statement or batch through SUBMITTED -> PICKED -> STARTED -> FINISHED | FAILED | ABORTED.
 * Never rejects: every failure ends in the record.
 */
export async function runStatement(
  record: StatementRecord,
  session: DataApiSession | undefined,
  fault: 'serializable' | undefined,
  ctx: LifecycleContext,
): Promise<void> {
  const signal = record.abort.signal
  let own: EngineSession | undefined
  try {
    if (!(await pause(0, signal))) return abortRecord(record, ctx)
    record.advance('PICKED', ctx.now())
    if (!ctx.config.databases.includes(record.target.database)) {
      // A session on a database that does not exist cannot be used again.
      if (session !== undefined) await ctx.sessions.closeSession(session)
      return failAt(record, 0, unknownDatabaseError(record.target.database), ctx)
    }
    let engineSession: EngineSession
    try {
      if (session !== undefined) {
        engineSession = await ctx.sessions.engineSessionOf(session)
      } else {
        own = await ctx.engine.openSession({
          database: record.target.database,
          user: record.target.user,
        })
        engineSession = own
      }
    } catch (error) {
      if (session !== undefined) await ctx.sessions.closeSession(session)
      return failAt(record, 0, errorText(error), ctx)
    }
    if (signal.aborted) return abortRecord(record, ctx)
    record.pid = engineSession.pid
    record.advance('STARTED', ctx.now())
    // Every statement costs statementMs; it is paid before the engine work so that a
    // simulated slow statement does not hold the engine (PGlite runs one query at a time).
    const latency = ctx.config.statementMs * (fault === 'serializable' ? 1 : record.parts.length)
    if (!(await pause(latency, signal))) return abortRecord(record, ctx)
    if (fault === 'serializable') {
      const first = record.parts[0]
      if (first !== undefined) first.queryId = ctx.nextQueryId()
      return failAt(record, 0, serializableViolation(first?.queryId ?? 0, engineSession.pid), ctx)
    }
    const transaction = record.isBatch && record.executionMode !== 'AUTO_COMMIT'
    await runParts(record, engineSession, transaction, ctx)
  } catch (error) {
    failAt(record, 0, errorText(error), ctx)
  } finally {
    if (own !== undefined) await own.close().catch(() => undefined)
  }
}

async function runParts(
  record: StatementRecord,
  engineSession: EngineSession,
  transaction: boolean,
  ctx: LifecycleContext,
): Promise<void> {
  const signal = record.abort.signal
  if (transaction) await engineSession.begin()
  for (const part of record.parts) {
    const ok = await runPart(record, part, engineSession, transaction, ctx)
    if (!ok) {
      if (transaction) await engineSession.rollback().catch(() => undefined)
      if (signal.aborted) return abortRecord(record, ctx)
      return record.settle('FAILED', ctx.now(), part.error)
    }
  }
  if (transaction) {
    try {
      await engineSession.commit()
    } catch (error) {
      await engineSession.rollback().catch(() => undefined)
      return record.settle('FAILED', ctx.now(), errorText(error))
    }
  }
  record.settle('FINISHED', ctx.now())
}

/**
 * Runs one statement (a batch's sub-statement or a single statement). A statement that
 * completed outside a transaction stays applied, so a cancel that arrives after it is too
 * late and the statement is FINISHED.
 */
async function runPart(
  record: StatementRecord,
  part: StatementPart,
  engineSession: EngineSession,
  transaction: boolean,
  ctx: LifecycleContext,
): Promise<boolean> {
  const signal = record.abort.signal
  const startedAt = ctx.now()
  part.status = 'STARTED'
  part.startedAt = startedAt
  part.updatedAt = startedAt
  part.queryId = ctx.nextQueryId()
  if (signal.aborted) {
    endPart(part, 'ABORTED', ctx.now())
    return false
  }
  const options: RunOptions = {
    signal,
    queryId: part.queryId,
    ...(record.parameters !== undefined ? { parameters: record.parameters } : {}),
  }
  try {
    const result = await engineSession.run(part.sql, options)
    part.result = result
    part.resultSize = result.hasResultSet ? resultSize(result) : 0
    const undone = signal.aborted && transaction
    endPart(part, undone ? 'ABORTED' : 'FINISHED', ctx.now())
    return !undone
  } catch (error) {
    if (signal.aborted) {
      endPart(part, 'ABORTED', ctx.now())
    } else {
      endPart(part, 'FAILED', ctx.now(), errorText(error))
    }
    return false
  }
}

function endPart(
  part: StatementPart,
  status: 'FINISHED' | 'FAILED' | 'ABORTED',
  at: number,
  error?: string,
): void {
  part.status = status
  part.updatedAt = at
  part.endedAt = at
  if (error !== undefined) part.error = error
}

/** Ends the record FAILED with `error` on its part at `index`; later parts stay unrun. */
function failAt(
  record: StatementRecord,
  index: number,
  error: string,
  ctx: LifecycleContext,
): void {
  const part = record.parts[index]
  const now = ctx.now()
  if (part !== undefined && part.status !== 'FAILED') {
    part.startedAt ??= now
    endPart(part, 'FAILED', now, error)
  }
  record.settle('FAILED', now, error)
}

/** Ends the record ABORTED; a running part is ABORTED with it. */
export function abortRecord(record: StatementRecord, ctx: LifecycleContext): void {
  const now = ctx.now()
  for (const part of record.parts) {
    if (part.status === 'STARTED') endPart(part, 'ABORTED', now)
  }
  record.settle('ABORTED', now)
}
