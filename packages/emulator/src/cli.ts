#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { TaggedError } from '@redstore/errors'
import { startEmulator } from './Emulator.js'
import {
  defaultCluster,
  defaultCredentials,
  defaultDatabase,
  defaultHost,
  defaultLimits,
  defaultRegion,
  defaultSecretArn,
  defaultWorkgroup,
  type EmulatorCredentials,
  type EmulatorOptions,
  type FaultRule,
  isInvalidEmulatorOptionError,
  type SecretValue,
} from './EmulatorOptions.js'
import type { BackendOptions } from './engine/Engine.js'
import { type OperationName, operationNames } from './protocol/contract.js'

const usage = `Usage: redstore-emulator [options]

A local Amazon Redshift Data API on embedded PostgreSQL (PGlite) or a PostgreSQL server.
Prints {"endpoint","region","credentials"} as one JSON line once listening; stops on SIGINT/SIGTERM.

  --host <address>               interface to listen on (default ${defaultHost})
  --port <n>                     port, 0 = any free port (default 0)
  --region <name>                region signatures must be scoped to (default ${defaultRegion})
  --backend <b>                  pglite (in memory, default) | <directory> (PGlite data dir) |
                                 postgres://user:pass@host:port/db (a PostgreSQL server)
  --auth <mode>                  sigv4 (default) | none
  --credential <KEY:SECRET[:TOKEN]>  accepted key pair, repeatable (default ${defaultCredentials.accessKeyId}:${defaultCredentials.secretAccessKey})
  --identity <KEY=IAM:user>      database identity of a key (IAM:<user> | IAMR:<role>), repeatable
                                 (default IAM:<KEY>; ${defaultCredentials.iamIdentity} for the default key)
  --workgroup <name>             serverless workgroup, repeatable (default ${defaultWorkgroup})
  --cluster <id>                 provisioned cluster, repeatable (default ${defaultCluster})
  --database <name>              database, repeatable (default ${defaultDatabase})
  --secret <ARN=user:password>   Secrets Manager secret, repeatable (default ${defaultSecretArn}=admin:...)
  --api-latency-ms <n>           delay before every API answer (default 0)
  --statement-latency-ms <n>     extra run time of every statement (default 0)
  --fault <kind[:Operation][@rate|#n,m]>  injected fault, repeatable; kind is throttling |
                                 internal | drop-connection | drop-after-execute | serializable
                                 e.g. throttling:ExecuteStatement@0.1  internal#1,2
  --seed <n>                     seed of the fault generator (default 0)
  --max-sql-bytes <n>            largest SQL text in bytes (default ${defaultLimits.maxSqlBytes})
  --max-active-statements <n>    active statement cap (default ${defaultLimits.maxActiveStatements})
  --max-active-sessions <n>      open session cap (default ${defaultLimits.maxActiveSessions})
  --result-page-rows <n>         records per GetStatementResult page (default ${defaultLimits.resultPageRows})
  --session-keep-alive-seconds <n>  idle session lifetime when a request says nothing more
  --s3-endpoint <url>            S3 endpoint COPY reads from, e.g. http://127.0.0.1:4569
                                 (without it COPY fails with an error saying so)
  --s3-region <name>             region S3 requests are signed for (default: --region)
  --s3-credential <KEY:SECRET[:TOKEN]>  key pair COPY uses for IAM_ROLE
                                 (default: the AWS SDK default credential chain)
  -h, --help                     print this help
`

/** A command line the emulator cannot act on; printed as `UsageError: <message>`. */
class UsageError extends TaggedError('UsageError', (f: { readonly message: string }) => f.message) {
  constructor(message: string) {
    super({ message })
  }
}

