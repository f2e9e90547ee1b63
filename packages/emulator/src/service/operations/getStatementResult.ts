import type { StatementResult } from '../../engine/Engine.js'
import type { RequestContext } from '../../protocol/contract.js'
import { waitForDone } from '../lifecycle.js'
import { decodePageToken, encodePageToken } from '../pageTokens.js'
import { pageEnd, toColumnMetadata, toCsv, toField } from '../results.js'
import type { ServiceState } from '../ServiceState.js'
import type { ResultFormat } from '../StatementRecord.js'
import { resourceNotFound, validation } from '../serviceErrors.js'

type Input = Readonly<Record<string, unknown>>

/** The finished result an Id points at, after the checks the service makes. */
async function resultOf(
  state: ServiceState,
  input: Input,
  format: ResultFormat,
  context: RequestContext,
): Promise<{ readonly id: string; readonly result: StatementResult }> {
  const id = String(input.Id)
  const { record, subIndex } = state.store.resolveFor(id, context.iamIdentity)
  if (record.isBatch && subIndex === undefined) {
    throw validation('BatchExecuteStatement result can only be retrieved with sub-statement id.')
  }
  await waitForDone(record, input.WaitTimeSeconds, context.signal)
  if (record.resultFormat !== format) {
    throw validation(
      format === 'CSV'
        ? `Statement ${id} was run with ResultFormat JSON: fetch its result with GetStatementResult.`
        : `Statement ${id} was run with ResultFormat CSV: fetch its result with GetStatementResultV2.`,
    )
  }
  const part = record.parts[(subIndex ?? 1) - 1]
  if (part === undefined || part.status !== 'FINISHED' || part.result === undefined) {
    const status = part?.status ?? record.status
    if (status === 'FAILED' || status === 'ABORTED') {
      throw validation(
        `Query ${id} is ${status}: it has no result. Its Error is in DescribeStatement.`,
      )
    }
    throw resourceNotFound(
      `Query does not have result yet (status ${status}). Please check query status with DescribeStatement.`,
      id,
    )
  }
  if (!part.result.hasResultSet) {
    throw resourceNotFound(
      'Query does not have result. Please check query status with DescribeStatement.',
      id,
    )
  }
  return { id, result: part.result }
}

/** GetStatementResult: one page of JSON records of a finished statement. */
export async function getStatementResult(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const { id, result } = await resultOf(state, input, 'JSON', context)
  const scope = `result:${id}`
  const offset = decodePageToken(input.NextToken, scope)
  const end = pageEnd(result.rows, offset, state.config.limits.resultPageRows)
  return {
    Records: result.rows.slice(offset, end).map((row) => row.map(toField)),
    ColumnMetadata: result.columns.map(toColumnMetadata),
    TotalNumRows: result.rows.length,
    ...(end < result.rows.length ? { NextToken: encodePageToken(scope, end) } : {}),
  }
}

/** GetStatementResultV2: one page of CSV records of a statement run with ResultFormat CSV. */
export async function getStatementResultV2(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const { id, result } = await resultOf(state, input, 'CSV', context)
  const scope = `csv:${id}`
  const offset = decodePageToken(input.NextToken, scope)
  const end = pageEnd(result.rows, offset, state.config.limits.resultPageRows)
  const csv = toCsv(offset === 0 ? result.columns : undefined, result.rows.slice(offset, end))
  return {
    Records: [{ CSVRecords: csv }],
    ColumnMetadata: result.columns.map(toColumnMetadata),
    TotalNumRows: result.rows.length,
    ResultFormat: 'CSV',
    ...(end < result.rows.length ? { NextToken: encodePageToken(scope, end) } : {}),
  }
}
