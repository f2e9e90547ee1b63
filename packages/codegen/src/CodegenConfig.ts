/**
 * What `redstore.config.ts` holds: where the schema files are, where output goes, and how
 * strict the run is. Paths are relative to the config file's directory.
 *
 * @example
 * ```ts
 * const config: CodegenConfig = { schemas: ['src/schema/*.ts'], outDir: 'src/generated' }
 * ```
 */
export interface CodegenConfig {
  /**
   * Glob patterns of schema files: TypeScript modules exporting `table()` definitions (or
   * OWOX-style schema objects), and OWOX `*.schema.json` files. `node_modules` and `outDir`
   * are never searched.
   */
  readonly schemas: string | ReadonlyArray<string>
  /** Where the generated `<name>.ts` and `<name>.sql` files go. */
  readonly outDir: string
  /**
   * What a Redshift reserved word used as a schema, table or column name is: `'warn'` (the
   * default) prints it and generates anyway, since the SQL redstore writes always quotes
   * names; `'error'` fails the run, for teams that also write SQL by hand.
   */
  readonly reservedWords?: 'error' | 'warn' | undefined
}

/**
 * Types a `redstore.config.ts` file; returns the config unchanged.
 *
 * @example
 * ```ts
 * // redstore.config.ts
 * import { defineConfig } from '@redstore/codegen'
 * export default defineConfig({ schemas: ['src/schema/*.ts'], outDir: 'src/generated' })
 * ```
 */
export const defineConfig = (config: CodegenConfig): CodegenConfig => config

/** The names `redstore-codegen` looks for in the working directory, in this order. */
export const configFileNames: ReadonlyArray<string> = [
  'redstore.config.ts',
  'redstore.config.mts',
  'redstore.config.js',
  'redstore.config.mjs',
]
