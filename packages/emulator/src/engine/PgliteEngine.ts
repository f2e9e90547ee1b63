import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { describeColumns, listSchemas, listTables } from './Catalog.js'
import { LoadLog } from './copy/LoadLog.js'
import type { S3Settings } from './copy/S3Source.js'
import { type Engine, type EngineSession, RedshiftSqlError } from './Engine.js'
import { setUpInternalSchema } from './internalSchema.js'
import { Mutex } from './Mutex.js'
import { growPgliteFilesGeometrically } from './pgliteMemoryFiles.js'
import { RedshiftSession } from './RedshiftSession.js'
import type { Lease, SessionChannel } from './SessionChannel.js'
import { pgliteConnection, rawTextParsers, type SqlConnection } from './SqlConnection.js'
import { pgIdentifier, pgLiteral } from './TokenEditor.js'
import { cancelledError } from './toRedshiftError.js'
import { domainDefinition, domainUpgrade, INTERNAL_SCHEMA } from './translateType.js'

/** One Redshift database on PGlite: its own instance, used by one statement at a time. */
class PgliteDatabase {
  readonly lock = new Mutex()
  readonly connection: SqlConnection
  readonly roles = new Set<string>()
  /** COPY load errors (STL_LOAD_ERRORS), kept outside transactions. */
  readonly loadLog = new LoadLog()
  /** The channel whose context (user, search_path, settings) the instance has now. */
  active: PgliteChannel | undefined

  constructor(
    readonly name: string,
    readonly db: PGlite,
  ) {
    this.connection = pgliteConnection(db)
  }

  /** Creates the role `user` on first use; a superuser, so every session can read every table. */
  async ensureRole(user: string): Promise<void> {
    if (this.roles.has(user)) return
    await this.lock.run(async () => {
      const raw = await this.connection.query(
        'SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1',
        [user],
      )
      if (raw.rows.length === 0) {
        await this.connection.query(`CREATE ROLE ${pgIdentifier(user)} SUPERUSER LOGIN`)
      }
    })
    this.roles.add(user)
  }
}

/** A logical session on a shared PGlite instance: temp tables in a private schema. */
class PgliteChannel implements SessionChannel {
  readonly tempSchema: string
  readonly #settings = new Map<string, string>()

  constructor(
    readonly pid: number,
    readonly database: PgliteDatabase,
    readonly user: string,
  ) {
    this.tempSchema = `redstore_session_${pid}`
  }

  async acquire(signal?: AbortSignal): Promise<Lease> {
    const release = await this.database.lock.acquireUnless(signal, () => cancelledError(this.pid))
    try {
      if (this.database.active !== this) await this.#applyContext()
    } catch (error) {
      release()
      throw error
    }
    return { connection: this.database.connection, release }
  }

  async #applyContext(): Promise<void> {
    const connection = this.database.connection
    this.database.active = undefined
    await connection.query('RESET ALL')
    await connection.query(`SET SESSION AUTHORIZATION ${pgIdentifier(this.user)}`)
    await connection.query(`SET search_path TO ${pgIdentifier(this.tempSchema)}, "$user", public`)
    await connection.query(
      'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE',
    )
    await connection.query("SET TimeZone TO 'UTC'")
    for (const sql of this.#settings.values()) await connection.query(sql)
    this.database.active = this
  }

  async cancel(): Promise<void> {
    // PGlite cannot interrupt a running query: the session checks the signal between steps.
  }

  async ensureDomains(lease: Lease, domains: ReadonlyArray<string>): Promise<void> {
    for (const domain of domains) {
      const raw = await lease.connection.query(
        `SELECT to_regtype(${pgLiteral(`${INTERNAL_SCHEMA}.${domain}`)}) IS NULL`,
      )
      if (raw.rows[0]?.[0] === 't') {
        await lease.connection.query(domainDefinition(domain))
        continue
      }
      const upgrade = domainUpgrade(domain)
      if (!upgrade) continue
      const missing = await lease.connection.query(upgrade.missing)
      if (missing.rows[0]?.[0] === 't') await lease.connection.query(upgrade.sql)
    }
  }

  async resetSettings(): Promise<void> {
    this.#settings.clear()
    await this.#applyContext()
  }

