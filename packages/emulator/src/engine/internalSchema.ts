import { INTERNAL_SCHEMA } from './translateType.js'

/** Schemas the engine owns; metadata never lists them. */
export const isPrivateSchema = (schema: string): boolean =>
  schema === INTERNAL_SCHEMA ||
  schema.startsWith('redstore_session_') ||
  schema.startsWith('pg_temp_') ||
  schema.startsWith('pg_toast')

/** A LIKE pattern of the schemas `isPrivateSchema` hides, for catalog queries. */
export const PRIVATE_SCHEMA_FILTER = `n.nspname <> '${INTERNAL_SCHEMA}' AND n.nspname NOT LIKE 'redstore\\_session\\_%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast%'`

const s = INTERNAL_SCHEMA

/** Creates the engine's schema: Redshift functions PostgreSQL lacks. Idempotent. */
export const internalSchemaSql: ReadonlyArray<string> = [
  `CREATE SCHEMA IF NOT EXISTS ${s}`,
  `GRANT USAGE ON SCHEMA ${s} TO PUBLIC`,
  `CREATE OR REPLACE FUNCTION ${s}.json_parse(text) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT $1::jsonb $$`,
  `CREATE OR REPLACE FUNCTION ${s}.json_serialize(jsonb) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT regexp_replace($1::text, '("(?:[^"\\\\]|\\\\.)*")|\\s+', '\\1', 'g') $$`,
  `CREATE OR REPLACE FUNCTION ${s}.is_valid_json(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN PERFORM $1::jsonb; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$`,
  `CREATE OR REPLACE FUNCTION ${s}.is_valid_json_array(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN jsonb_typeof($1::jsonb) = 'array'; EXCEPTION WHEN others THEN RETURN false; END $$`,
  `CREATE OR REPLACE FUNCTION ${s}.json_extract_path_text(text, VARIADIC text[]) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ($1::json) #>> $2 $$`,
  `CREATE OR REPLACE FUNCTION ${s}.json_array_length(text) RETURNS int4 LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT json_array_length($1::json) $$`,
  `CREATE OR REPLACE FUNCTION ${s}.from_hex(text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT decode($1, 'hex') $$`,
  `CREATE OR REPLACE FUNCTION ${s}.to_hex(bytea) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT encode($1, 'hex') $$`,
  `CREATE OR REPLACE FUNCTION ${s}.to_hex(bigint) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT pg_catalog.to_hex($1) $$`,
  `CREATE OR REPLACE FUNCTION ${s}.getdate() RETURNS timestamp LANGUAGE sql STABLE AS $$ SELECT date_trunc('second', statement_timestamp() AT TIME ZONE current_setting('TimeZone')) $$`,
  `CREATE OR REPLACE FUNCTION ${s}.sysdate() RETURNS timestamp LANGUAGE sql STABLE AS $$ SELECT now() AT TIME ZONE current_setting('TimeZone') $$`,
]
