import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  type DescribeStatementCommandOutput,
  type Field,
} from '@aws-sdk/client-redshift-data'
import { type LocalS3, s3rverCredentials, startLocalS3 } from '@redstore/test-support'
import type { EmulatorOptions } from '../../../src/EmulatorOptions.js'
import {
  type Conformance,
  query,
  runToEnd,
  startConformance,
  workgroup,
} from '../../conformance/support/conformanceEmulator.js'

/** A role ARN as COPY takes it; the emulator signs with its configured S3 credentials. */
export const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/redstore-load'"

/** An emulator whose COPY reads from a local s3rver, both started by the test itself. */
export interface CopyHarness {
  readonly s3: LocalS3
  readonly c: Conformance
  /** Runs one statement through the real SDK and describes it (FINISHED or FAILED). */
  run(sql: string): Promise<DescribeStatementCommandOutput>
  /** Runs one statement that must finish. */
  ok(sql: string): Promise<DescribeStatementCommandOutput>
  /** The statement's error text; fails when it finishes. */
  error(sql: string): Promise<string>
  /** Records of a query. */
  rows(sql: string): Promise<Field[][]>
  /** A TRANSACTION batch, described. */
  batch(sqls: string[]): Promise<DescribeStatementCommandOutput>
  stop(): Promise<void>
}

export const startCopyHarness = async (
  options: EmulatorOptions = {},
  bucket = 'loads',
): Promise<CopyHarness> => {
  const s3 = await startLocalS3()
  await s3.createBucket(bucket)
  const c = await startConformance({
    s3: { endpoint: s3.endpoint, credentials: s3rverCredentials },
    ...options,
  })
  const run = (sql: string) => runToEnd(c.client, { ...workgroup, Sql: sql })
  return {
    s3,
    c,
    run,
    async ok(sql) {
      const d = await run(sql)
      if (d.Status !== 'FINISHED') throw new Error(`${sql}\nended ${d.Status}: ${d.Error}`)
      return d
    },
    async error(sql) {
      const d = await run(sql)
      if (d.Status !== 'FAILED') throw new Error(`${sql}\nended ${d.Status}, expected FAILED`)
      return d.Error ?? ''
    },
    rows: (sql) => query(c.client, sql),
    async batch(sqls) {
      const out = await c.client.send(
        new BatchExecuteStatementCommand({ ...workgroup, Sqls: sqls, WaitTimeSeconds: 20 }),
      )
      return c.client.send(new DescribeStatementCommand({ Id: out.Id, WaitTimeSeconds: 20 }))
    },
    async stop() {
      await c.stop()
      await s3.stop()
    },
  }
}

/** Field values as plain JS (null, bigint-free numbers as numbers, strings). */
export const plain = (records: Field[][]): unknown[][] =>
  records.map((row) =>
    row.map((f) => {
      if (f.isNull) return null
      if (f.longValue !== undefined) return f.longValue
      if (f.doubleValue !== undefined) return f.doubleValue
      if (f.booleanValue !== undefined) return f.booleanValue
      if (f.blobValue !== undefined) return Buffer.from(f.blobValue).toString('hex')
      return f.stringValue
    }),
  )
