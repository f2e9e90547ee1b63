import { randomUUID } from 'node:crypto'
import type { Engine, EngineSession } from '../engine/Engine.js'
import { activeSessionsExceeded, validation } from './serviceErrors.js'
import type { Target } from './targets.js'

export type SessionStatus = 'AVAILABLE' | 'BUSY' | 'CLOSED'

/** A Data API session: one engine session kept open between statements for its keep-alive time. */
export class DataApiSession {
  readonly id = randomUUID()
  status: SessionStatus = 'AVAILABLE'
  updatedAt: number
  /** When the session closes if no statement uses it before. */
  expiresAt: number
  currentStatementId: string | undefined
  /** Opened by the first statement that runs in the session. */
  engineSession: Promise<EngineSession> | undefined
  timer: NodeJS.Timeout | undefined

  constructor(
    readonly seq: number,
    readonly target: Target,
    readonly owner: string,
    /** The access key that opened it: its IAM session, for RoleLevel false. */
    readonly accessKeyId: string | undefined,
    public keepAliveSeconds: number,
    readonly createdAt: number,
  ) {
    this.updatedAt = createdAt
    this.expiresAt = createdAt + keepAliveSeconds * 1000
  }
}

/** The open and closed sessions of the service, with their expiry. */
export class SessionRegistry {
  private readonly sessions = new Map<string, DataApiSession>()
  private nextSeq = 1

  constructor(
    private readonly engine: Engine,
    private readonly maxActive: number,
    private readonly now: () => number,
  ) {}

  /** Opens a session for `target`, refusing it when the active-session quota is used up. */
  open(
    target: Target,
    owner: string,
    accessKeyId: string | undefined,
    keepAliveSeconds: number,
  ): DataApiSession {
    this.expireDue()
    if (this.activeCount() >= this.maxActive) throw activeSessionsExceeded(this.maxActive)
    const session = new DataApiSession(
      this.nextSeq++,
      target,
      owner,
      accessKeyId,
      keepAliveSeconds,
      this.now(),
    )
    this.sessions.set(session.id, session)
    return session
  }

  activeCount(): number {
    let count = 0
    for (const session of this.sessions.values()) if (session.status !== 'CLOSED') count++
    return count
  }

  /** The open session with this id; a closed, expired or unknown one is a ValidationException. */
  get(id: string): DataApiSession {
    this.expireDue()
    const session = this.sessions.get(id)
    if (session === undefined) {
      throw validation(`Session ${id} does not exist. Open one with SessionKeepAliveSeconds.`)
    }
    if (session.status === 'CLOSED') {
      throw validation(
        `Session ${id} is closed: it expired after ${session.keepAliveSeconds} seconds idle. Open a new one with SessionKeepAliveSeconds.`,
      )
    }
    return session
  }

  /** Marks the session BUSY with a statement; one statement at a time per session. */
  acquire(session: DataApiSession, statementId: string): void {
    this.assertAvailable(session)
    session.status = 'BUSY'
    session.currentStatementId = statementId
    session.updatedAt = this.now()
    if (session.timer !== undefined) clearTimeout(session.timer)
    session.timer = undefined
  }

  /** Refuses a second statement while one runs in the session. */
  assertAvailable(session: DataApiSession): void {
    if (session.status === 'BUSY') {
      throw validation(
        `Session ${session.id} is busy running statement ${session.currentStatementId}. A session runs one statement at a time: wait for it to finish.`,
      )
    }
  }

  /** The session's engine session, opened on first use. */
  engineSessionOf(session: DataApiSession): Promise<EngineSession> {
    session.engineSession ??= this.engine.openSession({
      database: session.target.database,
      user: session.target.user,
    })
    return session.engineSession
  }

  /** Ends the session's statement `statementId` and restarts its keep-alive clock. */
  release(session: DataApiSession, statementId: string): void {
    if (session.status !== 'BUSY' || session.currentStatementId !== statementId) return
    const now = this.now()
    session.status = 'AVAILABLE'
    session.currentStatementId = undefined
    session.updatedAt = now
    session.expiresAt = now + session.keepAliveSeconds * 1000
    session.timer = setTimeout(() => this.expireDue(), session.keepAliveSeconds * 1000 + 5)
    session.timer.unref()
  }

  /** Closes the session and its engine session. */
  async closeSession(session: DataApiSession): Promise<void> {
    if (session.status === 'CLOSED') return
    session.status = 'CLOSED'
    session.currentStatementId = undefined
    session.updatedAt = this.now()
    if (session.timer !== undefined) clearTimeout(session.timer)
    session.timer = undefined
    const engineSession = session.engineSession
    session.engineSession = undefined
    if (engineSession !== undefined) {
      await engineSession.then(
        (s) => s.close(),
        () => undefined,
      )
    }
  }

  /** Closes every idle session whose keep-alive time has run out. */
  expireDue(): void {
    const now = this.now()
    for (const session of this.sessions.values()) {
      if (session.status === 'AVAILABLE' && now >= session.expiresAt) {
        void this.closeSession(session).catch(() => undefined)
      }
    }
  }

  /** All sessions, newest first. */
  newestFirst(): DataApiSession[] {
    this.expireDue()
    return [...this.sessions.values()].reverse()
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.closeSession(s)))
  }
}
