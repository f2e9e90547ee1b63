import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'

/**
 * The only key pair s3rver knows: any other access key id is InvalidAccessKeyId. It does not
 * check SigV4 signatures, so the secret is never verified.
 */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const

/** A throwaway S3 server (s3rver) in a child process, and a real SDK client for it. */
export interface LocalS3 {
  readonly endpoint: string
  readonly client: S3Client
  createBucket(bucket: string): Promise<void>
  /** Keys under `prefix`, in key order, every page. */
  keys(bucket: string, prefix?: string): Promise<Array<string>>
  get(bucket: string, key: string): Promise<Uint8Array>
  /** Writes an object given as `s3://bucket/key`. */
  put(url: string, body: string | Uint8Array): Promise<void>
  stop(): Promise<void>
}

// Outside src/ so that it is found from src/ and dist/ alike (tsc does not copy .mjs files).
const script = fileURLToPath(new URL('../s3rverProcess.mjs', import.meta.url))

/**
 * Starts s3rver on 127.0.0.1 in its own process (its own event loop and memory, so a load's
 * timings are not the server's), with its data in a fresh temp directory. Node 20 needs the
 * OpenSSL legacy provider for it: s3rver encrypts ListObjectsV2 tokens with DES.
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
    client,
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
    },
    async keys(bucket, prefix = '') {
      const keys: Array<string> = []
      let token: string | undefined
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        )
        for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key)
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined
      } while (token !== undefined)
      return keys
    },
    async get(bucket, key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      return (await out.Body?.transformToByteArray()) ?? new Uint8Array()
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
