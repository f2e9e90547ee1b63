import { fstatSync } from 'node:fs'

/**
 * The size of stdin when it is redirected from a file (`< data.ndjson`), for the ETA; undefined
 * for a pipe or a terminal. Stats with `bigint`: a plain `fstatSync` writes into the buffer that
 * `fs.realpathSync` reads as well, and when stdin is a pipe the FIFO left there stops later
 * realpath calls early, so that modules behind pnpm's symlinks (tsx's esbuild) no longer resolve.
 *
 * @example
 * ```ts
 * const totalBytes = stdinSize() // 141 for `redstore load s.ts - --format csv < orders.csv`
 * ```
 */
export const stdinSize = (): number | undefined => {
  try {
    const info = fstatSync(0, { bigint: true })
    return info.isFile() ? Number(info.size) : undefined
  } catch {
    return undefined
  }
}
