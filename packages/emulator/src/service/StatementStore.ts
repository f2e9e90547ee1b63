import { randomUUID } from 'node:crypto'
import { type StatementInit, StatementRecord } from './StatementRecord.js'
import { activeStatementsExceeded, statementNotFound, validation } from './serviceErrors.js'

/** ClientTokens are honoured this long, as the service keeps them. */
export const clientTokenLifetimeMs = 8 * 60 * 60 * 1000
/** Statements and their results are kept this long. */
export const statementLifetimeMs = 24 * 60 * 60 * 1000

const subStatementId = /^(.+):(\d+)$/

/** Where an Id points: a statement, or one sub-statement of a batch. */
export interface StatementRef {
  readonly record: StatementRecord
  /** The 1-based sub-statement index when the Id had a `:<n>` suffix. */
  readonly subIndex?: number
}

/**
 * Every statement the service accepted, by Id, with its ClientToken index and the count of
 * those still active.
 */
export class StatementStore {
  private readonly records = new Map<string, StatementRecord>()
  private readonly tokens = new Map<string, { readonly id: string; readonly at: number }>()
  private readonly active = new Set<string>()
  private nextSeq = 1

  constructor(
    private readonly maxActive: number,
    private readonly now: () => number,
  ) {}

  /** The statement an earlier request with the same ClientToken key created, while kept. */
  findByToken(key: string): StatementRecord | undefined {
    const entry = this.tokens.get(key)
    if (entry === undefined) return undefined
    if (this.now() - entry.at > clientTokenLifetimeMs) {
      this.tokens.delete(key)
      return undefined
    }
    return this.records.get(entry.id)
  }

  /** Accepts a new statement, refusing it when the active-statement quota is used up. */
  create(
    init: Omit<StatementInit, 'id' | 'seq' | 'createdAt'>,
    tokenKey?: string,
  ): StatementRecord {
    this.prune()
    if (this.activeCount() >= this.maxActive) throw activeStatementsExceeded(this.maxActive)
    const createdAt = this.now()
    const record = new StatementRecord({
      ...init,
      id: randomUUID(),
      seq: this.nextSeq++,
      createdAt,
    })
    this.records.set(record.id, record)
    this.active.add(record.id)
    if (tokenKey !== undefined) this.tokens.set(tokenKey, { id: record.id, at: createdAt })
    return record
  }

  /** Statements SUBMITTED, PICKED or STARTED. */
  activeCount(): number {
    for (const id of this.active) {
      if (this.records.get(id)?.isDone !== false) this.active.delete(id)
    }
    return this.active.size
  }

  /**
   * Resolves an Id (`<uuid>` or `<uuid>:<n>`) of a statement `caller` submitted; unknown ids and
   * statements of other callers are ResourceNotFoundException.
   */
  resolveFor(id: string, caller: string): StatementRef {
    const ref = this.resolve(id)
    if (ref.record.owner !== caller) throw statementNotFound(id)
    return ref
  }

  /** Resolves an Id (`<uuid>` or `<uuid>:<n>`); unknown ids are ResourceNotFoundException. */
  resolve(id: string): StatementRef {
    const direct = this.records.get(id)
    if (direct !== undefined) return { record: direct }
    const match = subStatementId.exec(id)
    if (match !== null) {
      const parent = this.records.get(match[1] ?? '')
      const index = Number(match[2])
      if (parent?.isBatch === true) {
        if (index >= 1 && index <= parent.parts.length) return { record: parent, subIndex: index }
        throw statementNotFound(id)
      }
      if (parent !== undefined) {
        throw validation(
          `Statement ${parent.id} is not a batch: use its Id without a sub-statement suffix.`,
        )
      }
    }
    throw statementNotFound(id)
  }

  /** All kept statements, newest first. */
  newestFirst(): StatementRecord[] {
    return [...this.records.values()].reverse()
  }

  all(): IterableIterator<StatementRecord> {
    return this.records.values()
  }

  /** Drops finished statements (and tokens) older than the service keeps them. */
  private prune(): void {
    const now = this.now()
    for (const [id, record] of this.records) {
      if (now - record.createdAt <= statementLifetimeMs) break
      if (record.isDone) this.records.delete(id)
    }
    for (const [key, entry] of this.tokens) {
      if (now - entry.at <= clientTokenLifetimeMs) break
      this.tokens.delete(key)
    }
  }
}