const integer = (flag: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--${flag} takes an integer, got '${text}'`)
  return Number(text)
}

const parseBackend = (text: string | undefined): BackendOptions | undefined => {
  if (text === undefined || text === 'pglite') return text
  if (/^postgres(ql)?:\/\//.test(text)) return { postgresUrl: text }
  return { pgliteDataDir: text }
}

const parseCredential = (text: string, identities: Map<string, string>): EmulatorCredentials => {
  const [accessKeyId, secretAccessKey, sessionToken, ...rest] = text.split(':')
  if (!accessKeyId || !secretAccessKey || rest.length > 0 || sessionToken === '') {
    throw new UsageError(`--credential takes KEY:SECRET or KEY:SECRET:TOKEN, got '${text}'`)
  }
  const iamIdentity = identities.get(accessKeyId)
  identities.delete(accessKeyId)
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
    ...(iamIdentity === undefined ? {} : { iamIdentity }),
  }
}

const parseSecret = (text: string): [string, SecretValue] => {
  const eq = text.indexOf('=')
  const colon = text.indexOf(':', eq + 1)
  if (eq <= 0 || colon < 0 || colon === eq + 1) {
    throw new UsageError(`--secret takes ARN=user:password, got '${text}'`)
  }
  return [
    text.slice(0, eq),
    { username: text.slice(eq + 1, colon), password: text.slice(colon + 1) },
  ]
}

const parseFault = (text: string): FaultRule => {
  const match = /^([a-z-]+)(?::([A-Za-z0-9]+))?(?:@([0-9.]+)|#([0-9,]+))?$/.exec(text)
  if (match === null) {
    throw new UsageError(`--fault takes kind[:Operation][@rate|#n,m], got '${text}'`)
  }
  const [, kind, operation, rate, schedule] = match
  if (operation !== undefined && !(operationNames as ReadonlyArray<string>).includes(operation)) {
    throw new UsageError(`--fault names no operation '${operation}' (${operationNames.join(', ')})`)
  }
  const base = {
    ...(operation === undefined ? {} : { operation: operation as OperationName }),
    ...(rate === undefined ? {} : { rate: Number(rate) }),
    ...(schedule === undefined
      ? {}
      : {
          schedule: schedule
            .split(',')
            .filter((s) => s !== '')
            .map(Number),
        }),
  }
  switch (kind) {
    case 'throttling':
    case 'internal':
    case 'drop-connection':
    case 'serializable':
      return { kind, ...base }
    case 'drop-after-execute':
      return { kind: 'drop-connection', afterExecute: true, ...base }
    default:
      throw new UsageError(
        `--fault kind '${kind}' is none of throttling, internal, drop-connection, drop-after-execute, serializable`,
      )
  }
}

const parseS3 = (
  endpoint: string | undefined,
  region: string | undefined,
  credential: string | undefined,
): Record<string, unknown> | undefined => {
  if (endpoint === undefined) {
    if (region !== undefined || credential !== undefined) {
      throw new UsageError('--s3-region and --s3-credential need --s3-endpoint')
    }
    return undefined
  }
  let credentials: Record<string, string> | undefined
  if (credential !== undefined) {
    const [accessKeyId, secretAccessKey, sessionToken, ...rest] = credential.split(':')
    if (!accessKeyId || !secretAccessKey || rest.length > 0 || sessionToken === '') {
      throw new UsageError(
        `--s3-credential takes KEY:SECRET or KEY:SECRET:TOKEN, got '${credential}'`,
      )
    }
    credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
  }
  return { endpoint, region, credentials }
}

