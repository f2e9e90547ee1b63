import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import {
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListDatabasesCommand,
  RedshiftDataClient,
  RedshiftDataServiceException,
} from '@aws-sdk/client-redshift-data'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('../..', import.meta.url))
// Inside node_modules so that the compiled CLI resolves the package's dependencies; one
// directory per run, so that runs side by side do not remove each other's build.
const cacheDir = `${packageDir}node_modules/.cache`
let outDir: string
let cliPath: string

const run = promisify(execFile)

beforeAll(async () => {
  mkdirSync(cacheDir, { recursive: true })
  outDir = mkdtempSync(`${cacheDir}/redstore-cli-test-`)
  cliPath = `${outDir}/cli.js`
  // Emits even when unrelated files fail to typecheck: typecheck is its own task.
  await run(
    `${packageDir}node_modules/.bin/tsc`,
    ['-p', 'tsconfig.build.json', '--outDir', outDir],
    {
      cwd: packageDir,
    },
  ).catch(() => undefined)
  cpSync(`${packageDir}src/model/service-2.json`, `${outDir}/model/service-2.json`)
  expect(existsSync(cliPath)).toBe(true)
}, 120_000)

afterAll(() => {
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true })
})

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

interface Started {
  readonly child: ChildProcess
  readonly info: {
    endpoint: string
    region: string
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  }
  readonly stderr: () => string
}

const startCli = (args: ReadonlyArray<string>): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const newline = stdout.indexOf('\n')
      if (newline >= 0) {
        resolve({ child, info: JSON.parse(stdout.slice(0, newline)), stderr: () => stderr })
      }
    })
    child.on('exit', (code) => reject(new Error(`the CLI exited with ${code}: ${stderr}`)))
  })

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.on('exit', (code) => resolve(code))
  })

describe('redstore-emulator', () => {
  it('prints its help with every flag and exits 0', async () => {
    const { stdout } = await run(process.execPath, [cliPath, '--help'], { env })
    for (const flag of [
      '--host',
      '--port',
      '--region',
      '--backend',
      '--auth',
      '--credential',
      '--identity',
      '--workgroup',
      '--cluster',
      '--database',
      '--secret',
      '--api-latency-ms',
      '--statement-latency-ms',
      '--fault',
      '--seed',
      '--max-sql-bytes',
      '--max-active-statements',
      '--max-active-sessions',
      '--result-page-rows',
      '--session-keep-alive-seconds',
      '--s3-endpoint',
      '--s3-region',
      '--s3-credential',
    ]) {
      expect(stdout).toContain(flag)
    }
  })

  it('refuses a bad flag with exit code 2 and says what is wrong', async () => {
    for (const [args, problem] of [
      [['--port', 'eighty'], "--port takes an integer, got 'eighty'"],
      [['--fault', 'explode'], "--fault kind 'explode'"],
      [['--fault', 'internal:DropTable'], "--fault names no operation 'DropTable'"],
      [['--credential', 'only-a-key'], '--credential takes KEY:SECRET'],
      [['--no-such-flag'], 'no-such-flag'],
      [['--s3-region', 'us-east-1'], '--s3-region and --s3-credential need --s3-endpoint'],
      [
        ['--s3-endpoint', 'http://127.0.0.1:9', '--s3-credential', 'KEY'],
        '--s3-credential takes KEY:SECRET',
      ],
    ] as const) {
      const error = (await run(process.execPath, [cliPath, ...args], { env }).catch(
        (e: unknown) => e,
      )) as { code: number; stderr: string }
      expect(error.code).toBe(2)
      expect(error.stderr).toContain(problem)
    }
  })

  it('serves the SDK with the flags it was given and stops on SIGTERM', async () => {
    const started = await startCli([
      '--port',
      '0',
      '--region',
      'eu-west-1',
      '--credential',
      'AKIACLITEST:cli-secret:cli-token',
      '--identity',
      'AKIACLITEST=IAM:cli_user',
      '--workgroup',
      'cli-wg',
      '--database',
      'clidb',
      '--fault',
      'throttling:ListDatabases#1',
      '--seed',
      '5',
    ])
    const { info } = started
    expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(info.region).toBe('eu-west-1')
    expect(info.credentials).toEqual({
      accessKeyId: 'AKIACLITEST',
      secretAccessKey: 'cli-secret',
      sessionToken: 'cli-token',
    })
    const client = new RedshiftDataClient({ ...info, maxAttempts: 1 })
    try {
      const throttled = await client
        .send(new ListDatabasesCommand({ WorkgroupName: 'cli-wg', Database: 'clidb' }))
        .catch((e: unknown) => e)
      expect(throttled).toBeInstanceOf(RedshiftDataServiceException)
      expect((throttled as Error).name).toBe('ThrottlingException')

      const databases = await client.send(
        new ListDatabasesCommand({ WorkgroupName: 'cli-wg', Database: 'clidb' }),
      )
      expect(databases.Databases).toContain('clidb')

      const { Id } = await client.send(
        new ExecuteStatementCommand({
          WorkgroupName: 'cli-wg',
          Database: 'clidb',
          Sql: 'select current_user',
          WaitTimeSeconds: 20,
        }),
      )
      const result = await client.send(new GetStatementResultCommand({ Id }))
      expect(result.Records?.[0]?.[0]?.stringValue).toBe('IAM:cli_user')
    } finally {
      client.destroy()
    }
    started.child.kill('SIGTERM')
    expect(await exitOf(started.child)).toBe(0)
    expect(started.stderr()).toContain('stopped on SIGTERM')
  }, 60_000)

  it('keeps data in a --backend directory across restarts, and --auth none takes any key', async () => {
    const dataDir = mkdtempSync(`${tmpdir()}/redstore-cli-pglite-`)
    const target = { WorkgroupName: 'default', Database: 'dev', WaitTimeSeconds: 20 }
    try {
      const first = await startCli(['--backend', dataDir])
      const client = new RedshiftDataClient({ ...first.info, maxAttempts: 1 })
      try {
        const created = await client.send(
          new ExecuteStatementCommand({ ...target, Sql: 'create table kept (v varchar(20))' }),
        )
        expect(created.Status).toBe('FINISHED')
        const inserted = await client.send(
          new ExecuteStatementCommand({ ...target, Sql: "insert into kept values ('still here')" }),
        )
        expect(inserted.Status).toBe('FINISHED')
      } finally {
        client.destroy()
      }
      first.child.kill('SIGINT')
      expect(await exitOf(first.child)).toBe(0)

      const second = await startCli(['--backend', dataDir, '--auth', 'none'])
      const anyKey = new RedshiftDataClient({
        endpoint: second.info.endpoint,
        region: 'ap-south-1',
        credentials: { accessKeyId: 'ANY', secretAccessKey: 'any' },
        maxAttempts: 1,
      })
      try {
        const { Id } = await anyKey.send(
          new ExecuteStatementCommand({ ...target, Sql: 'select v from kept' }),
        )
        const result = await anyKey.send(new GetStatementResultCommand({ Id }))
        expect(result.Records).toEqual([[{ stringValue: 'still here' }]])
      } finally {
        anyKey.destroy()
      }
      second.child.kill('SIGTERM')
      expect(await exitOf(second.child)).toBe(0)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 90_000)
})
