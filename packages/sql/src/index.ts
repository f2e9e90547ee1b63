/**
 * `@redstore/sql`: the pure Redshift dialect of redstore. Identifiers, literals, column types,
 * value encoding, DDL, MERGE upserts and a byte-limited batch planner; no I/O.
 *
 * @example
 * ```ts
 * import { normalizeTableModel, createTable, planUpsert } from '@redstore/sql'
 * const model = normalizeTableModel({ schema: 'public', name: 'users', keys: ['id'],
 *   columns: [{ name: 'id', type: 'BIGINT' }, { name: 'name', type: 'VARCHAR(100)' }] })
 * createTable(model)
 * for (const batch of planUpsert(model, [{ id: 1, name: 'Ann' }])) console.log(batch.sqls)
 * ```
 */
export type * from './BatchPlan.js'
export * from './copyLoad.js'
export * from './copyRecord.js'
export * from './ddl.js'
export * from './encodeRow.js'
export * from './identifier.js'
export * from './inferColumnType.js'
export type * from './JsonValue.js'
export * from './literal.js'
export * from './liveTable.js'
export * from './planLimits.js'
export * from './planUpsert.js'
export * from './reservedWords.js'
export * from './SqlError.js'
export * from './TableModel.js'
export * from './TableModelSource.js'
export * from './tableDiff.js'
export * from './tableModelHash.js'
export * from './types/parseRedshiftType.js'
export * from './types/RedshiftType.js'
export * from './types/resolveSourceType.js'
export * from './UpsertPlanner.js'
export * from './upsert.js'
export * from './validateRows.js'
export * from './values/encodeValue.js'
