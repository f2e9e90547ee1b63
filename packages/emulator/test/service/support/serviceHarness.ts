import {
  defaultCredentials,
  type EmulatorOptions,
  resolveEmulatorOptions,
} from '../../../src/EmulatorOptions.js'
import type { Engine } from '../../../src/engine/Engine.js'
import type {
  OperationHandlers,
  OperationName,
  RequestContext,
  StatementFaults,
} from '../../../src/protocol/contract.js'
import { createDataApiService } from '../../../src/service/createDataApiService.js'
import { type ServiceConfig, serviceConfigOf } from '../../../src/service/ServiceConfig.js'

/** A request context as the wire layer builds it for a signed request. */
export function contextFor(
  iamIdentity = 'IAM:redstore',
  accessKeyId: string = defaultCredentials.accessKeyId,
): RequestContext {
  return {
    requestId: 'test',
    accessKeyId,
    iamIdentity,
    receivedAt: Date.now(),
    signal: new AbortController().signal,
  }
}

/** Faults answering from a fixed list, then never. */
export function scriptedFaults(
  answers: ReadonlyArray<'serializable' | undefined>,
): StatementFaults {
  const queue = [...answers]
  return { nextStatementFault: () => queue.shift() }
}

export interface Harness {
  readonly handlers: OperationHandlers
  readonly config: ServiceConfig
  call(
    operation: OperationName,
    input: Record<string, unknown>,
    context?: RequestContext,
  ): Promise<Record<string, unknown>>
  close(): Promise<void>
}

/** A service over `engine` with emulator options and an optional clock and faults. */
export function serviceOn(
  engine: Engine,
  options: EmulatorOptions = {},
  extra: { readonly now?: () => number; readonly faults?: StatementFaults } = {},
): Harness {
  const base = serviceConfigOf(resolveEmulatorOptions(options))
  const config: ServiceConfig = extra.now !== undefined ? { ...base, now: extra.now } : base
  const service = createDataApiService(
    config,
    engine,
    extra.faults ?? { nextStatementFault: () => undefined },
  )
  return {
    handlers: service.handlers,
    config,
    call: (operation, input, context = contextFor()) => service.handlers[operation](input, context),
    close: () => service.close(),
  }
}

/** Rejection of `promise` as a ServiceError-like value (type and message), or fails. */
export async function serviceErrorOf(
  promise: Promise<unknown>,
): Promise<{ type: string; message: string; status: number; extra: Record<string, unknown> }> {
  try {
    await promise
  } catch (error) {
    const e = error as { type?: string; message: string; status?: number; extra?: object }
    if (typeof e.type !== 'string') throw error
    return {
      type: e.type,
      message: e.message,
      status: e.status ?? 0,
      extra: (e.extra ?? {}) as Record<string, unknown>,
    }
  }
  throw new Error('expected the call to fail with a ServiceError, but it succeeded')
}
