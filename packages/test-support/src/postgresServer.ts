import { execFile } from 'node:child_process'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** A throwaway PostgreSQL server on 127.0.0.1, for tests of the server backend. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trust authentication. */
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const isRoot = (): boolean => process.getuid?.() === 0

/** Runs a server binary, as the postgres user when we are root (the binaries refuse root). */
const pgBinary = async (binary: string, args: ReadonlyArray<string>): Promise<string> => {
  const [file, argv] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', binary, ...args]]
    : [binary, [...args]]
  const { stdout } = await run(file, argv, { timeout: 60_000 })
  return stdout
}

const assertBinaries = async (): Promise<void> => {
  for (const binary of ['initdb', 'pg_ctl']) {
    try {
      await run(binary, ['--version'])
    } catch {
      throw new Error(
        `startPostgresServer: "${binary}" is not on the PATH. Install the PostgreSQL server binaries (initdb, pg_ctl, postgres; version 15 or later) to run the server-backend tests.`,
      )
    }
  }
}

/** The uid and gid of the postgres user, to hand it the temp directory. */
const postgresIds = async (): Promise<{ uid: number; gid: number }> => {
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim())
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim())
    return { uid, gid }
  } catch {
    throw new Error(
      'startPostgresServer: running as root needs a "postgres" system user to own the data directory (initdb refuses root).',
    )
  }
}

/** How to start the server. */
export interface PostgresServerOptions {
  /**
   * Server settings passed as `-c name=value`, on top of `listen_addresses`, `port`, the socket
   * directory and `fsync=off`; e.g. `{ standard_conforming_strings: 'off' }`.
   */
  readonly settings?: Readonly<Record<string, string>>
}

const settingArgs = (settings: Readonly<Record<string, string>>): string => {
  for (const [name, value] of Object.entries(settings)) {
    if (!/^[A-Za-z_.]+$/.test(name) || !/^[A-Za-z0-9_./:-]+$/.test(value))
      throw new Error(
        `startPostgresServer: setting ${JSON.stringify(name)} = ${JSON.stringify(value)} is not a plain name and value; use letters, digits and _ . / : -`,
      )
  }
  return Object.entries(settings)
    .map(([name, value]) => ` -c ${name}=${value}`)
    .join('')
}

/**
 * Starts PostgreSQL with initdb + pg_ctl in a fresh temp directory on a free 127.0.0.1 port,
 * with a UTF8 database.
 *
 * @example
 * const server = await startPostgresServer()
 * const engine = await createEngine({ postgresUrl: server.url }, { databases: ['dev'] })
 * await engine.close()
 * await server.stop()
 */
export const startPostgresServer = async (
  options: PostgresServerOptions = {},
): Promise<PostgresServer> => {
  const extra = settingArgs(options.settings ?? {})
  await assertBinaries()
  const dir = await mkdtemp(join(tmpdir(), 'redstore-pg-'))
  if (isRoot()) {
    const { uid, gid } = await postgresIds()
    await chown(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const port = await freePort()
  try {
    await pgBinary('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ])
    await pgBinary('pg_ctl', [
      '-D',
      data,
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off${extra}`,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
    ])
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`startPostgresServer: could not start PostgreSQL in ${dir}: ${String(error)}`)
  }
  let stopped = false
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return
      stopped = true
      await pgBinary('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
