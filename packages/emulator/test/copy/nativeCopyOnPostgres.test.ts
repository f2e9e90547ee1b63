import { type PostgresServer, startPostgresServer } from '@redstore/test-support'
import { afterAll, beforeAll, vi } from 'vitest'
import { type CopyHarness, startCopyHarness } from './support/copyHarness.js'
import { nativeCopySuite } from './support/nativeCopySuite.js'

// Starting a PostgreSQL server with initdb takes seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

let server: PostgresServer
let h: CopyHarness
beforeAll(async () => {
  server = await startPostgresServer()
  h = await startCopyHarness({ backend: { postgresUrl: server.url } })
})
afterAll(async () => {
  await h?.stop()
  await server?.stop()
})

nativeCopySuite(() => h)
