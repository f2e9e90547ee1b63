/**
 * `@redstore/storage`: typed upserts into Amazon Redshift through the Data API. `init()`
 * creates or evolves the table, `saveData(rows)` upserts rows with MERGE through staging
 * tables in batches sized to the Data API's limits, `read()` reads them back decoded.
 *
 * @example
 * ```ts
 * import { RedshiftStorage, staticKeys } from '@redstore/storage'
 * const storage = new RedshiftStorage({ table, connection: { workgroupName: 'wg', database: 'dev', region: 'us-east-1' } })
 * await storage.saveData([{ id: 1, name: 'Ann' }])
 * await storage.close()
 * ```
 */
export {
  assumeRole,
  defaultChain,
  profile,
  staticKeys,
} from '@redstore/data-api'
export type { JsonValue, TableModel } from '@redstore/sql'
export * from './compat/AbstractConfig.js'
export * from './compat/AwsRedshiftStorage.js'
export * from './RedshiftStorage.js'
export * from './SaveSummary.js'
export * from './Storage.js'
export * from './StorageError.js'
export * from './StorageOptions.js'
