import type { SqlConnection } from './SqlConnection.js'

/** Exclusive use of a connection, held until `release()`. */
export interface Lease {
  readonly connection: SqlConnection
  release(): void
}

/** What a session needs from its backend: a connection to use alone, cancellation, domains. */
export interface SessionChannel {
  readonly pid: number
  /** Schema emulating this session's temp tables (PGlite); undefined when they are native. */
  readonly tempSchema: string | undefined
  /**
   * Waits for exclusive use of the connection, with this session's context applied; rejects
   * with a cancel error when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<Lease>
  /** Interrupts the statement running now, if the backend can. */
  cancel(): Promise<void>
  /** Creates missing private domains; `lease` is the session's own connection. */
  ensureDomains(lease: Lease, domains: ReadonlyArray<string>): Promise<void>
  /** Remembers a plain SET (sql) or RESET (undefined) so it survives a PGlite session switch. */
  recordSetting(name: string, sql: string | undefined): void
  /** RESET ALL for this session, keeping what the engine sets (user, search_path, isolation). */
  resetSettings(lease: Lease): Promise<void>
  /** Frees the backend side: drops emulated temp tables, closes the connection. */
  dispose(): Promise<void>
}
