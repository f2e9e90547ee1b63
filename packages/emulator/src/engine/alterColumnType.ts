import { RedshiftSqlError } from './Engine.js'
import type { SqlConnection } from './SqlConnection.js'
import type { StatementPlan } from './StatementPlan.js'
import { pgIdentifier, pgLiteral } from './TokenEditor.js'
import { INTERNAL_SCHEMA } from './translateType.js'

type AlterColumnTypePlan = Extract<StatementPlan, { kind: 'alterColumnType' }>

/**
 * Checks an ALTER COLUMN TYPE against Redshift's rule (only a VARCHAR column, only wider)
 * and returns the ALTER that applies it.
 */
export const alterColumnTypeSql = async (
  connection: SqlConnection,
  plan: AlterColumnTypePlan,
): Promise<string> => {
  const raw = await connection.query(
    `SELECT coalesce(bt.typname, t.typname), CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, to_regclass(${pgLiteral(plan.table)}) IS NOT NULL
       FROM (SELECT 1) AS one
       LEFT JOIN pg_attribute AS a ON a.attrelid = to_regclass(${pgLiteral(plan.table)}) AND a.attname = ${pgLiteral(plan.column)} AND NOT a.attisdropped
       LEFT JOIN pg_type AS t ON t.oid = a.atttypid
       LEFT JOIN pg_type AS bt ON t.typtype = 'd' AND bt.oid = t.typbasetype`,
  )
  const [typname, typmod, tableExists] = raw.rows[0] ?? []
  const shown = plan.schemaName ? `${plan.schemaName}.${plan.tableName}` : plan.tableName
  if (tableExists !== 't') {
    throw new RedshiftSqlError(`ERROR: relation "${shown}" does not exist`, '42P01')
  }
  if (!typname) {
    throw new RedshiftSqlError(
      `ERROR: column "${plan.column}" of relation "${plan.tableName}" does not exist`,
      '42703',
    )
  }
  if (typname !== 'varchar') {
    throw new RedshiftSqlError(
      `ERROR: ALTER COLUMN TYPE is supported only for VARCHAR columns; column "${plan.column}" is ${typname}`,
      '0A000',
    )
  }
  const current = Number(typmod) - 4
  if (Number(typmod) >= 0 && plan.length < current) {
    throw new RedshiftSqlError(
      `ERROR: cannot alter column "${plan.column}" of relation "${plan.tableName}", target column size ${plan.length} should be greater or equal to current maximum column size ${current}`,
      '0A000',
    )
  }
  return `ALTER TABLE ${plan.table} ALTER COLUMN ${pgIdentifier(plan.column)} TYPE ${INTERNAL_SCHEMA}.varchar_${plan.length}`
}
