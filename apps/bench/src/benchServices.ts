/**
 * The services a benchmark runs against, each in a process of its own: the emulator (its CPU
 * and memory are then not the client's, as a real warehouse's are not) and s3rver for COPY.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Emulator, LatencyOptions } from '@redstore/emulator'
import { staticKeys } from '@redstore/storage'
import { s3rverCredentials, startLocalS3 } from '@redstore/test-support'

/** Where a benchmark's Data API calls go: an emulator in this process or in its own. */
export interface BenchTarget {
  readonly endpoint: string
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly workgroup: string
  readonly database: string
}

/** The target of an in-process emulator. */
export const targetOf = (emulator: Emulator): BenchTarget => ({
  endpoint: emulator.endpoint,
  region: emulator.region,
  credentials: emulator.credentials,
  workgroup: emulator.config.workgroups[0] ?? 'default',
  database: emulator.config.databases[0] ?? 'dev',
})

/** RedshiftStorage / Data API client connection options for a target. */
export const connectionOf = (target: BenchTarget, endpoint = target.endpoint) => ({
  endpoint,
  region: target.region,
  workgroupName: target.workgroup,
  database: target.database,
  credentials: staticKeys(target.credentials),
  // Bounded: a stuck statement fails the benchmark in minutes instead of hanging it.
  statementTimeout: 1_800_000,
})

/** A running child process and how to stop it. */
export interface Service<A> {
  readonly info: A
  readonly stop: () => Promise<void>
}

/** A Node child process that prints one JSON line once it listens. */
const startChild = <A>(args: ReadonlyArray<string>): Promise<Service<A>> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    })
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.stdin?.end()
        child.kill('SIGTERM')
      })
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`${args.at(-1)} exited with ${code} before listening`)),
    )
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => resolve({ info: JSON.parse(line) as A, stop }))
  })

/** The bucket every benchmark stages COPY files in, and s3rver's fixed keys. */
export const benchBucket = 'redstore-bench'
export const s3rverKeys = s3rverCredentials

/** s3rver in its own process, with the bench bucket made. */
export const startS3Server = async (): Promise<{
  readonly endpoint: string
  readonly stop: () => Promise<void>
}> => {
  const s3 = await startLocalS3()
  await s3.createBucket(benchBucket)
  return { endpoint: s3.endpoint, stop: s3.stop }
}

/** The built emulator CLI in its own process, with a latency model and, for COPY, an S3 endpoint. */
export const startEmulatorProcess = async (options: {
  readonly latency: Required<LatencyOptions>
  readonly s3Endpoint?: string
}): Promise<{ readonly target: BenchTarget; readonly stop: () => Promise<void> }> => {
  const cli = join(
    dirname(createRequire(import.meta.url).resolve('@redstore/emulator/package.json')),
    'dist',
    'cli.js',
  )
  const emulator = await startChild<Omit<BenchTarget, 'workgroup' | 'database'>>([
    cli,
    '--port',
    '0',
    '--api-latency-ms',
    String(options.latency.apiMs),
    '--statement-latency-ms',
    String(options.latency.statementMs),
    ...(options.s3Endpoint === undefined
      ? []
      : [
          '--s3-endpoint',
          options.s3Endpoint,
          '--s3-credential',
          `${s3rverKeys.accessKeyId}:${s3rverKeys.secretAccessKey}`,
        ]),
  ])
  return {
    target: { ...emulator.info, workgroup: 'default', database: 'dev' },
    stop: emulator.stop,
  }
}
