import type { S3Settings } from './copy/S3Source.js'
import type { BackendOptions, Engine } from './Engine.js'
import { createPgliteEngine } from './PgliteEngine.js'
import { createPostgresEngine } from './PostgresEngine.js'

export interface CreateEngineOptions {
  /** Databases the engine serves; each exists once the engine is created (or on first use on PGlite). */
  readonly databases: ReadonlyArray<string>
  /** Where COPY reads S3 objects; without it COPY fails with a clear error. */
  readonly s3?: S3Settings
}

/**
 * Creates the SQL engine: Redshift dialect translated to PostgreSQL and run on PGlite
 * (in memory or in a data directory) or on a PostgreSQL server.
 *
 * @example
 * const engine = await createEngine('pglite', { databases: ['dev'] })
 * const session = await engine.openSession({ database: 'dev', user: 'IAM:alice' })
 * const result = await session.run('SELECT current_user')
 * await session.close()
 * await engine.close()
 */
export const createEngine = async (
  backend: BackendOptions,
  options: CreateEngineOptions,
): Promise<Engine> => {
  if (options.databases.length === 0) {
    throw new Error('createEngine: configure at least one database (e.g. databases: ["dev"])')
  }
  if (backend === 'pglite') return createPgliteEngine(undefined, options.databases, options.s3)
  if ('pgliteDataDir' in backend)
    return createPgliteEngine(backend.pgliteDataDir, options.databases, options.s3)
  return createPostgresEngine(backend.postgresUrl, options.databases, options.s3)
}
