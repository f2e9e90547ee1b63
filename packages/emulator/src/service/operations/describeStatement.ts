import type { RequestContext } from '../../protocol/contract.js'
import { waitForDone } from '../lifecycle.js'
import { epochSeconds, type ServiceState } from '../ServiceState.js'
import { isDone, type StatementPart, type StatementRecord } from '../StatementRecord.js'
import { targetMembers } from '../targets.js'

type Input = Readonly<Record<string, unknown>>

const nsPerMs = 1_000_000

function durationNs(startedAt: number | undefined, endedAt: number | undefined): number {
  if (endedAt === undefined) return -1
  return Math.max(0, Math.round((endedAt - (startedAt ?? endedAt)) * nsPerMs))
}

function partRows(part: StatementPart): number {
  return part.status === 'FINISHED' && part.result !== undefined ? part.result.rowCount : -1
}

function partSize(part: StatementPart): number {
  return part.status === 'FINISHED' ? part.resultSize : -1
}

function hasResultSet(part: StatementPart): boolean {
  return part.result?.hasResultSet === true
}

/** One batch item as SubStatements lists it. */
function subStatement(record: StatementRecord, part: StatementPart): Record<string, unknown> {
  return {
    Id: `${record.id}:${part.index}`,
    Status: part.status,
    ...(part.error !== undefined ? { Error: part.error } : {}),
    Duration: durationNs(part.startedAt, part.endedAt),
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(part.updatedAt),
    QueryString: part.sql,
    ResultRows: partRows(part),
    ResultSize: partSize(part),
    RedshiftQueryId: part.queryId ?? 0,
    HasResultSet: hasResultSet(part),
  }
}

/** DescribeStatement's answer for a statement or batch, filled as the service fills it. */
export function describeRecord(record: StatementRecord): Record<string, unknown> {
  const parts = record.parts
  const finished = record.status === 'FINISHED'
  const ran = parts.filter((p) => p.queryId !== undefined)
  const last = ran[ran.length - 1]
  const common = {
    Id: record.id,
    Status: record.status,
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(record.updatedAt),
    Duration: durationNs(record.startedAt, isDone(record.status) ? record.endedAt : undefined),
    ...(record.error !== undefined ? { Error: record.error } : {}),
    RedshiftPid: record.pid ?? 0,
    RedshiftQueryId: last?.queryId ?? 0,
    HasResultSet: parts.some(hasResultSet),
    ...(record.parameters !== undefined && record.parameters.length > 0
      ? { QueryParameters: record.parameters.map((p) => ({ name: p.name, value: p.value })) }
      : {}),
    ...targetMembers(record.target),
    ResultFormat: record.resultFormat,
    ...(record.sessionId !== undefined ? { SessionId: record.sessionId } : {}),
  }
  if (!record.isBatch) {
    const part = parts[0]
    return {
      ...common,
      QueryString: part?.sql ?? '',
      ResultRows: part !== undefined && finished ? partRows(part) : -1,
      ResultSize: part !== undefined && finished ? partSize(part) : -1,
    }
  }
  return {
    ...common,
    ResultRows: finished ? parts.reduce((sum, p) => sum + Math.max(0, partRows(p)), 0) : -1,
    ResultSize: finished ? parts.reduce((sum, p) => sum + Math.max(0, partSize(p)), 0) : -1,
    ExecutionMode: record.executionMode ?? 'TRANSACTION',
    SubStatements: parts.map((p) => subStatement(record, p)),
  }
}

/** DescribeStatement: the statement by Id (a sub-statement Id describes its batch). */
export async function describeStatement(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const { record, subIndex } = state.store.resolveFor(String(input.Id), context.iamIdentity)
  await waitForDone(record, input.WaitTimeSeconds, context.signal)
  const part = subIndex === undefined ? undefined : record.parts[subIndex - 1]
  if (part === undefined) return describeRecord(record)
  return {
    ...subStatement(record, part),
    RedshiftPid: record.pid ?? 0,
    ...targetMembers(record.target),
    ResultFormat: record.resultFormat,
    ...(record.sessionId !== undefined ? { SessionId: record.sessionId } : {}),
  }
}

/** A statement as ListStatements lists it. */
export function statementData(record: StatementRecord): Record<string, unknown> {
  return {
    Id: record.id,
    ...(record.isBatch
      ? { QueryStrings: record.parts.map((p) => p.sql) }
      : { QueryString: record.parts[0]?.sql ?? '' }),
    ...(record.target.secretArn !== undefined ? { SecretArn: record.target.secretArn } : {}),
    Status: record.status,
    ...(record.statementName !== undefined ? { StatementName: record.statementName } : {}),
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(record.updatedAt),
    ...(record.parameters !== undefined && record.parameters.length > 0
      ? { QueryParameters: record.parameters.map((p) => ({ name: p.name, value: p.value })) }
      : {}),
    IsBatchStatement: record.isBatch,
    ResultFormat: record.resultFormat,
    ...(record.sessionId !== undefined ? { SessionId: record.sessionId } : {}),
  }
}
