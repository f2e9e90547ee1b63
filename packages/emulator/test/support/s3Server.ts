import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

/** The only key pair s3rver knows; any other access key id is InvalidAccessKeyId. */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const

/** A throwaway S3 server (s3rver) on 127.0.0.1, and a real SDK client for it. */
export interface LocalS3 {
  readonly endpoint: string
  readonly client: S3Client
  createBucket(bucket: string): Promise<void>
  put(url: string, body: string | Uint8Array): Promise<void>
  stop(): Promise<void>
}

const script = fileURLToPath(new URL('./s3rverProcess.mjs', import.meta.url))

/**
 * Starts s3rver in a child process (its own event loop and memory), data in a temp directory.
 *
 * @example
 * const s3 = await startLocalS3()
 * await s3.createBucket('loads')
 * await s3.put('s3://loads/a.csv', '1,x\n')
 * await s3.stop()
 */
export const startLocalS3 = async (): Promise<LocalS3> => {
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
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
    client,
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
    },
    async put(url, body) {
      const m = /^s3:\/\/([^/]+)\/(.+)$/s.exec(url)
      if (m === null) throw new Error(`not an s3:// object url: ${url}`)
      await client.send(new PutObjectCommand({ Bucket: m[1], Key: m[2], Body: body }))
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
