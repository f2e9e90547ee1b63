import type { Engine } from '../engine/Engine.js'
import type { StatementFaults } from '../protocol/contract.js'
import type { LifecycleContext } from './lifecycle.js'
import type { ServiceConfig } from './ServiceConfig.js'
import type { StatementStore } from './StatementStore.js'
import type { SessionRegistry } from './sessions.js'

/** Everything the operations share: configuration, engine, statements and sessions. */
export interface ServiceState extends LifecycleContext {
  readonly config: ServiceConfig
  readonly engine: Engine
  readonly faults: StatementFaults
  readonly store: StatementStore
  readonly sessions: SessionRegistry
  /** Statements running in the background, awaited on close. */
  readonly running: Set<Promise<void>>
}

/** Epoch seconds, as the Data API writes CreatedAt/UpdatedAt. */
export function epochSeconds(ms: number): number {
  return ms / 1000
}
