import type { RequestContext } from '../../protocol/contract.js'
import { decodePageToken, encodePageToken, pageSize } from '../pageTokens.js'
import type { ServiceState } from '../ServiceState.js'
import type { StatementRecord } from '../StatementRecord.js'
import { checkComputeChoice } from '../targets.js'
import { statementData } from './describeStatement.js'

type Input = Readonly<Record<string, unknown>>

/** ListStatements' default and largest page. */
const defaultPage = 100

/**
 * Keeps the `max` newest items of `items` (newest first, by `seq`) after the cursor `after`,
 * returning them with the cursor of the next page when more remain.
 */
export function pageBySeq<T extends { readonly seq: number }>(
  items: ReadonlyArray<T>,
  after: number,
  max: number,
): { readonly page: T[]; readonly next: number | undefined } {
  const rest = after > 0 ? items.filter((item) => item.seq < after) : [...items]
  const page = rest.slice(0, max)
  const last = page[page.length - 1]
  return { page, next: rest.length > max && last !== undefined ? last.seq : undefined }
}

/** ListStatements: the caller's statements, newest first, filtered and paged. */
export function listStatements(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Record<string, unknown> {
  const compute = checkComputeChoice(input)
  const status = typeof input.Status === 'string' ? input.Status : 'ALL'
  const name = typeof input.StatementName === 'string' ? input.StatementName : undefined
  const database = typeof input.Database === 'string' ? input.Database : undefined
  const matches = (record: StatementRecord): boolean =>
    record.owner === context.iamIdentity &&
    (input.RoleLevel !== false || record.accessKeyId === context.accessKeyId) &&
    (status === 'ALL' || record.status === status) &&
    (name === undefined || (record.statementName ?? '').startsWith(name)) &&
    (compute === undefined ||
      (record.target.kind === compute.kind && record.target.name === compute.name)) &&
    (database === undefined || record.target.database === database)
  const scope = `statements:${context.iamIdentity}`
  const after = decodePageToken(input.NextToken, scope)
  const { page, next } = pageBySeq(
    state.store.newestFirst().filter(matches),
    after,
    Math.min(pageSize(input.MaxResults, defaultPage), defaultPage),
  )
  return {
    Statements: page.map(statementData),
    ...(next !== undefined ? { NextToken: encodePageToken(scope, next) } : {}),
  }
}
