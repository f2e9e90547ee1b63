import { type FSWatcher, watch } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type GenerateOptions, type GenerateResult, generate } from './generate.js'

/**
 * A running `--watch`: stop it with `close()`.
 *
 * @example
 * ```ts
 * const watcher = await watchSchemas({ cwd }, (result) => console.log(formatSummary(result)))
 * await watcher.close()
 * ```
 */
export interface SchemaWatcher {
  readonly close: () => Promise<void>
}

/** The static directory part of a glob (`src/schema/**\/*.ts` -> `src/schema`). */
const globBase = (pattern: string): string => {
  const parts = pattern.split('/')
  const index = parts.findIndex((p) => /[*?[\]{}!]/.test(p))
  return index === -1 ? dirname(pattern) : parts.slice(0, index).join('/') || '.'
}

/**
 * Runs `generate` now and again whenever the config, a schema file, a module they import, or
 * a directory the patterns search changes (debounced; runs never overlap). Each run reloads
 * every module in a fresh loader namespace.
 */
export const watchSchemas = async (
  options: Omit<GenerateOptions, 'check'>,
  onRun: (result: GenerateResult) => void,
  onError: (error: unknown) => void = (error) => console.error(error),
  debounceMs = 60,
): Promise<SchemaWatcher> => {
  const watchers = new Map<string, FSWatcher>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let pending = false
  let closed = false

  const watchDirectories = (result: GenerateResult) => {
    const directories = new Set<string>([options.cwd])
    for (const file of result.inputs) {
      // Installed packages change only on install: not worth a watcher per directory.
      if (!file.includes('/node_modules/')) directories.add(dirname(file))
    }
    const settings = result.settings
    if (settings !== undefined) {
      for (const pattern of settings.schemas) {
        directories.add(resolve(settings.root, globBase(pattern)))
      }
    }
    const outDir = settings === undefined ? undefined : resolve(settings.root, settings.outDir)
    for (const directory of directories) {
      if (directory === outDir || watchers.has(directory)) continue
      try {
        const watcher = watch(directory, { persistent: true }, (_event, name) => {
          if (name !== null && /(^|\/)\.|~$|\.swp$/.test(String(name))) return
          schedule()
        })
        watcher.on('error', () => undefined)
        watchers.set(directory, watcher)
      } catch {
        // A directory that does not exist (yet) is watched through its parent's next run.
      }
    }
  }

  const run = async () => {
    try {
      const result = await generate({ ...options, check: false })
      if (closed) return
      watchDirectories(result)
      onRun(result)
    } catch (error) {
      // A failed run (a file vanished mid-read, a full disk) waits for the next change.
      onError(error)
    }
  }

  const schedule = () => {
    if (closed) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (pending) return
      pending = true
      running = running.then(async () => {
        pending = false
        await run()
      })
    }, debounceMs)
  }

  running = run()
  await running
  return {
    close: async () => {
      closed = true
      clearTimeout(timer)
      for (const watcher of watchers.values()) watcher.close()
      await running.catch(() => undefined)
    },
  }
}
