import { startPostgresServer } from '@redstore/test-support'
import { createEngine } from '../../src/engine/createEngine.js'
import { defineDialectSuite } from './dialectSuite.js'

defineDialectSuite('on a PostgreSQL server', async () => {
  const server = await startPostgresServer()
  const engine = await createEngine({ postgresUrl: server.url }, { databases: ['dev'] })
  return {
    engine,
    async stop() {
      await engine.close()
      await server.stop()
    },
  }
})
