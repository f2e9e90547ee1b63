/**
 * `@redstore/codegen`: the `redstore-codegen` CLI and its pipeline as functions. Schema files
 * (`table()` definitions, OWOX-style objects and `*.schema.json` files) become, per table, a
 * typed `<Name>Row` / `<Name>Record` / `<Name>Storage` module and a `<name>.sql` DDL file;
 * `pull` writes a schema file from a live table.
 *
 * @example
 * ```ts
 * // redstore.config.ts
 * import { defineConfig } from '@redstore/codegen'
 * export default defineConfig({ schemas: ['src/schema/*.ts'], outDir: 'src/generated' })
 * ```
 */
export * from './analyzeSchemas.js'
export * from './CodegenConfig.js'
export * from './CodegenError.js'
export type * from './CodegenModel.js'
export * from './Diagnostic.js'
export { emitSql } from './emit/emitSql.js'
export { GENERATED_MARK, headerHash, isGeneratedText } from './emit/header.js'
export { moduleSpecifier } from './emit/specifier.js'
export * from './generate.js'
export * from './loadSchemaFiles.js'
export { emitSchemaFile } from './pull/emitSchemaFile.js'
export type { PulledColumn, PulledTable } from './pull/PulledTable.js'
export { commentsSql, parseTableName, primaryKeySql, pullTable } from './pull/pullTable.js'
export { type CliIo, ExitCode, runCli } from './runCli.js'
export * from './summary.js'
export * from './watch.js'
