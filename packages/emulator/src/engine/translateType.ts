import { RedshiftSqlError } from './Engine.js'
import type { TokenEditor } from './TokenEditor.js'

/** The schema holding the engine's domains and Redshift functions; hidden from metadata. */
export const INTERNAL_SCHEMA = 'redstore_internal'

export const MAX_VARCHAR = 65535
export const MAX_CHAR = 4096
/** VARBYTE's documented range is 1 to 16,777,216 bytes; a bare VARBYTE holds 64,000. */
export const MAX_VARBYTE = 16_777_216
export const DEFAULT_VARBYTE = 64_000
/** A SUPER value serializes to at most 16 MB; each string inside holds at most 65535 bytes. */
export const MAX_SUPER_BYTES = 16_777_216
export const MAX_SUPER_STRING_BYTES = 65_535

/** A parsed type: where it ends and its PostgreSQL spelling. */
export interface TranslatedType {
  /** Index just past the type's last token. */
  readonly end: number
  readonly sql: string
  /** The private domain the type needs, e.g. `varchar_10`. */
  readonly domain?: string
}

const typeError = (message: string): RedshiftSqlError =>
  new RedshiftSqlError(`ERROR: ${message}`, '22023')

/** Reads `( n )` or `( MAX )` at `i`; undefined when there is no parenthesised length. */
const readLength = (
  editor: TokenEditor,
  i: number,
): { end: number; length: number | 'max'; scale?: number } | undefined => {
  if (!editor.isSymbol(i, '(')) return undefined
  const first = editor.sig[i + 1]
  if (first?.kind === 'word' && first.value === 'max' && editor.isSymbol(i + 2, ')')) {
    return { end: i + 3, length: 'max' }
  }
  if (first?.kind !== 'number') return undefined
  if (editor.isSymbol(i + 2, ')')) return { end: i + 3, length: Number(first.value) }
  const second = editor.sig[i + 3]
  if (editor.isSymbol(i + 2, ',') && second?.kind === 'number' && editor.isSymbol(i + 4, ')')) {
    return { end: i + 5, length: Number(first.value), scale: Number(second.value) }
  }
  return undefined
}

const characterLength = (
  family: 'varchar' | 'char',
  length: number | 'max' | undefined,
): number => {
  const max = family === 'varchar' ? MAX_VARCHAR : MAX_CHAR
  const value = length === 'max' ? max : (length ?? (family === 'varchar' ? 256 : 1))
  if (!Number.isInteger(value) || value < 1) {
    throw typeError(`length for type ${family} must be at least 1`)
  }
  if (value > max) throw typeError(`length for type ${family} cannot exceed ${max}`)
  return value
}

/**
 * Reads a Redshift type name at `i` and returns its PostgreSQL form, or undefined when it is
 * not a type the engine rewrites. In a column definition, VARCHAR/CHAR become domains that
 * enforce the length in bytes; in a cast they stay PostgreSQL's character types.
 */
