import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import type { SchemaAnalysis } from '../analyzeSchemas.js'
import type { ProjectSettings } from './resolveProject.js'

/** How a file looked when a run read it: its content hash, or (inside node_modules) size and time. */
type FileState = string

/** A run's settings and analysis, and the state of every file they came from. */
export interface StoredAnalysis {
  readonly key: string
  readonly files: Readonly<Record<string, FileState>>
  /** The schema files the patterns matched. */
  readonly matched: ReadonlyArray<string>
  readonly settings: ProjectSettings
  readonly analysis: SchemaAnalysis
}

const sha1 = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex')

const stateOf = async (file: string): Promise<FileState | undefined> => {
  try {
    if (file.includes('/node_modules/')) {
      const s = await stat(file)
      return `${s.size}:${s.mtimeMs}`
    }
    return sha1(await readFile(file))
  } catch {
    return undefined
  }
}

/** The states of `files`, for storing. */
export const fileStates = async (files: Iterable<string>): Promise<Record<string, FileState>> => {
  const entries = await Promise.all(
    [...files].sort().map(async (f) => [f, (await stateOf(f)) ?? 'missing'] as const),
  )
  return Object.fromEntries(entries)
}

/** The cache key of a run's options: a stored analysis is reused only under the same ones. */
export const analysisKey = (options: unknown): string => sha1(JSON.stringify(options))

/**
 * The stored analysis when its key matches and every file it came from is as it was (content
 * for project files, size and modification time for installed packages); else undefined.
 */
export const readStoredAnalysis = async (
  file: string,
  key: string,
): Promise<StoredAnalysis | undefined> => {
  let stored: StoredAnalysis
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as StoredAnalysis
  } catch {
    return undefined
  }
  if (stored?.key !== key || typeof stored.files !== 'object') return undefined
  const checks = await Promise.all(
    Object.entries(stored.files).map(async ([f, state]) => (await stateOf(f)) === state),
  )
  return checks.every(Boolean) ? stored : undefined
}
