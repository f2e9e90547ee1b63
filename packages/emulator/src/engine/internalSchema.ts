import type { SqlConnection } from './SqlConnection.js'
import { INTERNAL_SCHEMA, MAX_SUPER_BYTES, MAX_SUPER_STRING_BYTES } from './translateType.js'

/** Schemas the engine owns; metadata never lists them. */
export const isPrivateSchema = (schema: string): boolean =>
  schema === INTERNAL_SCHEMA ||
  schema.startsWith('redstore_session_') ||
  schema.startsWith('pg_temp_') ||
  schema.startsWith('pg_toast')

/** A SQL condition true when `column` names none of the schemas `isPrivateSchema` hides. */
export const publicSchemaCondition = (column: string): string =>
  `${column} <> '${INTERNAL_SCHEMA}' AND ${column} NOT LIKE 'redstore\\_session\\_%' AND ${column} NOT LIKE 'pg\\_temp\\_%' AND ${column} NOT LIKE 'pg\\_toast%'`

/** The condition on `n.nspname` used by the catalog queries. */
export const PRIVATE_SCHEMA_FILTER = publicSchemaCondition('n.nspname')

const s = INTERNAL_SCHEMA

/** Creates the engine's schema: Redshift functions PostgreSQL lacks. Idempotent. */
export const internalSchemaSql: ReadonlyArray<string> = [
  `CREATE SCHEMA IF NOT EXISTS ${s}`,
  `GRANT USAGE ON SCHEMA ${s} TO PUBLIC`,
  `CREATE OR REPLACE FUNCTION ${s}.json_parse(text) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT $1::jsonb $$`,
  // A value assigned to SUPER: text becomes a JSON string, SUPER stays, other scalars become JSON.
  `CREATE OR REPLACE FUNCTION ${s}.super_of(text) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT pg_catalog.to_jsonb($1) $$`,
  `CREATE OR REPLACE FUNCTION ${s}.super_of(jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$`,
  `CREATE OR REPLACE FUNCTION ${s}.super_of(anyelement) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT pg_catalog.to_jsonb($1) $$`,
  `CREATE OR REPLACE FUNCTION ${s}.json_serialize(jsonb) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT regexp_replace($1::text, '("(?:[^"\\\\]|\\\\.)*")|\\s+', '\\1', 'g') $$`,
  `CREATE OR REPLACE FUNCTION ${s}.is_valid_json(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN PERFORM $1::jsonb; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$`,
  `CREATE OR REPLACE FUNCTION ${s}.is_valid_json_array(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN jsonb_typeof($1::jsonb) = 'array'; EXCEPTION WHEN others THEN RETURN false; END $$`,
  `CREATE OR REPLACE FUNCTION ${s}.json_extract_path_text(text, VARIADIC text[]) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ($1::json) #>> $2 $$`,
  `CREATE OR REPLACE FUNCTION ${s}.json_array_length(text) RETURNS int4 LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT json_array_length($1::json) $$`,
  `CREATE OR REPLACE FUNCTION ${s}.from_hex(text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT decode($1, 'hex') $$`,
  `CREATE OR REPLACE FUNCTION ${s}.to_hex(bytea) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT encode($1, 'hex') $$`,
  `CREATE OR REPLACE FUNCTION ${s}.to_hex(bigint) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT pg_catalog.to_hex($1) $$`,
  // CHAR's single-byte rule: called only when a value has a multibyte character; names the first one.
  `CREATE OR REPLACE FUNCTION ${s}.char_multibyte_error(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$ DECLARE c text; BEGIN SELECT ch INTO c FROM regexp_split_to_table($1, '') AS ch WHERE octet_length(ch) > 1 LIMIT 1; RAISE EXCEPTION USING ERRCODE = '22021', MESSAGE = 'Multibyte character not supported for CHAR (Hint: Try using VARCHAR). Invalid char: ' || encode(convert_to(c, 'UTF8'), 'hex'); END $$`,
  // SUPER's limits: called only for values whose jsonb text is longer than one maximal string.
  `CREATE OR REPLACE FUNCTION ${s}.super_within_limits(jsonb) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$ DECLARE size bigint; long_string int; BEGIN
     IF octet_length($1::text) > ${MAX_SUPER_BYTES} THEN
       size := octet_length(${s}.json_serialize($1));
       IF size > ${MAX_SUPER_BYTES} THEN RAISE EXCEPTION USING ERRCODE = '54000', MESSAGE = format('SUPER value of %s bytes exceeds the maximum size of ${MAX_SUPER_BYTES} bytes', size); END IF;
     END IF;
     SELECT octet_length(v #>> '{}') INTO long_string FROM jsonb_path_query($1, 'strict $.**') AS x(v) WHERE jsonb_typeof(v) = 'string' AND octet_length(v #>> '{}') > ${MAX_SUPER_STRING_BYTES} LIMIT 1;
     IF long_string IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = '22001', MESSAGE = format('string of %s bytes inside a SUPER value exceeds the maximum of ${MAX_SUPER_STRING_BYTES} bytes', long_string); END IF;
     RETURN true; END $$`,
  `CREATE OR REPLACE FUNCTION ${s}.getdate() RETURNS timestamp LANGUAGE sql STABLE AS $$ SELECT date_trunc('second', statement_timestamp() AT TIME ZONE current_setting('TimeZone')) $$`,
  `CREATE OR REPLACE FUNCTION ${s}.sysdate() RETURNS timestamp LANGUAGE sql STABLE AS $$ SELECT now() AT TIME ZONE current_setting('TimeZone') $$`,
]

/**
 * information_schema views the engine shadows: private schemas hidden, SUPER and VARBYTE named
 * as Redshift names them (with VARBYTE's length), declared primary keys reported.
 */
