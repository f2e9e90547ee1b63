import type { SqlParameter } from '../../engine/Engine.js'
import type { RequestContext } from '../../protocol/contract.js'
import { runStatement, waitForDone } from '../lifecycle.js'
import { epochSeconds, type ServiceState } from '../ServiceState.js'
import type { ExecutionMode, ResultFormat, StatementRecord } from '../StatementRecord.js'
import { activeStatementsExceeded, validation } from '../serviceErrors.js'
import type { DataApiSession } from '../sessions.js'
import { type ConnectionInput, resolveTarget, type Target, targetMembers } from '../targets.js'

type Input = Readonly<Record<string, unknown>>

function sqlTooLarge(maxBytes: number): string {
  const kb = maxBytes / 1024
  return `Cannot process query string larger than ${Number.isInteger(kb) ? kb : kb.toFixed(1)}kB`
}

/** Rejects any SQL text over the configured byte limit (UTF-8, as the service counts). */
export function checkSqlSizes(sqls: ReadonlyArray<string>, maxBytes: number): void {
  for (const sql of sqls) {
    if (Buffer.byteLength(sql, 'utf8') > maxBytes) throw validation(sqlTooLarge(maxBytes))
  }
}

function readParameters(value: unknown): ReadonlyArray<SqlParameter> | undefined {
  if (!Array.isArray(value)) return undefined
  return value.map((p: { name?: unknown; value?: unknown }) => ({
    name: String(p.name),
    value: String(p.value),
  }))
}

/** The session a request names, checked against any connection members it also gives. */
function sessionOf(state: ServiceState, input: Input, context: RequestContext): DataApiSession {
  const session = state.sessions.get(String(input.SessionId))
  if (session.owner !== context.iamIdentity) {
    throw validation(`Session ${session.id} does not exist. Open one with SessionKeepAliveSeconds.`)
  }
  const t = session.target
  const given = input as ConnectionInput
  const mismatch =
    (given.ClusterIdentifier !== undefined &&
      (t.kind !== 'cluster' || given.ClusterIdentifier !== t.name)) ||
    (given.WorkgroupName !== undefined &&
      (t.kind !== 'workgroup' || given.WorkgroupName !== t.name)) ||
    (given.Database !== undefined && given.Database !== t.database) ||
    (given.SecretArn !== undefined && given.SecretArn !== t.secretArn) ||
    (given.DbUser !== undefined && given.DbUser !== t.dbUser)
  if (mismatch) {
    throw validation(
      `Session ${session.id} is connected to ${t.kind === 'cluster' ? 'cluster' : 'workgroup'} ${t.name}, database ${t.database}: omit the connection members or give the session's own.`,
    )
  }
  return session
}

function targetKey(target: Target): string {
  return JSON.stringify([target.kind, target.name, target.database, target.user, target.secretArn])
}

/** The response of ExecuteStatement/BatchExecuteStatement for an accepted statement. */
function submitResponse(record: StatementRecord, waited: boolean): Record<string, unknown> {
  return {
    Id: record.id,
    CreatedAt: epochSeconds(record.createdAt),
    ...targetMembers(record.target),
    ...(record.sessionId !== undefined ? { SessionId: record.sessionId } : {}),
    ...(waited ? { Status: record.status } : {}),
    ...(waited && record.pid !== undefined ? { RedshiftPid: record.pid } : {}),
    ...(waited && record.status === 'FINISHED'
      ? { HasResultSet: record.parts.some((p) => p.result?.hasResultSet === true) }
      : {}),
  }
}

/**
 * Accepts one statement (ExecuteStatement) or batch (BatchExecuteStatement), starts it in the
 * background and answers at once, or after waiting up to WaitTimeSeconds for it to be done.
 */
export async function submitStatement(
  state: ServiceState,
  operation: 'ExecuteStatement' | 'BatchExecuteStatement',
  sqls: ReadonlyArray<string>,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const { config, store, sessions } = state
  checkSqlSizes(sqls, config.limits.maxSqlBytes)
  const keepAlive =
    typeof input.SessionKeepAliveSeconds === 'number' ? input.SessionKeepAliveSeconds : undefined
  let session: DataApiSession | undefined
  let target: Target
  if (typeof input.SessionId === 'string') {
    session = sessionOf(state, input, context)
    target = session.target
  } else {
    target = resolveTarget(config, input, context.iamIdentity)
  }
  const token = typeof input.ClientToken === 'string' ? input.ClientToken : undefined
  const tokenKey =
    token === undefined
      ? undefined
      : JSON.stringify([
          operation,
          context.iamIdentity,
          input.SessionId ?? targetKey(target),
          token,
        ])
  const earlier = tokenKey === undefined ? undefined : store.findByToken(tokenKey)
  if (earlier !== undefined) {
    await waitForDone(earlier, input.WaitTimeSeconds, context.signal)
    return submitResponse(earlier, input.WaitTimeSeconds !== undefined)
  }
  if (session !== undefined) sessions.assertAvailable(session)
  if (store.activeCount() >= config.limits.maxActiveStatements) {
    throw activeStatementsExceeded(config.limits.maxActiveStatements)
  }
  if (session !== undefined) {
    const renewed = keepAlive ?? config.defaultSessionKeepAliveSeconds
    if (renewed !== undefined && renewed > 0) session.keepAliveSeconds = renewed
  }
  if (session === undefined && keepAlive !== undefined && keepAlive > 0) {
    session = sessions.open(target, context.iamIdentity, context.accessKeyId, keepAlive)
  }
  const parameters = readParameters(input.Parameters)
  const record = store.create(
    {
      isBatch: operation === 'BatchExecuteStatement',
      target,
      owner: context.iamIdentity,
      accessKeyId: context.accessKeyId,
      sqls,
      resultFormat: input.ResultFormat === 'CSV' ? 'CSV' : ('JSON' satisfies ResultFormat),
      ...(parameters !== undefined ? { parameters } : {}),
      ...(typeof input.StatementName === 'string' ? { statementName: input.StatementName } : {}),
      ...(operation === 'BatchExecuteStatement'
        ? {
            executionMode:
              input.ExecutionMode === 'AUTO_COMMIT'
                ? 'AUTO_COMMIT'
                : ('TRANSACTION' satisfies ExecutionMode),
          }
        : {}),
      ...(session !== undefined ? { sessionId: session.id } : {}),
    },
    tokenKey,
  )
  if (session !== undefined) {
    const busy = session
    sessions.acquire(busy, record.id)
    record.whenSettled(() => sessions.release(busy, record.id))
  }
  const fault = state.faults.nextStatementFault(operation)
  const run = runStatement(record, session, fault, state)
  state.running.add(run)
  void run.finally(() => state.running.delete(run))
  await waitForDone(record, input.WaitTimeSeconds, context.signal)
  return submitResponse(record, input.WaitTimeSeconds !== undefined)
}
