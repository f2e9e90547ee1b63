import { execFile, spawn } from 'node:child_process'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)

/**
 * A throwaway PostgreSQL server on 127.0.0.1 whose sessions read string literals with
 * backslash escapes (`standard_conforming_strings = off`), the rule Redshift follows.
 */
export interface Postgres {
  /** Runs SQL text in one session, stopping at the first error; resolves with `psql -At` output. */
  run(sql: string): Promise<string>
  stop(): Promise<void>
}

const asRoot = process.getuid?.() === 0

const serverBinary = (binary: string, args: ReadonlyArray<string>) =>
  asRoot
    ? exec('runuser', ['-u', 'postgres', '--', binary, ...args], { timeout: 60_000 })
    : exec(binary, [...args], { timeout: 60_000 })

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

export const startPostgres = async (): Promise<Postgres> => {
  const dir = await mkdtemp(join(tmpdir(), 'redstore-sql-pg-'))
  if (asRoot) {
    const uid = Number((await exec('id', ['-u', 'postgres'])).stdout.trim())
    const gid = Number((await exec('id', ['-g', 'postgres'])).stdout.trim())
    await chown(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const port = await freePort()
  await serverBinary('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
  ])
  await serverBinary('pg_ctl', [
    '-D',
    data,
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c standard_conforming_strings=off -c escape_string_warning=off -c TimeZone=UTC`,
    '-l',
    join(dir, 'server.log'),
    '-w',
    'start',
  ])
  return {
    run: (sql) =>
      new Promise((resolve, reject) => {
        const psql = spawn(
          'psql',
          [
            '-X',
            '-q',
            '-A',
            '-t',
            '-F',
            '|',
            '-v',
            'ON_ERROR_STOP=1',
            '-h',
            '127.0.0.1',
            '-p',
            String(port),
            '-U',
            'postgres',
            '-d',
            'postgres',
          ],
          { stdio: ['pipe', 'pipe', 'pipe'] },
        )
        let out = ''
        let err = ''
        psql.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8')
        })
        psql.stderr.on('data', (chunk: Buffer) => {
          err += chunk.toString('utf8')
        })
        psql.on('error', reject)
        psql.on('close', (code) => {
          if (code === 0) resolve(out)
          else reject(new Error(`psql exited with ${code}: ${err}`))
        })
        psql.stdin.end(sql)
      }),
    async stop() {
      await serverBinary('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Joins statements into one script, each terminated, as psql reads them. */
export const script = (statements: ReadonlyArray<string>): string =>
  statements.map((s) => `${s};\n`).join('')
