import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Emitted text by a key of everything the emitter reads (the table, the output path and the
 * emitter's own code), so that a run whose tables did not change skips loading ts-morph and
 * TypeScript. A hit gives exactly what emitting would: the key covers every input.
 */
export interface EmitCache {
  get(key: string): string | undefined
  set(key: string, text: string): void
  /** Writes the entries used or added by this run (and drops the rest), if any changed. */
  save(): Promise<void>
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')

let fingerprint: string | undefined

/** A hash of the emitter's code, so a new version of it never reads an old entry. */
const emitterFingerprint = (): string => {
  if (fingerprint !== undefined) return fingerprint
  const here = dirname(fileURLToPath(import.meta.url))
  const emitDir = join(here, '..', 'emit')
  const parts = [here, emitDir].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /\.[jt]s$/.test(f) && !f.endsWith('.d.ts'))
      .sort()
      .map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`),
  )
  const manifest = readFileSync(join(here, '..', '..', 'package.json'), 'utf8')
  fingerprint = sha1(`${manifest}\n${parts.join('\n')}`)
  return fingerprint
}

/** The cache key of one emitted file. */
export const emitKey = (input: unknown): string =>
  sha1(`${emitterFingerprint()}\n${JSON.stringify(input)}`)

/** Where a project's cache lives: its `node_modules/.cache`, else the temp directory. */
export const cacheFileFor = (root: string): string =>
  existsSync(join(root, 'node_modules'))
    ? join(root, 'node_modules', '.cache', 'redstore-codegen', 'emit.json')
    : join(tmpdir(), `redstore-codegen-${sha1(root).slice(0, 12)}`, 'emit.json')

/** A cache that keeps nothing (`--no-cache`). */
export const noEmitCache: EmitCache = {
  get: () => undefined,
  set: () => {},
  save: async () => {},
}

/**
 * Opens the cache file; an unreadable or foreign file is an empty cache. With `readOnly`,
 * `save` writes nothing (`--check` writes no file).
 */
export const openEmitCache = async (file: string, readOnly: boolean): Promise<EmitCache> => {
  let stored: Record<string, string> = {}
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      stored = parsed as Record<string, string>
    }
  } catch {
    stored = {}
  }
  const used = new Map<string, string>()
  let changed = false
  return {
    get: (key) => {
      const text = stored[key]
      if (typeof text !== 'string') return undefined
      used.set(key, text)
      return text
    },
    set: (key, text) => {
      used.set(key, text)
      changed = true
    },
    save: async () => {
      if (readOnly || (!changed && used.size === Object.keys(stored).length)) return
      await mkdir(dirname(file), { recursive: true })
      const temporary = `${file}.${process.pid}.tmp`
      await writeFile(temporary, JSON.stringify(Object.fromEntries(used)))
      await rename(temporary, file)
    },
  }
}
