import {
  DescribeStatementCommand,
  type DescribeStatementCommandOutput,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type Field,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data'
import { type Emulator, startEmulator } from '../../../src/Emulator.js'
import type { EmulatorOptions } from '../../../src/EmulatorOptions.js'

/** The default serverless target of the emulator. */
export const workgroup = { WorkgroupName: 'default', Database: 'dev' } as const
/** The default provisioned target of the emulator. */
export const cluster = { ClusterIdentifier: 'redstore-cluster', Database: 'dev' } as const

export interface Conformance {
  readonly emulator: Emulator
  /** The real SDK client, signed with the emulator's first key pair, without retries. */
  readonly client: RedshiftDataClient
  /** A client signed with other credentials (an accepted key of another identity). */
  clientFor(credentials: { accessKeyId: string; secretAccessKey: string }): RedshiftDataClient
  stop(): Promise<void>
}

/** Starts an emulator on a free 127.0.0.1 port with a real SDK client pointed at it. */
export async function startConformance(options: EmulatorOptions = {}): Promise<Conformance> {
  const emulator = await startEmulator({ port: 0, ...options })
  const clients: RedshiftDataClient[] = []
  const clientFor = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const client = new RedshiftDataClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials,
      maxAttempts: 1,
    })
    clients.push(client)
    return client
  }
  const client = clientFor(emulator.credentials)
  return {
    emulator,
    client,
    clientFor,
    async stop() {
      for (const c of clients) c.destroy()
      await emulator.stop()
    },
  }
}

/** Runs one statement to its end (WaitTimeSeconds) and describes it. */
export async function runToEnd(
  client: RedshiftDataClient,
  input: ExecuteStatementCommandInput,
): Promise<DescribeStatementCommandOutput> {
  const { Id } = await client.send(new ExecuteStatementCommand({ WaitTimeSeconds: 20, ...input }))
  return client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 20 }))
}

/** Runs a query and returns its records (first page). */
export async function query(
  client: RedshiftDataClient,
  sql: string,
  input: Partial<ExecuteStatementCommandInput> = workgroup,
): Promise<Field[][]> {
  const d = await runToEnd(client, { ...input, Sql: sql })
  if (d.Status !== 'FINISHED') throw new Error(`${sql} ended ${d.Status}: ${d.Error}`)
  const result = await client.send(new GetStatementResultCommand({ Id: d.Id }))
  return result.Records ?? []
}

/** The rejection of `promise` (an SDK service exception), or a failure when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to be rejected')
}
