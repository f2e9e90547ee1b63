import type { DataApiClient } from '@redstore/data-api'
import { liveColumnOf, normalizeIdent } from '@redstore/sql'
import { CodegenError } from '../CodegenError.js'
import type { PulledTable } from './PulledTable.js'

/**
 * The primary key's columns in key order, from the catalog views Redshift and the emulator
 * both keep (`information_schema.table_constraints` + `key_column_usage`).
 */
export const primaryKeySql = `SELECT kcu.column_name
  FROM information_schema.table_constraints AS tc
  JOIN information_schema.key_column_usage AS kcu
    ON kcu.constraint_schema = tc.constraint_schema
   AND kcu.constraint_name = tc.constraint_name
   AND kcu.table_schema = tc.table_schema
   AND kcu.table_name = tc.table_name
 WHERE tc.constraint_type = 'PRIMARY KEY'
   AND tc.table_schema = :schema
   AND tc.table_name = :table
 ORDER BY kcu.ordinal_position`

/** The table's and its columns' comments, from `pg_description` (objsubid 0 is the table). */
export const commentsSql = `SELECT d.objsubid AS position, a.attname AS column_name, d.description AS comment
  FROM pg_catalog.pg_description AS d
  JOIN pg_catalog.pg_class AS c ON c.oid = d.objoid
  JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = d.objsubid
 WHERE n.nspname = :schema
   AND c.relname = :table`

/**
 * `schema.name` as Redshift folds it; a name without a schema is in `public`.
 *
 * @example
 * ```ts
 * parseTableName('Shop.Orders') // { schema: 'shop', name: 'orders' }
 * ```
 */
export const parseTableName = (text: string): { schema: string; name: string } => {
  const dot = text.indexOf('.')
  const [schema, name] = dot === -1 ? ['public', text] : [text.slice(0, dot), text.slice(dot + 1)]
  if (schema === '' || name === '') {
    throw new CodegenError({
      what: `--table ${JSON.stringify(text)} is not a table name`,
      fix: 'Write --table <schema>.<name>, e.g. --table shop.orders',
    })
  }
  return { schema: normalizeIdent(schema), name: normalizeIdent(name) }
}

/**
 * Reads a live table through the Data API: its columns (DescribeTable), its primary key
 * (unless `keys` is given) and its comments.
 *
 * @throws CodegenError when the table does not exist, or has no key and none was given.
 * @example
 * ```ts
 * const pulled = await pullTable(createDataApiClient(), { schema: 'shop', name: 'orders' })
 * ```
 */
export const pullTable = async (
  client: DataApiClient,
  table: { readonly schema: string; readonly name: string },
  keys?: ReadonlyArray<string>,
): Promise<PulledTable> => {
  const described = await client.describeTable({ schema: table.schema, table: table.name })
  if (described.length === 0) {
    throw new CodegenError({
      what: `Table "${table.schema}"."${table.name}" does not exist (DescribeTable reports no columns)`,
      fix: 'Check the name and the connection (REDSHIFT_WORKGROUP or REDSHIFT_CLUSTER, REDSHIFT_DATABASE)',
    })
  }
  const parameters = { schema: table.schema, table: table.name }
  const [keyRows, commentRows] = await Promise.all([
    keys === undefined ? client.query(primaryKeySql, { parameters }) : Promise.resolve([]),
    client.query(commentsSql, { parameters }),
  ])
  const columnComments = new Map<string, string>()
  let comment: string | undefined
  for (const row of commentRows) {
    const text = row['comment']
    if (typeof text !== 'string') continue
    if (Number(row['position']) === 0) comment = text
    else if (typeof row['column_name'] === 'string') columnComments.set(row['column_name'], text)
  }
  const columns = described.map((metadata) => {
    const live = liveColumnOf(metadata)
    const columnComment = columnComments.get(live.name)
    return {
      name: live.name,
      type: live.type,
      typeText: live.typeText,
      nullable: live.nullable,
      ...(columnComment === undefined ? {} : { comment: columnComment }),
    }
  })
  const keyNames =
    keys === undefined ? keyRows.map((row) => String(row['column_name'])) : keys.map(normalizeIdent)
  if (keyNames.length === 0) {
    throw new CodegenError({
      what: `Table "${table.schema}"."${table.name}" has no PRIMARY KEY, so its unique keys are unknown`,
      fix: 'Name them: --keys id (or --keys a,b for a composite key)',
    })
  }
  const missing = keyNames.filter((k) => !columns.some((c) => c.name === k))
  if (missing.length > 0) {
    throw new CodegenError({
      what: `Key ${missing.map((k) => `"${k}"`).join(', ')} is not a column of "${table.schema}"."${table.name}"`,
      fix: `Name columns of the table: ${columns.map((c) => c.name).join(', ')}`,
    })
  }
  return {
    schema: table.schema,
    name: table.name,
    keys: keyNames,
    // Key columns are NOT NULL whatever the catalog says, as in the table model.
    columns: columns.map((c) => (keyNames.includes(c.name) ? { ...c, nullable: false } : c)),
    ...(comment === undefined ? {} : { comment }),
  }
}
