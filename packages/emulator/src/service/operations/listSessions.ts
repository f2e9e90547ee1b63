import type { RequestContext } from '../../protocol/contract.js'
import { decodePageToken, encodePageToken, pageSize } from '../pageTokens.js'
import { epochSeconds, type ServiceState } from '../ServiceState.js'
import { validation } from '../serviceErrors.js'
import type { DataApiSession } from '../sessions.js'
import { checkComputeChoice } from '../targets.js'
import { pageBySeq } from './listStatements.js'

type Input = Readonly<Record<string, unknown>>

const defaultPage = 100

/** A session as ListSessions lists it. */
export function sessionData(session: DataApiSession): Record<string, unknown> {
  const t = session.target
  return {
    SessionId: session.id,
    Status: session.status,
    CreatedAt: epochSeconds(session.createdAt),
    UpdatedAt: epochSeconds(session.updatedAt),
    Database: t.database,
    DbUser: t.user,
    ...(t.kind === 'cluster' ? { ClusterIdentifier: t.name } : { WorkgroupName: t.name }),
    SessionAliveSeconds: session.keepAliveSeconds,
    SessionTtl: epochSeconds(session.expiresAt),
    ...(session.status === 'BUSY' && session.currentStatementId !== undefined
      ? { CurrentStatementId: session.currentStatementId }
      : {}),
  }
}

/** ListSessions: the caller's sessions (AVAILABLE and BUSY unless Status says), newest first. */
export function listSessions(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Record<string, unknown> {
  const sessionId = typeof input.SessionId === 'string' ? input.SessionId : undefined
  if (
    sessionId !== undefined &&
    (input.Status !== undefined ||
      input.ClusterIdentifier !== undefined ||
      input.WorkgroupName !== undefined ||
      input.Database !== undefined)
  ) {
    throw validation(
      "When SessionId is provided, Status, ClusterIdentifier, WorkgroupName and Database can't be specified.",
    )
  }
  const compute = checkComputeChoice(input)
  const status = typeof input.Status === 'string' ? input.Status : undefined
  const database = typeof input.Database === 'string' ? input.Database : undefined
  const matches = (session: DataApiSession): boolean =>
    session.owner === context.iamIdentity &&
    (input.RoleLevel !== false || session.accessKeyId === context.accessKeyId) &&
    (sessionId !== undefined
      ? session.id === sessionId
      : status !== undefined
        ? session.status === status
        : session.status !== 'CLOSED') &&
    (compute === undefined ||
      (session.target.kind === compute.kind && session.target.name === compute.name)) &&
    (database === undefined || session.target.database === database)
  const scope = `sessions:${context.iamIdentity}`
  const after = decodePageToken(input.NextToken, scope)
  const { page, next } = pageBySeq(
    state.sessions.newestFirst().filter(matches),
    after,
    Math.min(pageSize(input.MaxResults, defaultPage), defaultPage),
  )
  return {
    Sessions: page.map(sessionData),
    ...(next !== undefined ? { NextToken: encodePageToken(scope, next) } : {}),
  }
}
