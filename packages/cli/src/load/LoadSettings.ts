import { parseArgs } from 'node:util'
import { UsageError } from '../CliError.js'
import type { InputFormat } from '../input/inputRows.js'

/**
 * Where a load may stage rows for COPY, from flags or `REDSTORE_*` variables.
 *
 * @example
 * ```ts
 * const staging: StagingSettings = { bucket: 'my-loads', prefix: 'redstore/', region: undefined, iamRole: 'arn:aws:iam::123456789012:role/load' }
 * ```
 */
export interface StagingSettings {
  readonly bucket: string
  readonly prefix: string | undefined
  readonly region: string | undefined
  readonly iamRole: string | undefined
}

/**
 * Everything `redstore load` was asked to do, read from the command line and the environment.
 *
 * @example
 * ```ts
 * const settings = parseLoadArgs(['orders.ts', 'orders.ndjson', '--max-bad-lines', '10'], process.env)
 * ```
 */
export interface LoadSettings {
  readonly schemaFile: string
  /** A path, or `-` for stdin. */
  readonly input: string
  readonly format: InputFormat
  readonly gzip: boolean
  /** The export to load into, when the schema module has several tables. */
  readonly table: string | undefined
  /** `undefined`: the storage's default (`auto` with a staging bucket, else `insert`). */
  readonly method: 'insert' | 'copy' | 'auto' | undefined
  readonly maxBadLines: number
  /** Bad lines printed at most (`Infinity` for all); the rest are counted. */
  readonly showBadLines: number
  /** Check only: read and check every line, send nothing. */
  readonly checkOnly: boolean
  /** Read once, sending rows as they are checked (no check pass, no stdin spool). */
  readonly singlePass: boolean
  readonly unknownFields: 'error' | 'ignore'
  readonly concurrency: number | undefined
  readonly staging: StagingSettings | undefined
  readonly s3Endpoint: string | undefined
  readonly emulator: boolean
  readonly emulatorDataDir: string | undefined
  readonly progress: boolean
  readonly verbose: boolean
  readonly json: boolean
}

/**
 * The environment variables `redstore load` reads besides the connection's (`REDSHIFT_*`,
 * `AWS_*`): flags of the same name override them.
 *
 * @example
 * ```ts
 * process.env[LoadEnv.stagingBucket] // 'my-loads'
 * ```
 */
export const LoadEnv = {
  stagingBucket: 'REDSTORE_STAGING_BUCKET',
  stagingPrefix: 'REDSTORE_STAGING_PREFIX',
  stagingRegion: 'REDSTORE_STAGING_REGION',
  iamRole: 'REDSTORE_IAM_ROLE',
  s3Endpoint: 'REDSTORE_S3_ENDPOINT',
} as const

