import {
  type OperationHandler,
  type OperationHandlers,
  type OperationName,
  operationNames,
  type RequestContext,
} from '../../src/protocol/contract.js'

export interface RecordedCall {
  readonly operation: OperationName
  readonly input: Readonly<Record<string, unknown>>
  readonly context: RequestContext
}

/**
 * A handler table for wire-layer tests: every call is recorded; an operation answers with
 * what `answers` gives for it, else with an echo of its input.
 */
export const recordingHandlers = (
  answers: Partial<Record<OperationName, OperationHandler>> = {},
): { readonly handlers: OperationHandlers; readonly calls: Array<RecordedCall> } => {
  const calls: Array<RecordedCall> = []
  const entries = operationNames.map((operation): [OperationName, OperationHandler] => [
    operation,
    async (input, context) => {
      calls.push({ operation, input, context })
      const answer = answers[operation]
      return answer === undefined ? { Echo: input } : answer(input, context)
    },
  ])
  return { handlers: Object.fromEntries(entries) as OperationHandlers, calls }
}
