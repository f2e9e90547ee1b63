/**
 * An in-memory stand-in for the service behind the `Transport` seam, for unit tests that
 * need exact control of statement states and faults under TestClock. (Integration tests use
 * the real SDK against the emulator.)
 */
import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data'
import { type Duration, Effect, Fiber } from 'effect'
import { TestClock } from 'effect/testing'
import type { InputOf, OperationName, OutputOf, Transport } from '../../src/Transport.js'

export interface StatementPlan {
  /** Describes answered STARTED before the statement ends; 0 = ends inside the submitting call. */
  readonly describesUntilDone?: number | 'never'
  /** Ends FAILED with this database message. */
  readonly error?: string
  /** For a batch, which sub-statement (1-based) failed. */
  readonly failedSub?: number
  readonly aborted?: boolean
  readonly columns?: ReadonlyArray<ColumnMetadata>
  /** Result pages. */
  readonly pages?: ReadonlyArray<ReadonlyArray<ReadonlyArray<Field>>>
  readonly resultRows?: number
}

export interface Fault {
  readonly operation: OperationName
  readonly error: () => unknown
  /** 1-based indices of matching calls that fault. */
  readonly calls: ReadonlyArray<number>
  /** Run the call, then throw (a lost response). */
  readonly afterExecute?: boolean
}

interface Statement {
  readonly id: string
  readonly sqls: ReadonlyArray<string>
  readonly plan: StatementPlan
  describes: number
  cancelled: boolean
  readonly sessionId: string | undefined
}

export interface FakeService {
  readonly transport: Transport
  readonly calls: Array<{
    readonly operation: OperationName
    readonly input: Record<string, unknown>
  }>
  /** SQL submissions the fake database actually ran (ClientToken duplicates excluded). */
  readonly executions: Array<ReadonlyArray<string>>
  readonly statements: Map<string, Statement>
  readonly callsOf: (operation: OperationName) => ReadonlyArray<Record<string, unknown>>
}

export const makeFakeService = (
  plan: (sqls: ReadonlyArray<string>, submission: number) => StatementPlan,
  faults: ReadonlyArray<Fault> = [],
): FakeService => {
  const calls: FakeService['calls'] = []
  const executions: Array<ReadonlyArray<string>> = []
  const statements = new Map<string, Statement>()
  const byToken = new Map<string, Statement>()
  const counts = new Map<OperationName, number>()
  let nextId = 1
  let nextSession = 1

  const statusOf = (s: Statement): string => {
    if (s.cancelled) return 'ABORTED'
    const until = s.plan.describesUntilDone ?? 0
    if (until === 'never' || s.describes < until) return until === 0 ? 'FINISHED' : 'STARTED'
    if (s.plan.aborted) return 'ABORTED'
    return s.plan.error === undefined ? 'FINISHED' : 'FAILED'
  }

  const submit = (input: Record<string, unknown>, sqls: ReadonlyArray<string>) => {
    const token = input.ClientToken as string | undefined
    const existing = token === undefined ? undefined : byToken.get(token)
    const s =
      existing ??
      (() => {
        const created: Statement = {
          id: `00000000-0000-0000-0000-${String(nextId++).padStart(12, '0')}`,
          sqls,
          plan: plan(sqls, executions.length + 1),
          describes: 0,
          cancelled: false,
          sessionId:
            (input.SessionId as string | undefined) ??
            (input.SessionKeepAliveSeconds === undefined ? undefined : `session-${nextSession++}`),
        }
        executions.push(sqls)
        statements.set(created.id, created)
        if (token !== undefined) byToken.set(token, created)
        return created
      })()
    const status = statusOf(s)
    return {
      Id: s.id,
      Status: input.WaitTimeSeconds === undefined ? 'SUBMITTED' : status,
      HasResultSet: s.plan.pages !== undefined,
      SessionId: s.sessionId,
    }
  }

  const describe = (id: string) => {
    const s = statements.get(id)
    if (s === undefined) throw new Error(`unknown statement ${id}`)
    s.describes++
    const status = statusOf(s)
    const failed = status === 'FAILED' || status === 'ABORTED'
    return {
      Id: s.id,
      Status: status,
      HasResultSet: s.plan.pages !== undefined,
      ResultRows: s.plan.resultRows,
      SessionId: s.sessionId,
      QueryString: s.sqls.join(';'),
      ...(failed && s.plan.failedSub === undefined ? { Error: s.plan.error } : {}),
      ...(s.sqls.length > 1 || s.plan.failedSub !== undefined
        ? {
            SubStatements: s.sqls.map((sql, i) => ({
              Id: `${s.id}:${i + 1}`,
              QueryString: sql,
              Status: failed ? (s.plan.failedSub === i + 1 ? status : 'FINISHED') : status,
              ...(failed && s.plan.failedSub === i + 1 ? { Error: s.plan.error } : {}),
            })),
          }
        : {}),
    }
  }

  const handle = (operation: OperationName, input: Record<string, unknown>): unknown => {
    switch (operation) {
      case 'ExecuteStatement':
        return submit(input, [input.Sql as string])
      case 'BatchExecuteStatement':
        return submit(input, input.Sqls as ReadonlyArray<string>)
      case 'DescribeStatement':
        return describe(input.Id as string)
      case 'CancelStatement': {
        const s = statements.get(input.Id as string)
        if (s !== undefined) s.cancelled = true
        return { Status: s !== undefined }
      }
      case 'GetStatementResult': {
        const s = statements.get(input.Id as string)
        const pages = s?.plan.pages ?? []
        const index = input.NextToken === undefined ? 0 : Number(input.NextToken)
        return {
          Records: pages[index] ?? [],
          ColumnMetadata: index === 0 ? s?.plan.columns : undefined,
          NextToken: index + 1 < pages.length ? String(index + 1) : undefined,
        }
      }
    }
  }

  const transport: Transport = {
    send: <K extends OperationName>(operation: K, input: InputOf<K>): Promise<OutputOf<K>> => {
      const record = input as unknown as Record<string, unknown>
      calls.push({ operation, input: structuredClone(record) })
      const n = (counts.get(operation) ?? 0) + 1
      counts.set(operation, n)
      const fault = faults.find((f) => f.operation === operation && f.calls.includes(n))
      if (fault !== undefined && fault.afterExecute !== true) return Promise.reject(fault.error())
      try {
        const out = handle(operation, record)
        if (fault !== undefined) return Promise.reject(fault.error())
        return Promise.resolve(out as OutputOf<K>)
      } catch (e) {
        return Promise.reject(e)
      }
    },
  }
  return {
    transport,
    calls,
    executions,
    statements,
    callsOf: (operation) => calls.filter((c) => c.operation === operation).map((c) => c.input),
  }
}

/** Runs `effect` while moving the TestClock forward in steps until it completes. */
export const runWithClock = <A, E>(
  effect: Effect.Effect<A, E>,
  step: Duration.Input = '50 millis',
  maxSteps = 100_000,
): Effect.Effect<A, E> =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    let done = false
    yield* Effect.forkChild(
      Fiber.await(fiber).pipe(Effect.tap(() => Effect.sync(() => (done = true)))),
    )
    for (let i = 0; i < maxSteps && !done; i++) {
      yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
      if (!done) yield* TestClock.adjust(step)
    }
    return yield* Fiber.join(fiber)
  })
