import { COPY_META_COLUMNS, COPY_NULL_TEXT } from './copyRecord.js'
import { quoteIdent, quoteQualifiedName } from './identifier.js'
import { quoteLiteral } from './literal.js'
import type { TableModel } from './TableModel.js'
import { mergeFromStaging } from './upsert.js'

/**
 * How Redshift reads the staged objects: a role it assumes (`IAM_ROLE`), or keys it signs
 * with (`ACCESS_KEY_ID` / `SECRET_ACCESS_KEY` / `SESSION_TOKEN`).
 *
 * @example
 * ```ts
 * const auth: CopyAuthorization = { iamRole: 'arn:aws:iam::123456789012:role/load' }
 * ```
 */
export type CopyAuthorization =
  | { readonly iamRole: string }
  | {
      readonly accessKeyId: string
      readonly secretAccessKey: string
      readonly sessionToken?: string | undefined
    }

/**
 * The authorization clause of a COPY. It holds secrets when keys are given: never log it.
 *
 * @example
 * ```ts
 * copyAuthorizationClause({ iamRole: 'arn:aws:iam::123456789012:role/load' })
 * // IAM_ROLE 'arn:aws:iam::123456789012:role/load'
 * ```
 */
export const copyAuthorizationClause = (auth: CopyAuthorization): string => {
  if ('iamRole' in auth) return `IAM_ROLE ${quoteLiteral(auth.iamRole)}`
  const keys = `ACCESS_KEY_ID ${quoteLiteral(auth.accessKeyId)} SECRET_ACCESS_KEY ${quoteLiteral(auth.secretAccessKey)}`
  return auth.sessionToken === undefined || auth.sessionToken === ''
    ? keys
    : `${keys} SESSION_TOKEN ${quoteLiteral(auth.sessionToken)}`
}

/**
 * One object a manifest lists.
 *
 * @example
 * ```ts
 * const entry: CopyManifestEntry = { url: 's3://bucket/load/part-00000.csv.gz', bytes: 1024 }
 * ```
 */
export interface CopyManifestEntry {
  readonly url: string
  /** The object's size in bytes (its `content_length`). */
  readonly bytes: number
}

/**
 * The manifest of a load: every entry mandatory, with its size.
 *
 * @example
 * ```ts
 * copyManifest([{ url: 's3://b/k.gz', bytes: 10 }])
 * // {"entries":[{"url":"s3://b/k.gz","mandatory":true,"meta":{"content_length":10}}]}
 * ```
 */
export const copyManifest = (entries: ReadonlyArray<CopyManifestEntry>): string =>
  JSON.stringify({
    entries: entries.map((e) => ({
      url: e.url,
      mandatory: true,
      meta: { content_length: e.bytes },
    })),
  })

/**
 * What `planCopyLoad` needs to know about a load, learnt while its records were written.
 *
 * @example
 * ```ts
 * const input: CopyLoadInput = { tablePrefix: 'redstore_stage_x', manifestUrl: 's3://b/m.json', authorization: { iamRole: 'arn:...' }, presence: ['11'], markerColumns: [] }
 * ```
 */
export interface CopyLoadInput {
  /** Start of the load's temp table names. */
  readonly tablePrefix: string
  /** The manifest's `s3://` URL. */
  readonly manifestUrl: string
  readonly authorization: CopyAuthorization
  /** The bucket's region, when it is not the cluster's. */
  readonly region?: string | undefined
  /** Every distinct `CopyRecord.presence` of the load's records. */
  readonly presence: Iterable<string>
  /** Every column index some record listed in `CopyRecord.markers`. */
  readonly markerColumns: Iterable<number>
  /** End with a DROP of the load's temp tables (when a session outlives the load). */
  readonly dropTables?: boolean | undefined
}

/**
 * The statements of one load, to run as one transaction, and where the COPY and MERGE are.
 *
 * @example
 * ```ts
 * const plan: CopyLoadPlan = planCopyLoad(model, input)
 * await batch(plan.sqls)
 * ```
 */
export interface CopyLoadPlan {
  readonly sqls: ReadonlyArray<string>
  /** Index of the COPY in `sqls`. */
  readonly copyIndex: number
  /** Index of the MERGE (or INSERT for an all-key table) in `sqls`. */
  readonly mergeIndex: number
  /**
   * The load's temp tables: the staging table the COPY fills, and the deduplicated rows (when
   * rows carry the same columns: the last sequence number of each key).
   */
  readonly stagingTable: string
  readonly sourceTable: string
  /** The columns the MERGE writes, keys included, in table order. */
  readonly columns: ReadonlyArray<string>
}

const seq = quoteIdent(COPY_META_COLUMNS[0])
const presenceColumn = quoteIdent(COPY_META_COLUMNS[1])
const markerColumn = quoteIdent(COPY_META_COLUMNS[2])

/**
 * Groups the model's non-key columns by when rows carry them. Columns that every record
 * carries form the first group; columns no record carries are left out; the rest are grouped
 * by the set of presence masks they appear in (columns of one group are always present
 * together, so one "last row that carried them" serves them all).
 */