export const loadUsage = `Usage: redstore load <schema-file> <data.ndjson|data.csv|-> [options]

Loads an NDJSON or CSV file (or stdin, "-") into the table the schema file describes: a DSL
module (*.ts, *.js; one exported table(), or name it with --table) or an OWOX *.schema.json.
Every line is checked first and bad lines are reported as file:line: reason; nothing is sent
when more than --max-bad-lines lines are bad. Rows are upserted by the table's keys.

Input:
  --format ndjson|csv        default from the extension (.ndjson, .jsonl, .csv, each maybe .gz);
                             required for stdin
  --gzip                     the input is gzip-compressed (implied by a .gz extension)
  --table <export>           the schema module's export to load into
  --unknown-fields error|ignore
                             fields the table lacks: refuse them (default) or skip them
Bad lines:
  --max-bad-lines <n>        load even with up to n bad lines, skipping them (default 0)
  --show-bad-lines <n|all>   print at most n bad lines, count the rest (default 100)
  --check                    check every line and report; send nothing (no connection needed)
  --single-pass              do not check first: rows are sent as they are read, and a bad
                             line over the limit stops the load after the rows before it land
Sending:
  --method insert|copy|auto  insert: INSERT + MERGE through the Data API; copy: gzipped CSV on
                             S3 + COPY + MERGE; auto (default with a staging bucket): COPY from
                             4 MiB of rows
  --concurrency <n>          Data API calls staging rows at once, 1 to 16 (default 4)
  --staging-bucket <name>    S3 bucket for COPY            [${LoadEnv.stagingBucket}]
  --staging-prefix <prefix>  key prefix (default redstore/) [${LoadEnv.stagingPrefix}]
  --staging-region <region>  the bucket's region            [${LoadEnv.stagingRegion}]
  --iam-role <arn>           role COPY assumes to read it   [${LoadEnv.iamRole}]
                             (without it, COPY signs with the uploading credentials)
  --s3-endpoint <url>        S3 endpoint (local S3, VPC)    [${LoadEnv.s3Endpoint}]
Connection:
  from REDSHIFT_WORKGROUP or REDSHIFT_CLUSTER, REDSHIFT_DATABASE, AWS_REGION, and optionally
  REDSHIFT_DATA_API_ENDPOINT, REDSHIFT_SECRET_ARN, REDSHIFT_DB_USER, AWS_PROFILE,
  REDSHIFT_ROLE_ARN (credentials from the AWS default chain)
  --emulator                 start a local Data API emulator in-process (PGlite) and load into
                             it; with COPY, give --s3-endpoint of a local S3 (s3rver, MinIO)
  --emulator-data-dir <dir>  keep the emulator's database in a directory between runs
Output:
  --no-progress              no progress line (it is drawn only when stderr is a terminal)
  --verbose                  a line per batch landed
  --json                     print the summary as one JSON object
  -h, --help

Exit codes: 0 loaded (or checked), 1 bad input or a failed load (what landed is reported),
2 a usage error.`

const formatOf = (input: string, format: string | undefined): InputFormat => {
  if (format !== undefined) {
    if (format === 'ndjson' || format === 'csv') return format
    if (format === 'jsonl') return 'ndjson'
    throw new UsageError({
      what: `--format ${JSON.stringify(format)} is not ndjson or csv`,
      fix: 'Write --format ndjson or --format csv',
    })
  }
  if (input === '-') {
    throw new UsageError({
      what: 'reading stdin (-) needs --format',
      fix: 'Add --format ndjson or --format csv',
    })
  }
  const name = input.toLowerCase().replace(/\.gz$/, '')
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson'
  if (name.endsWith('.csv')) return 'csv'
  throw new UsageError({
    what: `the format of ${JSON.stringify(input)} cannot be told from its name`,
    fix: 'Name it .ndjson, .jsonl or .csv (optionally .gz), or add --format ndjson or --format csv',
  })
}

const wholeNumber = (flag: string, text: string | undefined, min: number, max: number) => {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError({
      what: `${flag} ${JSON.stringify(text)} is not a whole number from ${min} to ${max}`,
      fix: `Write ${flag} <n>`,
    })
  }
  return n
}

const oneOf = <T extends string>(
  flag: string,
  text: string | undefined,
  values: ReadonlyArray<T>,
): T | undefined => {
  if (text === undefined) return undefined
  if ((values as ReadonlyArray<string>).includes(text)) return text as T
  throw new UsageError({
    what: `${flag} ${JSON.stringify(text)} is not ${values.join(' or ')}`,
    fix: `Write ${flag} ${values.join('|')}`,
  })
}

const present = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value

/** True when the command line asks for help. */
export const wantsHelp = (argv: ReadonlyArray<string>): boolean =>
  argv.includes('--help') || argv.includes('-h')

/**
 * Reads `redstore load`'s arguments and the `REDSTORE_*` variables into settings, checking
 * every value.
 *
 * @throws UsageError naming the flag and what to write instead.
 * @example
 * ```ts
 * parseLoadArgs(['orders.ts', '-', '--format', 'csv'], {}).format // 'csv'
 * ```
 */
