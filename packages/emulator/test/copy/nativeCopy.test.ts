import { afterAll, beforeAll, vi } from 'vitest'
import { type CopyHarness, startCopyHarness } from './support/copyHarness.js'
import { nativeCopySuite } from './support/nativeCopySuite.js'

// One emulator (PGlite) and one s3rver for the whole file: each takes seconds to start.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 })

let h: CopyHarness
beforeAll(async () => {
  h = await startCopyHarness()
})
afterAll(async () => {
  await h?.stop()
})

nativeCopySuite(() => h)
