import type { CopyCommand } from './copy/CopyCommand.js'
import type { SuperAssignment } from './superAssignment.js'

/** Stands for the session's default (first non-temporary) schema in PGlite plans. */
export const DEFAULT_SCHEMA_SLOT = '\u0000default_schema\u0000'

/** One PostgreSQL statement of a plan. */
export interface PlanStep {
  readonly sql: string
  /** When set, the step must return no rows, else the statement fails with this message. */
  readonly failIfRows?: string
  /** When set, the SQL to run is `assigns.sqlFor` of the written table's columns, not `sql`. */
  readonly assigns?: SuperAssignment
}

/** What one Redshift statement becomes on PostgreSQL. */
export type StatementPlan =
  | { readonly kind: 'begin' }
  | { readonly kind: 'commit' }
  | { readonly kind: 'rollback' }
  /** A Redshift-only setting the engine keeps per session (`undefined` value = RESET). */
  | { readonly kind: 'setting'; readonly name: string; readonly value: string | undefined }
  | { readonly kind: 'show'; readonly name: string }
  /** RESET ALL: PostgreSQL's settings and the emulated ones. */
  | { readonly kind: 'resetAll' }
  | {
      readonly kind: 'alterColumnType'
      /** Table as written (already translated), for the ALTER. */
      readonly table: string
      /** Table name parts, unquoted and folded, for the catalog look-up. */
      readonly schemaName: string | undefined
      readonly tableName: string
      readonly column: string
      readonly length: number
    }
  /** COPY from S3: run by the engine, not by PostgreSQL. */
  | { readonly kind: 'copy'; readonly command: CopyCommand }
  | {
      readonly kind: 'sql'
      /** Run in order in one unit; the last step gives the result. */
      readonly steps: ReadonlyArray<PlanStep>
      /** Private domains (`varchar_10`, ...) the steps use; created first when missing. */
      readonly domains: ReadonlyArray<string>
      /** Tables written, for the wording of a serializable-isolation error. */
      readonly writes: ReadonlyArray<string>
      /** The statement creates an emulated temp table (the session schema must exist). */
      readonly createsTemp: boolean
      /** Commits the open transaction block first, as Redshift's TRUNCATE does. */
      readonly commitsTransaction?: boolean
      /** A plain SET/RESET of a PostgreSQL setting (replayed when PGlite switches sessions). */
      readonly setting?: { readonly name: string; readonly sql: string | undefined }
    }

/** A plan that runs one translated statement. */
export const sqlPlan = (
  sql: string,
  extra: Partial<Extract<StatementPlan, { kind: 'sql' }>> = {},
  assigns?: SuperAssignment,
): StatementPlan => ({
  kind: 'sql',
  steps: [assigns ? { sql, assigns } : { sql }],
  domains: [],
  writes: [],
  createsTemp: false,
  ...extra,
})

/** A plan with nothing to run (a statement the engine accepts and ignores). */
export const emptyPlan = (): StatementPlan => ({
  kind: 'sql',
  steps: [],
  domains: [],
  writes: [],
  createsTemp: false,
})
