/**
 * `AwsRedshiftStorage`: the OWOX Data Marts connector's class, constructor and parameter
 * names, on redstore's engine.
 */
import {
  assumeRole,
  type Credentials,
  defaultChain,
  isDataApiError,
  profile,
  staticKeys,
} from '@redstore/data-api'
import { type ColumnInput, resolveSourceType, type SourceField } from '@redstore/sql'
import { RedshiftStorage } from '../RedshiftStorage.js'
import type { InitSummary, SaveSummary } from '../SaveSummary.js'
import { ConfigParameterError } from '../StorageError.js'
import type { ConnectionOptions, RedshiftStorageOptions } from '../StorageOptions.js'
import type { AbstractConfig } from './AbstractConfig.js'

/** A field of an OWOX schema object. */
export interface OwoxField extends SourceField {
  readonly description?: string | undefined
}

/** An OWOX schema object: field name -> `{ type, description?, RedshiftType? }`. */
export type OwoxSchema = Readonly<Record<string, OwoxField>>

/** The parameters the OWOX connector documents, and redstore's additions. */
const parameters = [
  'AWSRegion',
  'Database',
  'DestinationTableName',
  'WorkgroupName',
  'ClusterIdentifier',
  'AWSAccessKeyId',
  'AWSSecretAccessKey',
  'AWSSessionToken',
  'Schema',
  'MaxBufferSize',
  'SecretArn',
  'DbUser',
  'AWSProfile',
  'RoleArn',
  'Endpoint',
] as const

type ParameterName = (typeof parameters)[number]

/** Parameters whose values are secrets: never echoed. */
const secretParameters: ReadonlySet<ParameterName> = new Set([
  'AWSSecretAccessKey',
  'AWSSessionToken',
])

/** Data API option -> the parameter it comes from, to name it in errors. */
const parameterOfOption: ReadonlyArray<readonly [string, ParameterName]> = [
  ['workgroupName', 'WorkgroupName'],
  ['clusterIdentifier', 'ClusterIdentifier'],
  ['database', 'Database'],
  ['region', 'AWSRegion'],
  ['endpoint', 'Endpoint'],
  ['secretArn', 'SecretArn'],
  ['dbUser', 'DbUser'],
  ['roleArn', 'RoleArn'],
  ['profile', 'AWSProfile'],
  ['session token', 'AWSSessionToken'],
  ['access key', 'AWSAccessKeyId'],
]

const DEFAULT_MAX_BUFFER_SIZE = 250

class ConfigReader {
  constructor(private readonly config: AbstractConfig) {}

  text(name: ParameterName, required: boolean): string | undefined {
    const value = this.config.getValue(name)
    if (value === undefined || value === null || value === '') {
      if (!required) return undefined
      throw new ConfigParameterError({
        parameter: name,
        problem: 'is required but has no value',
        fix: `set ${name} in the config`,
      })
    }
    if (typeof value !== 'string') {
      throw new ConfigParameterError({
        parameter: name,
        problem: `must be a string, not a ${typeof value}`,
        fix: secretParameters.has(name)
          ? `pass ${name} as text`
          : `pass ${name} as text, e.g. '${String(value)}'`,
      })
    }
    return value
  }

  positiveInteger(name: ParameterName, fallback: number): number {
    const value = this.config.getValue(name)
    if (value === undefined || value === null || value === '') return fallback
    const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
      throw new ConfigParameterError({
        parameter: name,
        problem: `must be a positive integer, not ${JSON.stringify(value)}`,
        fix: `set ${name} to a number of rows such as ${fallback}`,
      })
    }
    return number
  }
}

