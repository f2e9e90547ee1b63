import { alterColumnTypeSql } from './alterColumnType.js'
import { LoadLog } from './copy/LoadLog.js'
import { type CopyServices, runCopy } from './copy/runCopy.js'
import {
  type EngineSession,
  RedshiftSqlError,
  type RunOptions,
  type StatementResult,
} from './Engine.js'
import { Mutex } from './Mutex.js'
import { toStatementResult } from './mapResult.js'
import { splitStatements, tokenize } from './RedshiftLexer.js'
import type { Lease, SessionChannel } from './SessionChannel.js'
import type { RawResult } from './SqlConnection.js'
import { DEFAULT_SCHEMA_SLOT, type StatementPlan } from './StatementPlan.js'
import { resolveSuperAssignment } from './superAssignment.js'
import { pgIdentifier, pgLiteral } from './TokenEditor.js'
import { cancelledError, toRedshiftError } from './toRedshiftError.js'
import { EMULATED_SETTINGS, translateStatement } from './translateStatement.js'

const emptyResult: StatementResult = { hasResultSet: false, columns: [], rows: [], rowCount: 0 }

/** Result column names in uppercase, as `describe_field_name_in_uppercase` asks. */
const upperCaseNames = (result: StatementResult): StatementResult => ({
  ...result,
  columns: result.columns.map((column) => ({
    ...column,
    name: column.name.toUpperCase(),
    label: column.label.toUpperCase(),
  })),
})

const abortedTransaction = (): RedshiftSqlError =>
  new RedshiftSqlError(
    'ERROR: current transaction is aborted, commands ignored until end of transaction block',
    '25P02',
  )

/** A Redshift session over one backend channel: translation, transactions, settings. */
export class RedshiftSession implements EngineSession {
  readonly pid: number
  readonly database: string
  readonly user: string
  readonly #channel: SessionChannel
  readonly #queue = new Mutex()
  readonly #settings = new Map<string, string>()
  #transaction: Lease | undefined
  /** Set when a cancel ended the transaction's work: only COMMIT/ROLLBACK may follow. */
  #transactionAborted = false
  #written: string[] = []
  #closed = false
  /** The query id of the statement running now (STL_LOAD_ERRORS.query). */
  #queryId = 0
  /** PG_LAST_COPY_ID and PG_LAST_COPY_COUNT of this session. */
  #lastCopy = { id: -1, count: 0 }
  readonly #copy: CopyServices

  readonly #onClose: (session: RedshiftSession) => void

  constructor(
    channel: SessionChannel,
    database: string,
    user: string,
    onClose: (session: RedshiftSession) => void = () => undefined,
    copy: CopyServices = { s3: undefined, loadLog: new LoadLog() },
  ) {
    this.#channel = channel
    this.#copy = copy
    this.#onClose = onClose
    this.pid = channel.pid
    this.database = database
    this.user = user
  }

  get inTransaction(): boolean {
    return this.#transaction !== undefined
  }