export const translateType = (
  editor: TokenEditor,
  i: number,
  mode: 'column' | 'cast',
): TranslatedType | undefined => {
  const w = editor.word(i)
  const w2 = editor.word(i + 1)
  let family: 'varchar' | 'char' | undefined
  let next = i + 1
  if (w === 'varchar' || w === 'nvarchar' || w === 'text') family = 'varchar'
  else if ((w === 'character' || w === 'char' || w === 'nchar') && w2 === 'varying') {
    family = 'varchar'
    next = i + 2
  } else if (w === 'char' || w === 'character' || w === 'nchar' || w === 'bpchar') family = 'char'
  if (family) {
    const size = readLength(editor, next)
    const bare = size === undefined
    const end = size?.end ?? next
    if (w === 'text' && !bare) return undefined
    const length = characterLength(
      family,
      bare && w === 'bpchar' ? 256 : (size?.length as number | 'max' | undefined),
    )
    if (mode === 'cast') {
      if (bare) return { end, sql: family === 'varchar' ? 'varchar' : 'char' }
      return { end, sql: `${family}(${length})` }
    }
    const domain = `${family === 'varchar' ? 'varchar' : 'bpchar'}_${length}`
    return { end, sql: `${INTERNAL_SCHEMA}.${domain}`, domain }
  }
  if (w === 'super') {
    if (mode === 'cast') return { end: i + 1, sql: 'jsonb' }
    return { end: i + 1, sql: `${INTERNAL_SCHEMA}.super`, domain: 'super' }
  }
  if (w === 'varbyte' || w === 'varbinary' || (w === 'binary' && w2 === 'varying')) {
    const start = w === 'binary' ? i + 2 : i + 1
    const size = readLength(editor, start)
    const end = size?.end ?? start
    if (mode === 'cast') return { end, sql: 'bytea' }
    const length = size?.length === 'max' ? MAX_VARBYTE : (size?.length ?? DEFAULT_VARBYTE)
    if (!Number.isInteger(length) || length < 1) {
      throw typeError('length for type varbyte must be at least 1')
    }
    if (length > MAX_VARBYTE) {
      throw typeError(`length for type varbyte cannot exceed ${MAX_VARBYTE}`)
    }
    return { end, sql: `${INTERNAL_SCHEMA}.varbyte_${length}`, domain: `varbyte_${length}` }
  }
  if (w === 'decimal' || w === 'numeric') {
    const size = readLength(editor, i + 1)
    if (size?.length === 'max') return undefined
    const precision = size?.length ?? 18
    const scale = size?.scale ?? 0
    if (!Number.isInteger(precision) || precision < 1 || precision > 38) {
      throw typeError(`NUMERIC precision ${precision} must be between 1 and 38`)
    }
    if (scale > precision || scale > 37) {
      throw typeError(`NUMERIC scale ${scale} must be between 0 and precision ${precision}`)
    }
    return { end: size?.end ?? i + 1, sql: `numeric(${precision},${scale})` }
  }
  return undefined
}

/**
 * The SQL that creates one private domain. VARCHAR(n)/CHAR(n)/VARBYTE(n) limits count bytes, as
 * Redshift's do; CHAR holds single-byte characters only; SUPER checks its size and its strings.
 * Constraints are checked in name order, so a CHAR's multibyte check comes before its length.
 */
export const domainDefinition = (domain: string): string => {
  const d = `${INTERNAL_SCHEMA}.${domain}`
  if (domain === 'super') {
    return `CREATE DOMAIN ${d} AS pg_catalog.jsonb CONSTRAINT redstore_super_limits CHECK (pg_catalog.octet_length(VALUE::text) <= ${MAX_SUPER_STRING_BYTES + 2} OR ${INTERNAL_SCHEMA}.super_within_limits(VALUE))`
  }
  const match = /^(varchar|bpchar|varbyte)_(\d+)$/.exec(domain)
  if (!match) throw new Error(`unknown engine domain ${domain}`)
  const [, family, length] = match
  if (family === 'varbyte') {
    return `CREATE DOMAIN ${d} AS pg_catalog.bytea CONSTRAINT redstore_octets_${domain} CHECK (pg_catalog.octet_length(VALUE) <= ${length})`
  }
  const base = family === 'varchar' ? `varchar(${length})` : `bpchar(${length})`
  const octets = `CONSTRAINT redstore_octets_${domain} CHECK (octet_length(VALUE::text) <= ${length})`
  if (family === 'varchar') return `CREATE DOMAIN ${d} AS pg_catalog.${base} ${octets}`
  return `CREATE DOMAIN ${d} AS pg_catalog.${base} ${singleByteConstraint(domain)} ${octets}`
}

const singleByteConstraint = (domain: string): string =>
  `CONSTRAINT redstore_multibyte_${domain} CHECK (pg_catalog.octet_length(VALUE::text) = pg_catalog.char_length(VALUE::text) OR ${INTERNAL_SCHEMA}.char_multibyte_error(VALUE::text))`

/**
 * For a domain an older engine may have created without a check added since (a CHAR domain
 * without the single-byte rule): a query true when the check is missing, and the SQL adding it
 * for new values. Undefined for domains that have kept their definition.
 */
export const domainUpgrade = (domain: string): { missing: string; sql: string } | undefined => {
  if (!/^bpchar_\d+$/.test(domain)) return undefined
  const d = `${INTERNAL_SCHEMA}.${domain}`
  return {
    missing: `SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE contypid = '${d}'::pg_catalog.regtype AND conname = 'redstore_multibyte_${domain}')`,
    sql: `ALTER DOMAIN ${d} ADD ${singleByteConstraint(domain)} NOT VALID`,
  }
}