const credentialsOf = (read: ConfigReader): Credentials => {
  const accessKeyId = read.text('AWSAccessKeyId', false)
  const secretAccessKey = read.text('AWSSecretAccessKey', false)
  const sessionToken = read.text('AWSSessionToken', false)
  const profileName = read.text('AWSProfile', false)
  const roleArn = read.text('RoleArn', false)
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing = accessKeyId === undefined ? 'AWSAccessKeyId' : 'AWSSecretAccessKey'
    throw new ConfigParameterError({
      parameter: missing,
      problem: 'is missing while the other half of the key pair is set',
      fix: 'set both AWSAccessKeyId and AWSSecretAccessKey, or neither to use the default credential chain',
    })
  }
  if (sessionToken !== undefined && accessKeyId === undefined) {
    throw new ConfigParameterError({
      parameter: 'AWSSessionToken',
      problem: 'is set without AWSAccessKeyId and AWSSecretAccessKey',
      fix: 'a session token belongs to temporary keys: set the keys it was issued with',
    })
  }
  if (profileName !== undefined && accessKeyId !== undefined) {
    throw new ConfigParameterError({
      parameter: 'AWSProfile',
      problem: 'is set together with AWSAccessKeyId',
      fix: 'use either a profile or keys, not both',
    })
  }
  const source =
    accessKeyId !== undefined && secretAccessKey !== undefined
      ? staticKeys({
          accessKeyId,
          secretAccessKey,
          ...(sessionToken === undefined ? {} : { sessionToken }),
        })
      : profileName !== undefined
        ? profile(profileName)
        : defaultChain()
  return roleArn === undefined ? source : assumeRole({ roleArn, source })
}

const connectionOf = (read: ConfigReader): ConnectionOptions => {
  const workgroupName = read.text('WorkgroupName', false)
  const clusterIdentifier = read.text('ClusterIdentifier', false)
  if ((workgroupName === undefined) === (clusterIdentifier === undefined)) {
    throw new ConfigParameterError({
      parameter: workgroupName === undefined ? 'WorkgroupName' : 'ClusterIdentifier',
      problem:
        workgroupName === undefined
          ? 'and ClusterIdentifier are both missing'
          : 'is set together with WorkgroupName',
      fix: 'set WorkgroupName for Redshift Serverless or ClusterIdentifier for a provisioned cluster, exactly one',
    })
  }
  const secretArn = read.text('SecretArn', false)
  const dbUser = read.text('DbUser', false)
  if (secretArn !== undefined && dbUser !== undefined) {
    throw new ConfigParameterError({
      parameter: 'DbUser',
      problem: 'is set together with SecretArn',
      fix: 'choose SecretArn (username and password in Secrets Manager) or DbUser (clusters only)',
    })
  }
  if (dbUser !== undefined && workgroupName !== undefined) {
    throw new ConfigParameterError({
      parameter: 'DbUser',
      problem: 'works only with ClusterIdentifier',
      fix: 'on a serverless workgroup use SecretArn or the IAM identity (remove DbUser)',
    })
  }
  const endpoint = read.text('Endpoint', false)
  return {
    region: read.text('AWSRegion', true) ?? '',
    database: read.text('Database', true) ?? '',
    ...(workgroupName === undefined ? {} : { workgroupName }),
    ...(clusterIdentifier === undefined ? {} : { clusterIdentifier }),
    ...(secretArn === undefined ? {} : { secretArn }),
    ...(dbUser === undefined ? {} : { dbUser }),
    ...(endpoint === undefined ? {} : { endpoint }),
    credentials: credentialsOf(read),
  }
}

const columnsOf = (schema: OwoxSchema | null, keys: ReadonlyArray<string>): Array<ColumnInput> => {
  const fields = Object.entries(schema ?? {})
  const columns: Array<ColumnInput> = fields.map(([name, field]) => ({
    name,
    type: resolveSourceType(field ?? {}, name),
    ...(field?.description === undefined ? {} : { comment: field.description }),
  }))
  // A key the schema does not describe is a string, as the connector types undescribed fields.
  for (const key of keys) {
    if (!fields.some(([name]) => name === key))
      columns.unshift({ name: key, type: 'VARCHAR(65535)' })
  }
  return columns
}

