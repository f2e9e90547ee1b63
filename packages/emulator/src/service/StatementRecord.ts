import type { SqlParameter, StatementResult } from '../engine/Engine.js'
import type { Target } from './targets.js'

export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'ABORTED' | 'FAILED'
export type ResultFormat = 'JSON' | 'CSV'
export type ExecutionMode = 'TRANSACTION' | 'AUTO_COMMIT'

const doneStatuses: ReadonlySet<StatementStatus> = new Set(['FINISHED', 'ABORTED', 'FAILED'])

/** True once a statement can change no more. */
export function isDone(status: StatementStatus): boolean {
  return doneStatuses.has(status)
}

/** One SQL text of a statement: the only one of ExecuteStatement, one of a batch's Sqls. */
export interface StatementPart {
  /** 1-based position in the batch (1 for ExecuteStatement). */
  readonly index: number
  readonly sql: string
  status: StatementStatus
  updatedAt: number
  startedAt?: number
  endedAt?: number
  error?: string
  result?: StatementResult
  /** Bytes of the result as the service counts them (text of every cell). */
  resultSize: number
  queryId?: number
}

export interface StatementInit {
  readonly id: string
  readonly seq: number
  readonly isBatch: boolean
  readonly target: Target
  /** The IAM identity of the caller that submitted it (ListStatements shows callers their own). */
  readonly owner: string
  /** The access key that signed the submission: its IAM session, for RoleLevel false. */
  readonly accessKeyId: string | undefined
  readonly sqls: ReadonlyArray<string>
  readonly parameters?: ReadonlyArray<SqlParameter>
  readonly statementName?: string
  readonly resultFormat: ResultFormat
  readonly executionMode?: ExecutionMode
  readonly sessionId?: string
  readonly createdAt: number
}

/** A statement or batch the service accepted, with its lifecycle state and results. */
export class StatementRecord {
  readonly id: string
  readonly seq: number
  readonly isBatch: boolean
  readonly target: Target
  readonly owner: string
  readonly accessKeyId: string | undefined
  readonly parts: ReadonlyArray<StatementPart>
  readonly parameters: ReadonlyArray<SqlParameter> | undefined
  readonly statementName: string | undefined
  readonly resultFormat: ResultFormat
  readonly executionMode: ExecutionMode | undefined
  readonly sessionId: string | undefined
  readonly createdAt: number
  /** Aborted by CancelStatement or when the service closes. */
  readonly abort = new AbortController()
  /** Resolves once the statement is FINISHED, FAILED or ABORTED. */
  readonly done: Promise<void>
  status: StatementStatus = 'SUBMITTED'
  updatedAt: number
  startedAt?: number
  endedAt?: number
  error?: string
  pid?: number
  private resolveDone!: () => void
  private readonly onSettle: Array<() => void> = []

  constructor(init: StatementInit) {
    this.id = init.id
    this.seq = init.seq
    this.isBatch = init.isBatch
    this.target = init.target
    this.owner = init.owner
    this.accessKeyId = init.accessKeyId
    this.parameters = init.parameters
    this.statementName = init.statementName
    this.resultFormat = init.resultFormat
    this.executionMode = init.executionMode
    this.sessionId = init.sessionId
    this.createdAt = init.createdAt
    this.updatedAt = init.createdAt
    this.parts = init.sqls.map((sql, i) => ({
      index: i + 1,
      sql,
      status: 'SUBMITTED',
      updatedAt: init.createdAt,
      resultSize: 0,
    }))
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve
    })
  }

  get isDone(): boolean {
    return isDone(this.status)
  }

  /** Moves the statement (not yet done) to a running status. */
  advance(status: 'PICKED' | 'STARTED', at: number): void {
    if (this.isDone) return
    this.status = status
    this.updatedAt = at
    if (status === 'STARTED') this.startedAt = at
  }

  /**
   * Runs `action` as the statement ends, before anyone waiting on `done` resumes: a session is
   * free again by the time its caller sees the statement finished.
   */
  whenSettled(action: () => void): void {
    this.onSettle.push(action)
  }

  /** Ends the statement; later calls change nothing. */
  settle(status: 'FINISHED' | 'FAILED' | 'ABORTED', at: number, error?: string): void {
    if (this.isDone) return
    this.status = status
    this.updatedAt = at
    this.endedAt = at
    if (error !== undefined) this.error = error
    for (const action of this.onSettle.splice(0)) action()
    this.resolveDone()
  }
}
