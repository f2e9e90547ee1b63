import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

/** The emulator running in a process of its own (its memory and CPU are not the test's). */
export interface EmulatorProcess {
  readonly endpoint: string
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly stop: () => Promise<void>
}

const cliPath = (): string =>
  join(
    dirname(createRequire(import.meta.url).resolve('@redstore/emulator/package.json')),
    'dist',
    'cli.js',
  )

/** Starts the built emulator CLI with `args` and waits for the line it prints once listening. */
export const startEmulatorProcess = (args: ReadonlyArray<string> = []): Promise<EmulatorProcess> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [cliPath(), '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    })
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      })
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`the emulator exited with ${code} before listening`)),
    )
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => {
      const started = JSON.parse(line) as Omit<EmulatorProcess, 'stop'>
      resolve({ ...started, stop })
    })
  })
