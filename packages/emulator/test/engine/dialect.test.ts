import { createEngine } from '../../src/engine/createEngine.js'
import { defineDialectSuite } from './dialectSuite.js'

defineDialectSuite('on PGlite', async () => {
  const engine = await createEngine('pglite', { databases: ['dev'] })
  return { engine, stop: () => engine.close() }
})
