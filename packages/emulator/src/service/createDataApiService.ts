import type { Engine } from '../engine/Engine.js'
import type { OperationHandlers, StatementFaults } from '../protocol/contract.js'
import { abortRecord } from './lifecycle.js'
import { cancelStatement } from './operations/cancelStatement.js'
import { describeTable, listDatabases, listSchemas, listTables } from './operations/catalog.js'
import { describeStatement } from './operations/describeStatement.js'
import { getStatementResult, getStatementResultV2 } from './operations/getStatementResult.js'
import { listSessions } from './operations/listSessions.js'
import { listStatements } from './operations/listStatements.js'
import { submitStatement } from './operations/submitStatement.js'
import type { ServiceConfig } from './ServiceConfig.js'
import type { ServiceState } from './ServiceState.js'
import { StatementStore } from './StatementStore.js'
import { SessionRegistry } from './sessions.js'

/** The Data API operations over one engine, and how to stop them. */
export interface DataApiService {
  readonly handlers: OperationHandlers
  /** Aborts running statements, closes every session and waits for both. */
  close(): Promise<void>
}

/**
 * Builds the 12 Data API operations: statements run in the background on `engine`, with
 * sessions, ClientToken idempotency, results and limits as the service has them.
 *
 * @example
 * const config = serviceConfigOf(resolveEmulatorOptions({}))
 * const service = createDataApiService(config, engine, noStatementFaults)
 * const { Id } = await service.handlers.ExecuteStatement(
 *   { Sql: 'select 1', WorkgroupName: 'default', Database: 'dev' },
 *   context,
 * )
 */
export function createDataApiService(
  config: ServiceConfig,
  engine: Engine,
  faults: StatementFaults,
): DataApiService {
  const now = config.now ?? Date.now
  let queryId = 100000
  const state: ServiceState = {
    config,
    engine,
    faults,
    now,
    nextQueryId: () => ++queryId,
    store: new StatementStore(config.limits.maxActiveStatements, now),
    sessions: new SessionRegistry(engine, config.limits.maxActiveSessions, now),
    running: new Set(),
  }
  const handlers: OperationHandlers = {
    ExecuteStatement: (input, context) =>
      submitStatement(state, 'ExecuteStatement', [String(input.Sql)], input, context),
    BatchExecuteStatement: (input, context) =>
      submitStatement(
        state,
        'BatchExecuteStatement',
        (Array.isArray(input.Sqls) ? input.Sqls : []).map(String),
        input,
        context,
      ),
    DescribeStatement: (input, context) => describeStatement(state, input, context),
    GetStatementResult: (input, context) => getStatementResult(state, input, context),
    GetStatementResultV2: (input, context) => getStatementResultV2(state, input, context),
    CancelStatement: (input, context) => cancelStatement(state, input, context),
    ListStatements: async (input, context) => listStatements(state, input, context),
    ListSessions: async (input, context) => listSessions(state, input, context),
    ListDatabases: (input, context) => listDatabases(state, input, context),
    ListSchemas: (input, context) => listSchemas(state, input, context),
    ListTables: (input, context) => listTables(state, input, context),
    DescribeTable: (input, context) => describeTable(state, input, context),
  }
  return {
    handlers,
    async close() {
      for (const record of state.store.all()) {
        if (!record.isDone) {
          record.abort.abort()
          abortRecord(record, state)
        }
      }
      await Promise.allSettled([...state.running])
      await state.sessions.close()
    },
  }
}
