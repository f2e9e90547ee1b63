import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'

/** The only access key id s3rver knows. */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const

/** A throwaway S3 server (s3rver 3.7.1) in a child process, and a real SDK client for it. */
export interface LocalS3 {
  readonly endpoint: string
  createBucket(bucket: string): Promise<void>
  /** Keys under `prefix`, in key order. */
  keys(bucket: string, prefix?: string): Promise<Array<string>>
  stop(): Promise<void>
}

const script = fileURLToPath(new URL('./s3rverProcess.mjs', import.meta.url))

/** Starts s3rver on 127.0.0.1 in its own process (it needs the OpenSSL legacy provider on Node 20). */
export const startLocalS3 = async (): Promise<LocalS3> => {
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port))
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)))
    child.once('error', reject)
  })
  const endpoint = `http://127.0.0.1:${port}`
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3rverCredentials,
  })
  return {
    endpoint,
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
    },
    async keys(bucket, prefix = '') {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))
      return (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]))
    },
    async stop() {
      client.destroy()
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.stdin?.end()
      await exited
    },
  }
}
