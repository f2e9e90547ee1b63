const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'

/** How one save is named wherever it leaves a trace. */
export interface SaveIdentity {
  /** `<time base 36>_<8 random>`: `SaveSummary.saveId`. */
  readonly id: string
  /** `redstore_stage_<id>`: the start of its staging tables' names (and staged objects' keys). */
  readonly stagingPrefix: string
  /** `redstore:<schema.table>:<id>`: the start of its Data API calls' StatementName. */
  readonly statementName: string
}

/**
 * A new save's names. The time in them lets a later `init()` tell staging tables a crash left
 * behind from a running save's (see `dropStaleStaging`).
 */
export const newSaveIdentity = (table: string, now = Date.now()): SaveIdentity => {
  const bytes = new Uint8Array(8)
  globalThis.crypto.getRandomValues(bytes)
  const id = `${now.toString(36)}_${Array.from(bytes, (b) => alphabet[b % 36]).join('')}`
  return { id, stagingPrefix: `redstore_stage_${id}`, statementName: `redstore:${table}:${id}` }
}
