/**
 * The Data API operations the runtime uses, behind one `send` so that the retry, polling and
 * timeout logic is independent of how a request travels.
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
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  GetStatementResultCommand,
  type GetStatementResultCommandInput,
  type GetStatementResultCommandOutput,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data'

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
}

export type OperationName = keyof Operations
export type InputOf<K extends OperationName> = Operations[K][0]
export type OutputOf<K extends OperationName> = Operations[K][1]

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
}

/** Sends through the AWS SDK client. */
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
