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

/** Sends through the AWS SDK client. */
export const sdkTransport = (client: RedshiftDataClient): Transport => ({
  send: (operation, input, signal) => {
    const options = { abortSignal: signal }
    // Each branch narrows `input` to its command's shape; the cast re-widens the output.
    switch (operation) {
      case 'ExecuteStatement':
        return client.send(
          new ExecuteStatementCommand(input as ExecuteStatementCommandInput),
          options,
        ) as never
      case 'BatchExecuteStatement':
        return client.send(
          new BatchExecuteStatementCommand(input as BatchExecuteStatementCommandInput),
          options,
        ) as never
      case 'DescribeStatement':
        return client.send(
          new DescribeStatementCommand(input as DescribeStatementCommandInput),
          options,
        ) as never
      case 'GetStatementResult':
        return client.send(
          new GetStatementResultCommand(input as GetStatementResultCommandInput),
          options,
        ) as never
      case 'CancelStatement':
        return client.send(
          new CancelStatementCommand(input as CancelStatementCommandInput),
          options,
        ) as never
    }
    return Promise.reject(new Error(`unsupported operation ${String(operation)}`))
  },
})