const presenceGroups = (
  model: TableModel,
  presence: ReadonlyArray<string>,
): { readonly always: Array<number>; readonly partial: Array<Array<number>> } => {
  const keys = new Set(model.keys)
  const always: Array<number> = []
  const bySignature = new Map<string, Array<number>>()
  model.columns.forEach((column, index) => {
    if (keys.has(column.name)) return
    const signature = presence.map((mask) => mask[index] ?? '0').join('')
    if (!signature.includes('1')) return
    if (!signature.includes('0')) {
      always.push(index)
      return
    }
    const group = bySignature.get(signature)
    if (group === undefined) bySignature.set(signature, [index])
    else group.push(index)
  })
  return { always, partial: [...bySignature.values()] }
}

/**
 * Plans one COPY load with the upsert semantics of `planUpsert`: the last row of a key wins,
 * a field absent from a row keeps the value before it (the stored one when no row of the load
 * carries it), and NULL is written only where a row says null. In one transaction:
 *
 * 1. `CREATE TEMP TABLE stage (LIKE target)` plus the `COPY_META_COLUMNS`, and the COPY of
 *    the manifest's CSV objects (GZIP) into it;
 * 2. values CSV cannot carry restored (text equal to `\N`, empty VARBYTE) where records
 *    marked them;
 * 3. the rows deduplicated into a second temp table: per key, the last row by input order, or,
 *    when rows carry different columns, per group of columns the last row that carried them;
 *    absent columns are then filled from the stored row;
 * 4. the MERGE of `mergeFromStaging` into the target.
 *
 * @throws RangeError when the model has no keys (misuse).
 * @example
 * ```ts
 * planCopyLoad(model, { tablePrefix: 'redstore_stage_x', manifestUrl: 's3://b/m.json', authorization: { iamRole: 'arn:aws:iam::1:role/r' }, presence: ['11'], markerColumns: [] }).sqls
 * ```
 */