/** A Data API configuration error, named by the config parameter it came from. */
const asParameterError = (error: unknown): unknown => {
  if (!isDataApiError(error) || error.reason._tag !== 'Config') return error
  const text = `${error.reason.message} ${error.reason.fix}`
  const found = parameterOfOption.find(([option]) => text.includes(option))
  return new ConfigParameterError({
    parameter: found?.[1] ?? 'config',
    problem: `is invalid: ${error.reason.message}`,
    fix: error.reason.fix,
  })
}

/**
 * The OWOX Data Marts `AwsRedshiftStorage`, with its constructor, parameter names and field
 * types, on redstore's engine: `init()` creates or evolves the table, `saveData(data)` upserts
 * rows with MERGE in batches under the Data API's limits, with retries, and values escaped so
 * that no string can change the SQL. `MaxBufferSize` caps rows per INSERT (default 250);
 * fields not in the schema get columns of the type their values suggest.
 *
 * @example
 * ```ts
 * const config = new AbstractConfig({ AWSRegion: 'us-east-1', Database: 'dev', WorkgroupName: 'wg',
 *   Schema: 'my_schema', DestinationTableName: 'my_table' })
 * const storage = new AwsRedshiftStorage(config, ['id'], { id: { type: 'integer' } }, 'My storage')
 * await storage.init()
 * await storage.saveData([{ id: 1 }])
 * ```
 */
export class AwsRedshiftStorage {
  readonly config: AbstractConfig
  readonly uniqueKeyColumns: ReadonlyArray<string>
  readonly schema: OwoxSchema | null
  readonly description: string | null
  /** The storage behind the facade, for `read()` and everything else redstore adds. */
  readonly storage: RedshiftStorage

  constructor(
    config: AbstractConfig,
    uniqueKeyColumns: string | ReadonlyArray<string>,
    schema: OwoxSchema | null = null,
    description: string | null = null,
  ) {
    if (typeof config?.getValue !== 'function' || typeof config?.mergeParameters !== 'function') {
      throw new ConfigParameterError({
        parameter: 'config',
        problem: 'is not an AbstractConfig',
        fix: 'pass new AbstractConfig({ AWSRegion, Database, ... }) as the first argument',
      })
    }
    const keys =
      typeof uniqueKeyColumns === 'string' ? [uniqueKeyColumns] : [...(uniqueKeyColumns ?? [])]
    if (keys.length === 0) {
      throw new ConfigParameterError({
        parameter: 'uniqueKeyColumns',
        problem: 'is empty',
        fix: "name the column (or columns) that identify a record, e.g. ['id']",
      })
    }
    this.config = config
    this.uniqueKeyColumns = keys
    this.schema = schema
    this.description = description
    const read = new ConfigReader(config)
    const connection = connectionOf(read)
    const options: RedshiftStorageOptions = {
      table: {
        schema: read.text('Schema', false) ?? 'public',
        name: read.text('DestinationTableName', true) ?? '',
        keys,
        columns: columnsOf(schema, keys),
        ...(description === null || description === '' ? {} : { comment: description }),
      },
      connection,
      maxRowsPerInsert: read.positiveInteger('MaxBufferSize', DEFAULT_MAX_BUFFER_SIZE),
      unknownFields: 'addColumn',
    }
    try {
      this.storage = new RedshiftStorage(options)
    } catch (error) {
      throw asParameterError(error)
    }
  }

  /** Creates the schema and table, or adds the columns the schema has and the table lacks. */
  init(): Promise<InitSummary> {
    return this.storage.init()
  }

  /** Upserts records on the unique key columns. */
  saveData(data: ReadonlyArray<Record<string, unknown>>): Promise<SaveSummary> {
    return this.storage.saveData(data)
  }

  /** Ends the storage's connection resources. */
  close(): Promise<void> {
    return this.storage.close()
  }
}
