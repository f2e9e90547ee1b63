import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { type CliIo, runCli } from '../src/runCli.js'
import { fixture, makeDataDir, ndjson } from './support/run.js'

describe('the progress line on a terminal', () => {
  it('is drawn on stderr in place while checking, and erased before the result', async () => {
    const data = await makeDataDir()
    try {
      const file = await data.write(
        'rows.ndjson',
        ndjson(
          Array.from({ length: 2000 }, (_, i) => ({ orderId: i, customerEmail: 'x', total: i })),
        ),
      )
      const written: Array<string> = []
      const stdout: Array<string> = []
      const io: CliIo = {
        cwd: data.dir,
        env: {},
        stdin: Readable.from([]),
        stdout: (line) => stdout.push(line),
        stderr: { write: (t) => written.push(t), columns: () => 120, isTTY: true },
      }
      const code = await runCli(['load', fixture('orders.ts'), file, '--check'], io)
      expect(code).toBe(0)
      const frames = written.filter((t) => t.startsWith('\r\x1b[2Kchecking'))
      expect(frames.length).toBeGreaterThan(0)
      expect(frames[0]).toMatch(
        /^\r\x1b\[2Kchecking rows\.ndjson {2}\[[#.]{20}\] +\d+% {2}[\d,]+ rows? {2}[\d.]+\/[\d.]+ kB {2}[\d,]+ rows\/s {2}ETA \?$/,
      )
      // The last thing written to stderr erases the line; the result goes to stdout.
      expect(written.at(-1)).toBe('\r\x1b[2K')
      expect(stdout).toEqual([
        expect.stringMatching(
          /^checked rows\.ndjson against shop\.orders: 2,000 good rows, 0 bad lines; nothing was sent/,
        ),
      ])

      // --no-progress: nothing drawn.
      written.length = 0
      expect(
        await runCli(['load', fixture('orders.ts'), file, '--check', '--no-progress'], io),
      ).toBe(0)
      expect(written).toEqual([])
    } finally {
      await data.remove()
    }
  })
})
