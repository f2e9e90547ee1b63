import { spawn } from 'node:child_process'
import type { PostgresServer } from './postgresServer.js'

/**
 * Runs SQL text on `server` in one `psql` session, stopping at the first error. Resolves with the
 * unaligned, tuples-only output (`psql -At`, fields separated by `|`); rejects with psql's
 * error text.
 *
 * @example
 * const out = await psql(server, "SELECT 1, 'a';")
 * // out === '1|a\n'
 */
export const psql = (server: PostgresServer, sql: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(
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
        String(server.port),
        '-U',
        'postgres',
        '-d',
        'postgres',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    )
    const out: Array<Buffer> = []
    const err: Array<Buffer> = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'))
      else reject(new Error(`psql exited with ${code}: ${Buffer.concat(err).toString('utf8')}`))
    })
    child.stdin.end(sql)
  })
