import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A loaded 2-core CI machine makes property runs and the compiler-driven type test slow.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
