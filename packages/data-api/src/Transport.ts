/**
 * The Data API operations the runtime uses, behind one `send` so that the retry, polling and
 * timeout logic is independent of how a request travels. `sdkTransport` is the production one;
 * a test can pass its own to `makeWithTransport`.
 */
import {
  BatchExecuteStatementCommand,
  type BatchExecuteStatementCommandInput,
  type BatchExecuteStatementCommandOutput,
  CancelStatementCommand,
  type CancelStatementCommandInput,
  type CancelStatementCommandOutput,
  DescribeStatementCommand,
  type DescribeStatementCommandInput,
  type DescribeStatementCommandOutput,
  DescribeTableCommand,
  type DescribeTableCommandInput,
  type DescribeTableCommandOutput,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  GetStatementResultCommand,
  type GetStatementResultCommandInput,
  type GetStatementResultCommandOutput,
  ListTablesCommand,
  type ListTablesCommandInput,
  type ListTablesCommandOutput,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data'

/** Each operation the runtime sends, with its SDK input and output types. */
export interface Operations {
  readonly ExecuteStatement: readonly [ExecuteStatementCommandInput, ExecuteStatementCommandOutput]
  readonly BatchExecuteStatement: readonly [
    BatchExecuteStatementCommandInput,
    BatchExecuteStatementCommandOutput,
  ]
  readonly DescribeStatement: readonly [
    DescribeStatementCommandInput,
    DescribeStatementCommandOutput,
  ]
  readonly GetStatementResult: readonly [
    GetStatementResultCommandInput,
    GetStatementResultCommandOutput,
  ]
  readonly CancelStatement: readonly [CancelStatementCommandInput, CancelStatementCommandOutput]
  readonly DescribeTable: readonly [DescribeTableCommandInput, DescribeTableCommandOutput]
  readonly ListTables: readonly [ListTablesCommandInput, ListTablesCommandOutput]
}

/** The name of an operation the runtime sends. */
export type OperationName = keyof Operations
/** The SDK input of an operation. */
export type InputOf<K extends OperationName> = Operations[K][0]
/** The SDK output of an operation. */
export type OutputOf<K extends OperationName> = Operations[K][1]

/**
 * How requests travel: one `send` per operation that resolves with its output or rejects with
 * the SDK's (or the network's) error, which `classify` then reads.
 *
 * @example
 * ```ts
 * const api = makeWithTransport(config, sdkTransport(new RedshiftDataClient({ region })))
 * ```
 */
export interface Transport {
  readonly send: <K extends OperationName>(
    operation: K,
    input: InputOf<K>,
    signal: AbortSignal,
  ) => Promise<OutputOf<K>>
}

/** The SDK command class of each operation. */
const commands: { readonly [K in OperationName]: new (input: InputOf<K>) => object } = {
  ExecuteStatement: ExecuteStatementCommand,
  BatchExecuteStatement: BatchExecuteStatementCommand,
  DescribeStatement: DescribeStatementCommand,
  GetStatementResult: GetStatementResultCommand,
  CancelStatement: CancelStatementCommand,
  DescribeTable: DescribeTableCommand,
  ListTables: ListTablesCommand,
}

/**
 * Sends through the AWS SDK client.
 *
 * @example
 * ```ts
 * const transport = sdkTransport(makeSdkClient(config))
 * ```
 */
export const sdkTransport = (client: RedshiftDataClient): Transport => ({
  send: (operation, input, signal) => {
    const Command = Object.hasOwn(commands, operation) ? commands[operation] : undefined
    if (Command === undefined) {
      return Promise.reject(new Error(`unsupported operation ${String(operation)}`))
    }
    // The table pairs each operation with its command; the casts re-join input and output types.
    return client.send(new Command(input) as never, { abortSignal: signal }) as never
  },
})
