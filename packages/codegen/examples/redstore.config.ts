import { defineConfig } from '@redstore/codegen'

export default defineConfig({
  schemas: ['src/schema/*.ts', 'src/schema/*.schema.json'],
  outDir: 'src/generated',
})