export const parseLoadArgs = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
): LoadSettings => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      format: { type: 'string' },
      gzip: { type: 'boolean' },
      table: { type: 'string' },
      'unknown-fields': { type: 'string' },
      'max-bad-lines': { type: 'string' },
      'show-bad-lines': { type: 'string' },
      check: { type: 'boolean' },
      'single-pass': { type: 'boolean' },
      method: { type: 'string' },
      concurrency: { type: 'string' },
      'staging-bucket': { type: 'string' },
      'staging-prefix': { type: 'string' },
      'staging-region': { type: 'string' },
      'iam-role': { type: 'string' },
      's3-endpoint': { type: 'string' },
      emulator: { type: 'boolean' },
      'emulator-data-dir': { type: 'string' },
      'no-progress': { type: 'boolean' },
      verbose: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  })
  const [schemaFile, input, ...extra] = positionals
  if (schemaFile === undefined || input === undefined) {
    throw new UsageError({
      what: 'load needs a schema file and an input',
      fix: 'Write redstore load <schema-file> <data.ndjson|data.csv|->',
    })
  }
  if (extra.length > 0) {
    throw new UsageError({
      what: `load takes one input, got ${positionals.length - 1} (${extra.map((e) => JSON.stringify(e)).join(', ')} left over)`,
      fix: 'Load one file per run, or concatenate them into stdin: cat a.ndjson b.ndjson | redstore load schema.ts - --format ndjson',
    })
  }
  if (values.check === true && values['single-pass'] === true) {
    throw new UsageError({
      what: '--check and --single-pass do not go together',
      fix: 'Use --check to check without loading, or --single-pass to load without a check first',
    })
  }
  const showBadLines =
    values['show-bad-lines'] === 'all'
      ? Number.POSITIVE_INFINITY
      : (wholeNumber('--show-bad-lines', values['show-bad-lines'], 0, Number.MAX_SAFE_INTEGER) ??
        100)
  const bucket = present(values['staging-bucket'] ?? env[LoadEnv.stagingBucket])
  const staging: StagingSettings | undefined =
    bucket === undefined
      ? undefined
      : {
          bucket,
          prefix: present(values['staging-prefix'] ?? env[LoadEnv.stagingPrefix]),
          region: present(values['staging-region'] ?? env[LoadEnv.stagingRegion]),
          iamRole: present(values['iam-role'] ?? env[LoadEnv.iamRole]),
        }
  const method = oneOf('--method', values.method, ['insert', 'copy', 'auto'] as const)
  if (method === 'copy' && staging === undefined) {
    throw new UsageError({
      what: '--method copy needs a staging bucket',
      fix: `Pass --staging-bucket <name> (or set ${LoadEnv.stagingBucket}) naming an S3 bucket Redshift can read, or use --method insert`,
    })
  }
  const s3Endpoint = present(values['s3-endpoint'] ?? env[LoadEnv.s3Endpoint])
  if (s3Endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(s3Endpoint)) {
    throw new UsageError({
      what: 'the S3 endpoint is not an http(s) URL',
      fix: 'Write --s3-endpoint http://127.0.0.1:4569 (or https://...)',
    })
  }
  const emulator = values.emulator === true || values['emulator-data-dir'] !== undefined
  if (
    emulator &&
    staging !== undefined &&
    method !== 'insert' &&
    s3Endpoint === undefined &&
    values.check !== true
  ) {
    throw new UsageError({
      what: "--emulator with a staging bucket needs a local S3 endpoint: the emulator's COPY reads the staged files from it",
      fix: `Start a local S3 server (s3rver, MinIO) and pass --s3-endpoint <url> (or set ${LoadEnv.s3Endpoint}), or pass --method insert`,
    })
  }
  return {
    schemaFile,
    input,
    format: formatOf(input, values.format),
    gzip: values.gzip === true || (input !== '-' && /\.gz$/i.test(input)),
    table: values.table,
    method,
    maxBadLines:
      wholeNumber('--max-bad-lines', values['max-bad-lines'], 0, Number.MAX_SAFE_INTEGER) ?? 0,
    showBadLines,
    checkOnly: values.check === true,
    singlePass: values['single-pass'] === true,
    unknownFields:
      oneOf('--unknown-fields', values['unknown-fields'], ['error', 'ignore'] as const) ?? 'error',
    concurrency: wholeNumber('--concurrency', values.concurrency, 1, 16),
    staging,
    s3Endpoint,
    emulator,
    emulatorDataDir: values['emulator-data-dir'],
    progress: values['no-progress'] !== true,
    verbose: values.verbose === true,
    json: values.json === true,
  }
}
