import type { RequestContext } from '../../protocol/contract.js'
import { waitForDone } from '../lifecycle.js'
import type { ServiceState } from '../ServiceState.js'
import { validation } from '../serviceErrors.js'

type Input = Readonly<Record<string, unknown>>

/** How long CancelStatement waits for the engine to stop the statement. */
const cancelWaitSeconds = 5

/** CancelStatement: stops a statement that has not ended (a sub-statement Id cancels its batch). */
export async function cancelStatement(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const { record } = state.store.resolveFor(String(input.Id), context.iamIdentity)
  if (record.isDone) {
    throw validation(`Could not cancel a query that is already in ${record.status} state.`)
  }
  record.abort.abort()
  await waitForDone(record, cancelWaitSeconds)
  // False when the statement completed before the cancel could stop it.
  return { Status: record.status !== 'FINISHED' }
}