export const planCopyLoad = (model: TableModel, input: CopyLoadInput): CopyLoadPlan => {
  if (model.keys.length === 0) throw new RangeError('planCopyLoad needs a model with key columns')
  const target = quoteQualifiedName(model.schema, model.name)
  const stagingTable = `${input.tablePrefix}_copy`
  const sourceTable = `${input.tablePrefix}_src`
  const stage = quoteIdent(stagingTable)
  const src = quoteIdent(sourceTable)
  const presence = [...new Set(input.presence)]
  const name = (index: number): string => model.columns[index]?.name ?? ''
  const keys = model.keys.map(quoteIdent)
  const sqls: Array<string> = [
    `CREATE TEMP TABLE ${stage} (LIKE ${target})`,
    `ALTER TABLE ${stage} ADD COLUMN ${seq} BIGINT`,
    `ALTER TABLE ${stage} ADD COLUMN ${presenceColumn} VARCHAR(${Math.max(1, model.columns.length)})`,
    `ALTER TABLE ${stage} ADD COLUMN ${markerColumn} VARCHAR(65535)`,
  ]
  const copyColumns = [...COPY_META_COLUMNS, ...model.columns.map((c) => c.name)]
  const copyIndex = sqls.length
  // The authorization comes last: the statement's start is what error messages quote.
  sqls.push(
    [
      `COPY ${stage} (${copyColumns.map(quoteIdent).join(', ')})`,
      `FROM ${quoteLiteral(input.manifestUrl)}`,
      'MANIFEST FORMAT AS CSV GZIP COMPUPDATE OFF STATUPDATE OFF',
      ...(input.region === undefined ? [] : [`REGION ${quoteLiteral(input.region)}`]),
      copyAuthorizationClause(input.authorization),
    ].join('\n'),
  )
  const markers = [...new Set(input.markerColumns)].sort((a, b) => a - b)
  if (markers.length > 0) {
    const sets = markers.map((index) => {
      const column = quoteIdent(name(index))
      const test = quoteLiteral(`%/${index}/%`)
      const value =
        model.columns[index]?.type.kind === 'varbyte'
          ? "FROM_HEX('')"
          : quoteLiteral(COPY_NULL_TEXT)
      return `${column} = CASE WHEN ${markerColumn} LIKE ${test} THEN ${value} ELSE ${column} END`
    })
    sqls.push(`UPDATE ${stage} SET ${sets.join(', ')} WHERE ${markerColumn} <> ''`)
  }

  const { always, partial } = presenceGroups(model, presence)
  const written = new Set<number>([...always, ...partial.flat()])
  const columns = model.columns
    .map((c, index) => ({ c, index }))
    .filter(({ c, index }) => model.keys.includes(c.name) || written.has(index))
    .map(({ c }) => c.name)
  const groupBy = keys.join(', ')
  let source = sourceTable
  if (partial.length === 0) {
    // Every row carries the same columns: the last row of each key wins whole. The others are
    // deleted from the staging table (usually none), which is cheaper than copying the rest.
    source = stagingTable
    const w = quoteIdent(sourceTable)
    sqls.push(
      `CREATE TEMP TABLE ${w} AS SELECT MAX(${seq}) AS "redstore_last" FROM ${stage} GROUP BY ${groupBy}`,
      `DELETE FROM ${stage} WHERE NOT EXISTS (SELECT 1 FROM ${w} WHERE ${w}."redstore_last" = ${stage}.${seq})`,
    )
  } else {
    // Per group of columns, the last row of the key that carried them.
    const last = (g: number) => quoteIdent(`redstore_s${g}`)
    const present = (g: number) => quoteIdent(`redstore_p${g}`)
    const picks = [
      `MAX(${seq}) AS ${last(0)}`,
      ...partial.map(
        (group, g) =>
          `MAX(CASE WHEN SUBSTRING(${presenceColumn}, ${(group[0] ?? 0) + 1}, 1) = '1' THEN ${seq} END) AS ${last(g + 1)}`,
      ),
    ]
    const select = [
      ...keys.map((k) => `w.${k}`),
      ...always.map((i) => `r0.${quoteIdent(name(i))}`),
      ...partial.flatMap((group, g) => group.map((i) => `r${g + 1}.${quoteIdent(name(i))}`)),
      ...partial.map((_, g) => `w.${last(g + 1)} IS NOT NULL AS ${present(g + 1)}`),
    ]
    const joins = [
      ...(always.length === 0 ? [] : [`JOIN ${stage} AS r0 ON r0.${seq} = w.${last(0)}`]),
      ...partial.map(
        (_, g) => `LEFT JOIN ${stage} AS r${g + 1} ON r${g + 1}.${seq} = w.${last(g + 1)}`,
      ),
    ]
    sqls.push(
      [
        `CREATE TEMP TABLE ${src} AS SELECT ${select.join(', ')}`,
        `FROM (SELECT ${groupBy}, ${picks.join(', ')} FROM ${stage} GROUP BY ${groupBy}) AS w`,
        ...joins,
      ].join('\n'),
    )
    // Columns no row of a key carried keep the stored value: copy it in before the MERGE.
    const sets = partial.flatMap((group, g) =>
      group.map((i) => {
        const column = quoteIdent(name(i))
        return `${column} = CASE WHEN ${src}.${present(g + 1)} THEN ${src}.${column} ELSE t.${column} END`
      }),
    )
    const on = keys.map((k) => `${src}.${k} = t.${k}`).join(' AND ')
    sqls.push(`UPDATE ${src} SET ${sets.join(', ')}\nFROM ${target} AS t\nWHERE ${on}`)
  }
  const mergeIndex = sqls.length
  sqls.push(mergeFromStaging(model, source, columns))
  if (input.dropTables === true) sqls.push(`DROP TABLE IF EXISTS ${stage}, ${src}`)
  return { sqls, copyIndex, mergeIndex, stagingTable, sourceTable, columns }
}

/**
 * Where a COPY's bad lines are listed: `STL_LOAD_ERRORS` (provisioned clusters, with the raw
 * line) or `SYS_LOAD_ERROR_DETAIL` (provisioned and serverless).
 *
 * @example
 * ```ts
 * const view: LoadErrorView = 'sys_load_error_detail'
 * ```
 */
export type LoadErrorView = 'stl_load_errors' | 'sys_load_error_detail'

const likePrefix = (prefix: string): string =>
  quoteLiteral(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)

/**
 * The query of the bad lines of the loads whose objects start with `urlPrefix`, newest
 * statement last, as rows of `file`, `line`, `column_name`, `code`, `reason`, `raw_value`,
 * `raw_line` (the last two empty for `SYS_LOAD_ERROR_DETAIL`).
 *
 * @example
 * ```ts
 * loadErrorsQuery('stl_load_errors', 's3://bucket/redstore/load-1/', 20)
 * ```
 */
export const loadErrorsQuery = (view: LoadErrorView, urlPrefix: string, limit: number): string =>
  view === 'stl_load_errors'
    ? [
        'SELECT TRIM(filename) AS file, line_number AS line, TRIM(colname) AS column_name,',
        'err_code AS code, TRIM(err_reason) AS reason, TRIM(raw_field_value) AS raw_value,',
        'TRIM(raw_line) AS raw_line',
        `FROM stl_load_errors WHERE filename LIKE ${likePrefix(urlPrefix)}`,
        `ORDER BY starttime, line_number LIMIT ${limit}`,
      ].join('\n')
    : [
        'SELECT TRIM(file_name) AS file, line_number AS line, TRIM(column_name) AS column_name,',
        "error_code AS code, TRIM(error_message) AS reason, '' AS raw_value, '' AS raw_line",
        `FROM sys_load_error_detail WHERE file_name LIKE ${likePrefix(urlPrefix)}`,
        `ORDER BY start_time, line_number LIMIT ${limit}`,
      ].join('\n')
