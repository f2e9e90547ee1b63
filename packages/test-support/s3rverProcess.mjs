// Runs s3rver on 127.0.0.1 (a free port) with its data in a fresh temp directory, prints
// {"port": n} once listening, and stops when its parent closes stdin or sends SIGTERM.
// Started with --openssl-legacy-provider: s3rver encrypts ListObjectsV2 continuation tokens
// with DES, which OpenSSL 3 only offers through the legacy provider.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'

const directory = mkdtempSync(join(tmpdir(), 'redstore-s3-'))
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true })
const { port } = await server.run()
process.stdout.write(`${JSON.stringify({ port })}\n`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await server.close().catch(() => undefined)
  rmSync(directory, { recursive: true, force: true })
  process.exit(0)
}
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
