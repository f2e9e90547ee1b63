import { defineConfig } from '@redstore/codegen'

export default defineConfig({
  schemas: ['src/schema/*.ts'],
  outDir: 'src/generated',
})