/** Reads the command line into emulator options; undefined when help was asked for. */
const parseCommandLine = (args: ReadonlyArray<string>): EmulatorOptions | undefined => {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      region: { type: 'string' },
      backend: { type: 'string' },
      auth: { type: 'string' },
      credential: { type: 'string', multiple: true },
      identity: { type: 'string', multiple: true },
      workgroup: { type: 'string', multiple: true },
      cluster: { type: 'string', multiple: true },
      database: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      'api-latency-ms': { type: 'string' },
      'statement-latency-ms': { type: 'string' },
      fault: { type: 'string', multiple: true },
      seed: { type: 'string' },
      'max-sql-bytes': { type: 'string' },
      'max-active-statements': { type: 'string' },
      'max-active-sessions': { type: 'string' },
      'result-page-rows': { type: 'string' },
      'session-keep-alive-seconds': { type: 'string' },
      's3-endpoint': { type: 'string' },
      's3-region': { type: 'string' },
      's3-credential': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help === true) return undefined
  if (values.auth !== undefined && values.auth !== 'sigv4' && values.auth !== 'none') {
    throw new UsageError(`--auth takes sigv4 or none, got '${values.auth}'`)
  }
  const identities = new Map<string, string>()
  for (const text of values.identity ?? []) {
    const eq = text.indexOf('=')
    if (eq <= 0)
      throw new UsageError(`--identity takes KEY=IAM:user or KEY=IAMR:role, got '${text}'`)
    identities.set(text.slice(0, eq), text.slice(eq + 1))
  }
  const credentials = values.credential?.map((text) => parseCredential(text, identities))
  const defaultIdentity =
    credentials === undefined ? identities.get(defaultCredentials.accessKeyId) : undefined
  if (credentials === undefined) identities.delete(defaultCredentials.accessKeyId)
  if (identities.size > 0) {
    throw new UsageError(
      `--identity names keys that no --credential gives: ${[...identities.keys()].join(', ')}`,
    )
  }
  const limits = {
    maxSqlBytes: integer('max-sql-bytes', values['max-sql-bytes']),
    maxActiveStatements: integer('max-active-statements', values['max-active-statements']),
    maxActiveSessions: integer('max-active-sessions', values['max-active-sessions']),
    resultPageRows: integer('result-page-rows', values['result-page-rows']),
  }
  const options: Record<string, unknown> = {
    host: values.host,
    port: integer('port', values.port),
    region: values.region,
    backend: parseBackend(values.backend),
    auth: values.auth,
    credentials:
      credentials ??
      (defaultIdentity === undefined
        ? undefined
        : [{ ...defaultCredentials, iamIdentity: defaultIdentity }]),
    workgroups: values.workgroup,
    clusters: values.cluster,
    databases: values.database,
    secrets:
      values.secret === undefined ? undefined : Object.fromEntries(values.secret.map(parseSecret)),
    latency: {
      apiMs: integer('api-latency-ms', values['api-latency-ms']),
      statementMs: integer('statement-latency-ms', values['statement-latency-ms']),
    },
    faults:
      values.fault === undefined && values.seed === undefined
        ? undefined
        : { seed: integer('seed', values.seed), rules: (values.fault ?? []).map(parseFault) },
    limits,
    defaultSessionKeepAliveSeconds: integer(
      'session-keep-alive-seconds',
      values['session-keep-alive-seconds'],
    ),
    s3: parseS3(values['s3-endpoint'], values['s3-region'], values['s3-credential']),
  }
  return withoutUndefined(options) as EmulatorOptions
}

/** exactOptionalPropertyTypes: an option left out must be absent, not undefined. */
const withoutUndefined = (value: Record<string, unknown>): Record<string, unknown> => {
  const result: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue
    const isPlain = typeof member === 'object' && member !== null && !Array.isArray(member)
    result[key] = isPlain ? withoutUndefined(member as Record<string, unknown>) : member
  }
  return result
}

const main = async (): Promise<void> => {
  let options: EmulatorOptions | undefined
  try {
    options = parseCommandLine(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`redstore-emulator: ${(error as Error).message}\nTry --help.\n`)
    process.exitCode = 2
    return
  }
  if (options === undefined) {
    process.stdout.write(usage)
    return
  }
  const emulator = await startEmulator(options)
  const { endpoint, region, credentials } = emulator
  process.stdout.write(`${JSON.stringify({ endpoint, region, credentials })}\n`)
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    emulator.stop().then(
      () => {
        process.stderr.write(`redstore-emulator: stopped on ${signal}\n`)
        process.exit(0)
      },
      (error: unknown) => {
        process.stderr.write(`redstore-emulator: stopping failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const message = isInvalidEmulatorOptionError(error) ? error.message : String(error)
  process.stderr.write(`redstore-emulator: ${message}\n`)
  process.exit(1)
})
