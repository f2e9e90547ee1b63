import { fileURLToPath, pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

/** What importing one module gave: its exports, or why it failed. */
export type ImportOutcome =
  | { readonly ok: true; readonly exports: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: unknown }

/** The modules imported by one run, and every file they loaded (for `--watch`). */
export interface ImportedModules {
  readonly outcomes: ReadonlyMap<string, ImportOutcome>
  /** Absolute paths of every file the imports loaded, installed packages included. */
  readonly loadedFiles: ReadonlySet<string>
}

let runs = 0

/**
 * Imports TypeScript or JavaScript modules through tsx's loader in a fresh namespace, so each
 * run sees the files as they are now (ESM, `.js` specifiers that name `.ts` files, workspace
 * packages and tsconfig paths all resolve as they do under tsx), then removes the loader.
 * Never evaluates text any other way.
 */
export const importModules = async (files: ReadonlyArray<string>): Promise<ImportedModules> => {
  const loadedFiles = new Set<string>()
  const api = register({
    namespace: `redstore-codegen-${process.pid}-${++runs}`,
    onImport: (url) => {
      if (url.startsWith('file:')) loadedFiles.add(fileURLToPath(url.replace(/\?.*$/, '')))
    },
  })
  try {
    const settled = await Promise.allSettled(
      files.map((file) => api.import(pathToFileURL(file).href, import.meta.url)),
    )
    const outcomes = new Map<string, ImportOutcome>()
    settled.forEach((result, index) => {
      const file = files[index]!
      outcomes.set(
        file,
        result.status === 'fulfilled'
          ? { ok: true, exports: result.value as Readonly<Record<string, unknown>> }
          : { ok: false, error: result.reason },
      )
    })
    return { outcomes, loadedFiles }
  } finally {
    await api.unregister()
  }
}