  recordSetting(name: string, sql: string | undefined): void {
    if (name === 'all' && sql === undefined) this.#settings.clear()
    else if (sql === undefined) this.#settings.delete(name)
    else this.#settings.set(name, sql)
  }

  async dispose(): Promise<void> {
    await this.database.lock.run(async () => {
      await this.database.connection.query(
        `DROP SCHEMA IF EXISTS ${pgIdentifier(this.tempSchema)} CASCADE`,
      )
      if (this.database.active === this) this.database.active = undefined
    })
  }
}

/**
 * PGlite's start parameters plus three that spare it WAL work it does not need: a table
 * created in the transaction that loads it (COPY into a staging table) is written without WAL
 * (`wal_level=minimal`, which needs `max_wal_senders=0`), and a new WAL segment is not first
 * filled with zeros (`wal_init_zero=off`). Every committed change stays as safe as before.
 */
const startParams = [
  ...PGlite.defaultStartParams,
  '-c',
  'wal_level=minimal',
  '-c',
  'max_wal_senders=0',
  '-c',
  'wal_init_zero=off',
]

const startDatabase = async (
  name: string,
  dataDir: string | undefined,
): Promise<PgliteDatabase> => {
  const db = await PGlite.create(dataDir ? join(dataDir, encodeURIComponent(name)) : undefined, {
    startParams,
  })
  growPgliteFilesGeometrically(db)
  rawTextParsers(db)
  const database = new PgliteDatabase(name, db)
  await setUpInternalSchema(database.connection)
  // Temp tables of sessions that never closed (a crash) must not reach new sessions.
  const leftovers = await database.connection.query(
    "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname LIKE 'redstore\\_session\\_%'",
  )
  for (const [schema] of leftovers.rows) {
    if (schema) await database.connection.query(`DROP SCHEMA ${pgIdentifier(schema)} CASCADE`)
  }
  return database
}

/**
 * The engine on PGlite: one instance per configured database, started on first use, in
 * memory or under `dataDir/<database>`.
 */
export const createPgliteEngine = (
  dataDir: string | undefined,
  databases: ReadonlyArray<string>,
  s3?: S3Settings,
): Engine => {
  const started = new Map<string, Promise<PgliteDatabase>>()
  let nextPid = 1073741824
  let closed = false
  const sessions = new Set<RedshiftSession>()

  const database = (name: string): Promise<PgliteDatabase> => {
    if (closed) return Promise.reject(new RedshiftSqlError('ERROR: the engine is closed', '08003'))
    if (!databases.includes(name)) {
      return Promise.reject(
        new RedshiftSqlError(`ERROR: database "${name}" does not exist`, '3D000'),
      )
    }
    let instance = started.get(name)
    if (!instance) {
      instance = startDatabase(name, dataDir)
      started.set(name, instance)
      // A failed start is not remembered: the next use tries again.
      instance.catch(() => started.delete(name))
    }
    return instance
  }

  const catalog = async <T>(name: string, fn: (c: SqlConnection) => Promise<T>): Promise<T> => {
    const instance = await database(name)
    return instance.lock.run(() => fn(instance.connection))
  }

  return {
    listDatabases: async () => [...databases],
    async openSession({ database: name, user }): Promise<EngineSession> {
      const instance = await database(name)
      await instance.ensureRole(user)
      nextPid += 1
      const channel = new PgliteChannel(nextPid, instance, user)
      const session = new RedshiftSession(channel, name, user, (s) => sessions.delete(s), {
        s3,
        loadLog: instance.loadLog,
      })
      sessions.add(session)
      return session
    },
    listSchemas: (name, pattern) => catalog(name, (c) => listSchemas(c, pattern)),
    listTables: (name, options) =>
      catalog(name, (c) => listTables(c, options.schemaPattern, options.tablePattern)),
    describeTable: (name, schema, table) =>
      catalog(name, async (c) => {
        const exact = await describeColumns(c, schema, table)
        if (exact || (schema === schema.toLowerCase() && table === table.toLowerCase()))
          return exact
        return describeColumns(c, schema.toLowerCase(), table.toLowerCase())
      }),
    async close() {
      closed = true
      await Promise.allSettled([...sessions].map((session) => session.close()))
      const instances = await Promise.allSettled(started.values())
      for (const instance of instances) {
        if (instance.status === 'fulfilled') {
          await instance.value.lock.run(() => instance.value.db.close())
        }
      }
    },
  }
}