export const SHADOWED_INFORMATION_SCHEMA: ReadonlySet<string> = new Set([
  'columns',
  'tables',
  'schemata',
  'views',
  'table_constraints',
  'key_column_usage',
])

/** Declared primary keys: the unenforced exclusion constraints CREATE TABLE keeps them as. */
const primaryKeysFrom = `FROM pg_catalog.pg_constraint AS con
  JOIN pg_catalog.pg_class AS c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace`
const primaryKeysWhere = `con.contype = 'x' AND ${publicSchemaCondition('n.nspname')}`

/** Values of the primary-key rows added to a shadowed view, by column; others are NULL. */
const primaryKeyRows: Readonly<Record<string, { values: Record<string, string>; from: string }>> = {
  table_constraints: {
    values: {
      constraint_catalog: 'current_database()',
      constraint_schema: 'n.nspname',
      constraint_name: 'con.conname',
      table_catalog: 'current_database()',
      table_schema: 'n.nspname',
      table_name: 'c.relname',
      constraint_type: "'PRIMARY KEY'",
      is_deferrable: "'NO'",
      initially_deferred: "'NO'",
      enforced: "'NO'",
    },
    from: `${primaryKeysFrom} WHERE ${primaryKeysWhere}`,
  },
  key_column_usage: {
    values: {
      constraint_catalog: 'current_database()',
      constraint_schema: 'n.nspname',
      constraint_name: 'con.conname',
      table_catalog: 'current_database()',
      table_schema: 'n.nspname',
      table_name: 'c.relname',
      column_name: 'a.attname',
      ordinal_position: 'k.position',
    },
    from: `${primaryKeysFrom}
  CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
  JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = k.attnum
 WHERE ${primaryKeysWhere}`,
  },
}

/** pg_constraint with declared primary keys as contype 'p', as Redshift reports them. */
const pgConstraintSql = async (connection: SqlConnection): Promise<string> => {
  const raw = await connection.query(
    `SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = 'pg_catalog.pg_constraint'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  )
  const columns = raw.rows.map((row) =>
    row[0] === 'contype'
      ? `CASE WHEN v.contype = 'x' THEN 'p'::"char" ELSE v.contype END AS contype`
      : `v."${row[0]}"`,
  )
  return `CREATE OR REPLACE VIEW ${s}.pg_constraint AS SELECT ${columns.join(', ')} FROM pg_catalog.pg_constraint AS v`
}

const redshiftTypeCase = (expression: string, jsonb: string, bytea: string): string =>
  `CASE ${expression} WHEN 'jsonb' THEN '${jsonb}' WHEN 'bytea' THEN '${bytea}' ELSE ${expression} END`

const shadowColumn = (view: string, column: string): string => {
  if (view === 'columns' && column === 'character_maximum_length') {
    // VARBYTE(n) is the domain varbyte_<n>: report n, as Redshift does.
    return `(CASE WHEN v.domain_schema = '${INTERNAL_SCHEMA}' AND v.domain_name ~ '^varbyte_[0-9]+$' THEN substring(v.domain_name from 9)::int ELSE v.character_maximum_length END)::information_schema.cardinal_number AS character_maximum_length`
  }
  if (view === 'columns' && column === 'data_type') {
    return `(${redshiftTypeCase('v.data_type', 'super', 'binary varying')})::information_schema.character_data AS data_type`
  }
  if (view === 'columns' && column === 'udt_name') {
    return `(${redshiftTypeCase('v.udt_name', 'super', 'varbyte')})::information_schema.sql_identifier AS udt_name`
  }
  return `v."${column}"`
}

const pgTableDefSql = `CREATE OR REPLACE VIEW ${s}.pg_table_def AS
  SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname AS "column",
         CASE coalesce(bt.typname, t.typname) WHEN 'jsonb' THEN 'super' WHEN 'bytea' THEN 'varbyte'
              ELSE format_type(coalesce(bt.oid, t.oid), CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) END AS type,
         'none'::text AS encoding, false AS distkey, 0 AS sortkey, a.attnotnull AS notnull
    FROM pg_catalog.pg_attribute AS a
    JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
    LEFT JOIN pg_catalog.pg_type AS bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
   WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
     AND n.nspname = ANY (current_schemas(false)) AND ${publicSchemaCondition('n.nspname')}`

/** Creates (or refreshes) the engine's schema on one database. Idempotent. */
export const setUpInternalSchema = async (connection: SqlConnection): Promise<void> => {
  for (const sql of internalSchemaSql) await connection.query(sql)
  for (const view of SHADOWED_INFORMATION_SCHEMA) {
    const raw = await connection.query(
      `SELECT attname, format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute WHERE attrelid = 'information_schema.${view}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    )
    const columns = raw.rows.map((row) => shadowColumn(view, row[0] ?? ''))
    const schemaColumn = view === 'schemata' ? 'v.schema_name' : 'v.table_schema'
    const keys = primaryKeyRows[view]
    const keyRows =
      keys === undefined
        ? ''
        : ` UNION ALL SELECT ${raw.rows
            .map((row) => `(${keys.values[row[0] ?? ''] ?? 'NULL'})::${row[1]} AS "${row[0]}"`)
            .join(', ')} ${keys.from}`
    await connection.query(
      `CREATE OR REPLACE VIEW ${s}.${view} AS SELECT ${columns.join(', ')} FROM information_schema.${view} AS v WHERE ${publicSchemaCondition(schemaColumn)}${keyRows}`,
    )
  }
  await connection.query(await pgConstraintSql(connection))
  await connection.query(pgTableDefSql)
  await connection.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO PUBLIC`)
}
