import pg from 'pg'
import { describeColumns, listSchemas, listTables } from './Catalog.js'
import { LoadLog } from './copy/LoadLog.js'
import type { S3Settings } from './copy/S3Source.js'
import { type Engine, type EngineSession, RedshiftSqlError } from './Engine.js'
import { setUpInternalSchema } from './internalSchema.js'
import { RedshiftSession } from './RedshiftSession.js'
import type { Lease, SessionChannel } from './SessionChannel.js'
import { pgConnection, type SqlConnection } from './SqlConnection.js'
import { pgIdentifier, pgLiteral } from './TokenEditor.js'
import { toRedshiftError } from './toRedshiftError.js'
import { domainDefinition, domainUpgrade, INTERNAL_SCHEMA } from './translateType.js'

const urlFor = (url: string, database: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined

/** Runs DDL that a concurrent engine may be running too; "already exists" counts as done. */
const idempotent = async (work: () => Promise<unknown>): Promise<void> => {
  try {
    await work()
  } catch (error) {
    if (!['42P04', '42710', '23505', '42P06'].includes(codeOf(error) ?? '')) throw error
  }
}

/** Runs `first`, then sets what every session starts with: SERIALIZABLE and UTC, as Redshift. */
const applySessionDefaults = async (connection: SqlConnection, first: string): Promise<void> => {
  await connection.query(first)
  await connection.query('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE')
  await connection.query("SET TimeZone TO 'UTC'")
}

/** One Redshift database on the server: a small pool for metadata, domains and cancels. */
class ServerDatabase {
  readonly pool: pg.Pool
  readonly admin: SqlConnection
  readonly domains = new Set<string>()
  /** COPY load errors (STL_LOAD_ERRORS), kept outside transactions. */
  readonly loadLog = new LoadLog()

  constructor(
    readonly name: string,
    readonly url: string,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 })
    this.pool.on('error', () => undefined)
    this.admin = pgConnection(this.pool)
  }

  async setUp(): Promise<void> {
    const client = await this.pool.connect()
    try {
      const connection = pgConnection(client)
      await connection.query(`SELECT pg_advisory_lock(${0x5245_4453})`)
      try {
        await setUpInternalSchema(connection)
      } finally {
        await connection.query(`SELECT pg_advisory_unlock(${0x5245_4453})`)
      }
    } finally {
      client.release()
    }
  }

  async ensureDomain(domain: string): Promise<void> {
    if (this.domains.has(domain)) return
    const raw = await this.admin.query(
      `SELECT to_regtype(${pgLiteral(`${INTERNAL_SCHEMA}.${domain}`)}) IS NULL`,
    )
    if (raw.rows[0]?.[0] === 't') await idempotent(() => this.admin.query(domainDefinition(domain)))
    const upgrade = domainUpgrade(domain)
    if (upgrade) {
      const missing = await this.admin.query(upgrade.missing)
      if (missing.rows[0]?.[0] === 't') await idempotent(() => this.admin.query(upgrade.sql))
    }
    this.domains.add(domain)
  }
}

/** A session on its own server connection: native temp tables, SERIALIZABLE transactions. */
class ServerChannel implements SessionChannel {
  readonly tempSchema = undefined
  readonly connection: SqlConnection

  constructor(
    readonly pid: number,
    readonly client: pg.Client,
    readonly database: ServerDatabase,
  ) {
    this.connection = pgConnection(client)
  }

  async acquire(): Promise<Lease> {
    return { connection: this.connection, release: () => undefined }
  }

  async cancel(): Promise<void> {
    await this.database.admin.query('SELECT pg_cancel_backend($1)', [String(this.pid)])
  }

  async ensureDomains(_lease: Lease, domains: ReadonlyArray<string>): Promise<void> {
    for (const domain of domains) await this.database.ensureDomain(domain)
  }

  async resetSettings(): Promise<void> {
    await applySessionDefaults(this.connection, 'RESET ALL')
  }

  recordSetting(): void {
    // The connection is the session's own: its settings persist by themselves.
  }

  async dispose(): Promise<void> {
    await this.client.end()
  }
}

/**
 * The engine on a PostgreSQL server: every configured database is created when missing,
 * each session is one connection whose current_user is the session's user.
 */
export const createPostgresEngine = async (
  url: string,
  names: ReadonlyArray<string>,
  s3?: S3Settings,
): Promise<Engine> => {
  const maintenance = new pg.Pool({ connectionString: url, max: 2 })
  maintenance.on('error', () => undefined)
  const admin = pgConnection(maintenance)
  const databases = new Map<string, ServerDatabase>()
  const roles = new Set<string>()
  const sessions = new Set<RedshiftSession>()
  try {
    for (const name of names) {
      const exists = await admin.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [
        name,
      ])
      if (exists.rows.length === 0) {
        await idempotent(() => admin.query(`CREATE DATABASE ${pgIdentifier(name)}`))
      }
      const database = new ServerDatabase(name, urlFor(url, name))
      await database.setUp()
      databases.set(name, database)
    }
  } catch (error) {
    await Promise.allSettled([...databases.values()].map((d) => d.pool.end()))
    await maintenance.end()
    throw toRedshiftError(error, { pid: 0 })
  }

  const databaseOf = (name: string): ServerDatabase => {
    const database = databases.get(name)
    if (!database) throw new RedshiftSqlError(`ERROR: database "${name}" does not exist`, '3D000')
    return database
  }

  const ensureRole = async (user: string): Promise<void> => {
    if (roles.has(user)) return
    const raw = await admin.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [user])
    if (raw.rows.length === 0) {
      await idempotent(() => admin.query(`CREATE ROLE ${pgIdentifier(user)} SUPERUSER LOGIN`))
    }
    roles.add(user)
  }

  return {
    listDatabases: async () => [...names],
    async openSession({ database: name, user }): Promise<EngineSession> {
      const database = databaseOf(name)
      await ensureRole(user)
      const client = new pg.Client({ connectionString: database.url })
      client.on('error', () => undefined)
      try {
        await client.connect()
        const connection = pgConnection(client)
        await applySessionDefaults(connection, `SET SESSION AUTHORIZATION ${pgIdentifier(user)}`)
        const raw = await connection.query('SELECT pg_backend_pid()')
        const pid = Number(raw.rows[0]?.[0])
        const channel = new ServerChannel(pid, client, database)
        const session = new RedshiftSession(channel, name, user, (s) => sessions.delete(s), {
          s3,
          loadLog: database.loadLog,
        })
        sessions.add(session)
        return session
      } catch (error) {
        await client.end().catch(() => undefined)
        throw toRedshiftError(error, { pid: 0 })
      }
    },
    listSchemas: (name, pattern) => listSchemas(databaseOf(name).admin, pattern),
    listTables: (name, options) =>
      listTables(databaseOf(name).admin, options.schemaPattern, options.tablePattern),
    async describeTable(name, schema, table) {
      const admin = databaseOf(name).admin
      const exact = await describeColumns(admin, schema, table)
      if (exact || (schema === schema.toLowerCase() && table === table.toLowerCase())) return exact
      return describeColumns(admin, schema.toLowerCase(), table.toLowerCase())
    },
    async close() {
      await Promise.allSettled([...sessions].map((session) => session.close()))
      await Promise.allSettled([...databases.values()].map((d) => d.pool.end()))
      await maintenance.end()
    },
  }
}
