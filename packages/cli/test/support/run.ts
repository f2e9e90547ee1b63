import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Emulator } from '@redstore/emulator'

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const fixture = (name: string): string => join(packageDir, 'test', '__fixtures__', name)

const cliSource = join(packageDir, 'src', 'cli.ts')
const tsxLoader = import.meta.resolve('tsx')

/** What one run of the CLI printed, and how it exited. */
export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  /** stderr's lines, without the trailing empty one. */
  readonly errors: ReadonlyArray<string>
}

/**
 * Only what a run needs from this process's environment: no REDSHIFT_*, AWS_* or REDSTORE_*
 * leaks in from the machine, and the SDK never looks for instance credentials.
 */
const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
  }
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot']) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return env
}

/** A CLI child process still running: write to its stdin, wait for stderr, signal it. */
export interface RunningCli {
  readonly stdin: NodeJS.WritableStream
  /** Resolves once stderr has a line matching `pattern`. */
  readonly waitForError: (pattern: RegExp) => Promise<string>
  readonly kill: (signal: NodeJS.Signals) => void
  readonly done: Promise<CliRun>
}

/** Starts `redstore <args>` from the sources (through tsx) in a child process. */
export const startRedstore = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> },
): RunningCli => {
  const child = spawn(process.execPath, ['--import', tsxLoader, cliSource, ...args], {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const out: Array<Buffer> = []
  const err: Array<Buffer> = []
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = []
  const errorText = () => Buffer.concat(err).toString('utf8')
  const check = () => {
    const lines = errorText().split('\n')
    for (const waiter of [...waiters]) {
      const line = lines.find((l) => waiter.pattern.test(l))
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  }
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => {
    err.push(chunk)
    check()
  })
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      const stderr = errorText()
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        errors: stderr.split('\n').filter((l) => l !== ''),
      })
    })
  })
  return {
    stdin: child.stdin,
    waitForError: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        check()
        void done.then((run) =>
          reject(
            new Error(`the CLI exited (${run.code}) before printing ${pattern}:\n${run.stderr}`),
          ),
        )
      }),
    kill: (signal) => child.kill(signal),
    done,
  }
}

/** Runs `redstore <args>` from the sources (through tsx) in a child process, to its end. */
export const runRedstore = (
  args: ReadonlyArray<string>,
  options: {
    readonly cwd: string
    readonly env?: Readonly<Record<string, string>>
    readonly stdin?: string | Uint8Array
  },
): Promise<CliRun> => {
  const running = startRedstore(args, options)
  running.stdin.end(options.stdin ?? '')
  return running.done
}

/** The environment that points the CLI at `emulator`, as a user points it at a workgroup. */
export const emulatorEnv = (emulator: Emulator): Record<string, string> => ({
  REDSHIFT_DATA_API_ENDPOINT: emulator.endpoint,
  REDSHIFT_WORKGROUP: emulator.config.workgroups[0] ?? 'default',
  REDSHIFT_DATABASE: emulator.config.databases[0] ?? 'dev',
  AWS_REGION: emulator.region,
  AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
})

/** A temp directory for input files; `write` returns the name to pass on the command line. */
export interface DataDir {
  readonly dir: string
  readonly write: (name: string, content: string | Uint8Array) => Promise<string>
  readonly remove: () => Promise<void>
}

export const makeDataDir = async (): Promise<DataDir> => {
  const dir = await mkdtemp(join(tmpdir(), 'redstore-cli-test-'))
  return {
    dir,
    write: async (name, content) => {
      await writeFile(join(dir, name), content)
      return name
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** NDJSON text of rows, one per line. */
export const ndjson = (rows: ReadonlyArray<unknown>): string =>
  rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
