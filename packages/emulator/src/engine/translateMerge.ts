import { type MergeShape, parseMerge } from './parseMerge.js'
import { type StatementPlan, sqlPlan } from './StatementPlan.js'
import { type AssignmentSlot, superAssignment } from './superAssignment.js'
import type { TokenEditor } from './TokenEditor.js'
import { type TranslateContext, translateExpressions } from './translateExpressions.js'

/** Redshift's error when one target row is matched by several source rows. */
export const MULTIPLE_MATCHES = 'ERROR: Found multiple matches to update the same tuple.'

/** The values a MERGE assigns to target columns, for the SUPER conversion. */
const assignmentSlots = (shape: MergeShape): AssignmentSlot[] => {
  const action = shape.action
  if (action.kind !== 'upsert') return []
  const updates =
    action.matched.kind === 'update'
      ? action.matched.assignments.map(({ column, value }) => ({ column, value }))
      : []
  const inserts = action.insertValues.map((value, k) => ({
    column: action.insertColumns?.[k] ?? k,
    value,
  }))
  return [...updates, ...inserts]
}

/**
 * MERGE with Redshift's grammar (see `parseMerge`): the paired WHEN form runs as PostgreSQL's
 * MERGE (its "cannot affect row a second time" becomes Redshift's multiple-match error);
 * `REMOVE DUPLICATES` becomes a multiple-match check, a DELETE of matched target rows and an
 * INSERT of all source rows.
 */
export const translateMerge = (editor: TokenEditor, context: TranslateContext): StatementPlan => {
  const shape = parseMerge(editor, context.caseSensitive)
  const { target: t, source: s, condition: c } = shape
  const writes = [editor.slice(t.from, t.to).replaceAll('"', '')]
  translateExpressions(editor, context)
  if (shape.action.kind === 'upsert') {
    const assigns = superAssignment(editor, t, assignmentSlots(shape))
    return sqlPlan(editor.emit(), { writes }, assigns)
  }
  const target = editor.slice(t.from, t.to)
  const targetName = editor.slice(t.to - 1, t.to)
  const source = editor.slice(s.from, s.to)
  const sourceClause =
    shape.sourceAlias !== undefined
      ? `${source} AS ${editor.slice(shape.sourceAlias, shape.sourceAlias + 1)}`
      : source
  const condition = editor.slice(c.from, c.to)
  return {
    kind: 'sql',
    steps: [
      {
        sql: `SELECT 1 FROM ${target} JOIN ${sourceClause} ON ${condition} GROUP BY ${targetName}.ctid HAVING count(*) > 1 LIMIT 1`,
        failIfRows: MULTIPLE_MATCHES,
      },
      { sql: `DELETE FROM ${target} USING ${sourceClause} WHERE ${condition}` },
      { sql: `INSERT INTO ${target} SELECT * FROM ${sourceClause}` },
    ],
    domains: [],
    writes,
    createsTemp: false,
  }
}