  run(sql: string, options: RunOptions = {}): Promise<StatementResult> {
    return this.#queue.run(async () => {
      this.#assertOpen()
      if (options.signal?.aborted) throw await this.#cancelled()
      this.#queryId = options.queryId ?? this.#queryId + 1
      const parameters = new Map<string, string>()
      for (const parameter of options.parameters ?? []) {
        if (parameter.value.includes('\u0000')) {
          throw new RedshiftSqlError(
            'ERROR: invalid byte sequence for encoding "UTF8": 0x00',
            '22021',
          )
        }
        parameters.set(parameter.name, parameter.value)
      }
      try {
        const statements = splitStatements(tokenize(sql))
        let result = emptyResult
        for (const tokens of statements) {
          const plan = translateStatement(tokens, {
            caseSensitive: this.#setting('enable_case_sensitive_identifier') === 'on',
            parameters,
            tempSchema: this.#channel.tempSchema,
            database: this.database,
            ...(this.#channel.tempSchema ? { pid: this.pid } : {}),
            lastCopy: this.#lastCopy,
            loadLog: this.#copy.loadLog,
          })
          result = await this.#execute(plan, options.signal)
        }
        return this.#setting('describe_field_name_in_uppercase') === 'on'
          ? upperCaseNames(result)
          : result
      } catch (error) {
        // Any failed statement aborts the open transaction block, as on Redshift.
        await this.#abortTransaction()
        throw error
      }
    })
  }

  begin(): Promise<void> {
    return this.#queue.run(() => this.#begin())
  }

  commit(): Promise<void> {
    return this.#queue.run(() => this.#end('COMMIT'))
  }

  rollback(): Promise<void> {
    return this.#queue.run(() => this.#end('ROLLBACK'))
  }

  close(): Promise<void> {
    return this.#queue.run(async () => {
      if (this.#closed) return
      if (this.#transaction) await this.#end('ROLLBACK').catch(() => undefined)
      this.#closed = true
      this.#onClose(this)
      await this.#channel.dispose()
    })
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new RedshiftSqlError(`ERROR: session ${this.pid} is closed; open a new one`, '08003')
    }
  }

  #setting(name: string): string {
    const value = this.#settings.get(name) ?? EMULATED_SETTINGS.get(name) ?? ''
    if (
      name === 'enable_case_sensitive_identifier' ||
      name === 'describe_field_name_in_uppercase'
    ) {
      return value === 'true' || value === 'on' || value === '1' ? 'on' : 'off'
    }
    return value
  }

  async #begin(): Promise<void> {
    this.#assertOpen()
    if (this.#transaction) return
    const lease = await this.#channel.acquire()
    try {
      await lease.connection.query('BEGIN')
    } catch (error) {
      lease.release()
      throw this.#error(error)
    }
    this.#transaction = lease
    this.#transactionAborted = false
    this.#written = []
  }

  async #end(command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const lease = this.#transaction
    if (!lease) return
    this.#transaction = undefined
    const aborted = this.#transactionAborted
    this.#transactionAborted = false
    try {
      if (!aborted) await lease.connection.query(command)
    } catch (error) {
      await lease.connection.query('ROLLBACK').catch(() => undefined)
      throw this.#error(error)
    } finally {
      lease.release()
      this.#written = []
    }
  }

  /** Ends the open block's work after a failure; only COMMIT/ROLLBACK (both roll back) remain. */
  async #abortTransaction(): Promise<void> {
    if (this.#transaction && !this.#transactionAborted) {
      this.#transactionAborted = true
      await this.#transaction.connection.query('ROLLBACK').catch(() => undefined)
    }
  }

  /** A cancel inside a transaction block aborts the block, as on Redshift. */
  async #cancelled(): Promise<RedshiftSqlError> {
    await this.#abortTransaction()
    return cancelledError(this.pid)
  }

  #error(error: unknown): RedshiftSqlError {
    return toRedshiftError(error, { pid: this.pid, writtenTables: this.#written })
  }

  async #execute(plan: StatementPlan, signal: AbortSignal | undefined): Promise<StatementResult> {
    if (this.#transactionAborted && plan.kind !== 'commit' && plan.kind !== 'rollback') {
      throw abortedTransaction()
    }
    switch (plan.kind) {
      case 'begin':
        await this.#begin()
        return emptyResult
      case 'commit':
        await this.#end('COMMIT')
        return emptyResult
      case 'rollback':
        await this.#end('ROLLBACK')
        return emptyResult
      case 'setting':
        if (plan.value === undefined) this.#settings.delete(plan.name)
        else this.#settings.set(plan.name, plan.value)
        return emptyResult
      case 'show':
        return {
          hasResultSet: true,
          columns: [
            {
              name: plan.name,
              label: plan.name,
              typeName: 'varchar',
              nullable: 1,
              precision: 0,
              scale: 0,
              length: 0,
              isSigned: false,
              isCaseSensitive: true,
              isCurrency: false,
              schemaName: '',
              tableName: '',
            },
          ],
          rows: [[{ kind: 'string', value: this.#setting(plan.name) }]],
          rowCount: 1,
        }
      case 'alterColumnType':
        if (this.#transaction) {
          throw new RedshiftSqlError(
            'ERROR: ALTER TABLE ALTER COLUMN cannot run inside a transaction block',
            '25001',
          )
        }
        return this.#unit(signal, [plan.table], async (lease) => {
          const sql = await alterColumnTypeSql(lease.connection, plan)
          await this.#channel.ensureDomains(lease, [`varchar_${plan.length}`])
          return lease.connection.query(sql)
        })
      case 'resetAll': {
        this.#settings.clear()
        const lease = this.#transaction ?? (await this.#channel.acquire(signal))
        try {
          await this.#channel.resetSettings(lease)
        } catch (error) {
          throw this.#error(error)
        } finally {
          if (lease !== this.#transaction) lease.release()
        }
        return emptyResult
      }
      case 'copy': {
        const copy = this.#copy
        const queryId = this.#queryId
        return this.#unit(signal, [plan.command.table], async (lease) => {
          const loaded = await runCopy({
            connection: lease.connection,
            command: plan.command,
            services: copy,
            queryId,
            session: this.pid,
            database: this.database,
            signal,
            onLoadStart: () => {
              this.#lastCopy = { id: queryId, count: 0 }
            },
          })
          this.#lastCopy = { id: queryId, count: loaded }
          return { fields: [], rows: [], command: 'COPY', rowCount: loaded }
        })
      }
      case 'sql': {
        if (plan.steps.length === 0) return emptyResult
        if (plan.commitsTransaction) await this.#end('COMMIT')
        const result = await this.#unit(signal, plan.writes, (lease) =>
          this.#steps(lease, plan, signal),
        )
        if (plan.setting && !this.#transaction) {
          this.#channel.recordSetting(plan.setting.name, plan.setting.sql)
        }
        return result
      }
    }
  }

  /** Runs work atomically: inside the open transaction, or in its own BEGIN..COMMIT. */
  async #unit(
    signal: AbortSignal | undefined,
    writes: ReadonlyArray<string>,
    work: (lease: Lease) => Promise<RawResult>,
  ): Promise<StatementResult> {
    const onAbort = (): void => {
      void this.#channel.cancel().catch(() => undefined)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      if (this.#transaction) {
        const lease = this.#transaction
        this.#written.push(...writes)
        try {
          const raw = await work(lease)
          if (signal?.aborted) throw cancelledError(this.pid)
          return toStatementResult(raw)
        } catch (error) {
          const mapped = this.#error(error)
          if (mapped.sqlState === '57014') throw await this.#cancelled()
          throw mapped
        }
      }
      const lease = await this.#channel.acquire(signal)
      this.#written = [...writes]
      try {
        await lease.connection.query('BEGIN')
        const raw = await work(lease)
        if (signal?.aborted) throw cancelledError(this.pid)
        await lease.connection.query('COMMIT')
        return toStatementResult(raw)
      } catch (error) {
        await lease.connection.query('ROLLBACK').catch(() => undefined)
        throw this.#error(error)
      } finally {
        this.#written = []
        lease.release()
      }
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  async #steps(
    lease: Lease,
    plan: Extract<StatementPlan, { kind: 'sql' }>,
    signal: AbortSignal | undefined,
  ): Promise<RawResult> {
    const connection = lease.connection
    if (plan.domains.length > 0) await this.#channel.ensureDomains(lease, plan.domains)
    const tempSchema = this.#channel.tempSchema
    if (plan.createsTemp && tempSchema) {
      await connection.query(`CREATE SCHEMA IF NOT EXISTS ${pgIdentifier(tempSchema)}`)
    }
    let defaultSchema: string | undefined
    let last: RawResult | undefined
    for (const step of plan.steps) {
      if (signal?.aborted) throw cancelledError(this.pid)
      let sql = step.assigns ? await resolveSuperAssignment(connection, step.assigns) : step.sql
      if (sql.includes(DEFAULT_SCHEMA_SLOT)) {
        defaultSchema ??= await this.#defaultSchema(lease)
        sql = sql.replaceAll(DEFAULT_SCHEMA_SLOT, pgIdentifier(defaultSchema))
      }
      const raw = await connection.query(sql)
      if (step.failIfRows !== undefined) {
        if (raw.rows.length > 0) throw new RedshiftSqlError(step.failIfRows, '21000')
        continue
      }
      last = raw
    }
    return last ?? { fields: [], rows: [], command: '', rowCount: 0 }
  }

  /** The schema an unqualified CREATE lands in, skipping the emulated temp schema. */
  async #defaultSchema(lease: Lease): Promise<string> {
    const temp = this.#channel.tempSchema ?? ''
    const raw = await lease.connection.query(
      `SELECT s FROM unnest(current_schemas(false)) AS s WHERE s <> ${pgLiteral(temp)} LIMIT 1`,
    )
    const schema = raw.rows[0]?.[0]
    if (!schema) {
      throw new RedshiftSqlError('ERROR: no schema has been selected to create in', '3F000')
    }
    return schema
  }
}
