import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorProcess, startEmulatorProcess } from './support/emulatorProcess.js'

const run = promisify(execFile)
const probe = fileURLToPath(new URL('./support/streamProbe.ts', import.meta.url))

let emulator: EmulatorProcess
beforeAll(async () => {
  emulator = await startEmulatorProcess()
})
afterAll(() => emulator?.stop())

const ROWS = 200_000

describe(`streaming ${ROWS} rows from an async iterable`, () => {
  it.each([1, 4])(
    'keeps the client at a few batches of memory (concurrency %i)',
    async (concurrency) => {
      const { stdout } = await run(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          probe,
          emulator.endpoint,
          emulator.credentials.accessKeyId,
          emulator.credentials.secretAccessKey,
          String(ROWS),
          String(concurrency),
        ],
        {
          timeout: 600_000,
          maxBuffer: 1 << 20,
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      )
      const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        rowsWritten: number
        batches: number
        samples: number
        liveHeapGrowthMb: number
        heapUsedGrowthMb: number
        rssGrowthMb: number
        sqlMb: number
      }
      console.info(`concurrency ${concurrency}: ${JSON.stringify(report)}`)
      expect(report.rowsWritten).toBe(ROWS)
      expect(report.samples).toBe(report.batches)
      // The SQL sent is many times the memory the client holds at any point.
      expect(report.sqlMb).toBeGreaterThan(35)
      // Live heap after GC at each batch: about one batch (4 MB of SQL, 8 MB as UTF-16 text) with
      // temp tables, one wave of `concurrency` batches with parallel staging.
      expect(report.liveHeapGrowthMb).toBeLessThan(concurrency === 1 ? 24 : 64)
      expect(report.heapUsedGrowthMb).toBeLessThan(320)
    },
  )
})
