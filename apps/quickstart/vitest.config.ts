import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The demo starts PGlite and saves twice: minutes on a loaded 2-core machine, seconds otherwise.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
})
