import { createDataApiClient, type DataApiStats, staticKeys } from '@redstore/data-api'
import { startEmulator } from '@redstore/emulator'
import { createSchema, createTable, normalizeTableModel, planUpsert } from '@redstore/sql'

/** The table the quickstart writes: its model is normalized (names folded, types parsed) once. */
export const customers = normalizeTableModel({
  schema: 'quickstart',
  name: 'customers',
  keys: ['id'],
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'name', type: 'VARCHAR(100)' },
    { name: 'note', type: 'VARCHAR(256)' },
    { name: 'tags', type: 'SUPER' },
    { name: 'signedUp', type: 'TIMESTAMPTZ' },
    { name: 'balance', type: 'DECIMAL(12,2)' },
  ],
})

/** First load: values that break naive quoting (quotes, a trailing backslash, multi-byte text). */
export const firstLoad: ReadonlyArray<Record<string, unknown>> = [
  { id: 1, name: "O'Reilly", note: 'ends with a backslash \\', tags: ['vip'], balance: '10.50' },
  { id: 2, name: '"Quoted" Ltd', note: 'kept on the next load', tags: { tier: 2 }, balance: 0 },
  {
    id: 3,
    name: 'Ünïcödé 日本語',
    note: "'); DROP TABLE quickstart.customers; --",
    signedUp: new Date('2026-01-02T03:04:05.123Z'),
    balance: 99.99,
  },
]

/**
 * Second load: id 2 changes its name only (its absent note stays as stored), id 3 appears twice
 * (the last wins), id 4 is new.
 */
export const secondLoad: ReadonlyArray<Record<string, unknown>> = [
  { id: 2, name: 'Quoted Ltd' },
  { id: 3, name: 'first of two' },
  { id: 3, name: 'second of two', balance: '1.00' },
  { id: 4, name: 'Newcomer', signedUp: '2026-12-01T12:00:00.000001Z', tags: null },
]

export interface QuickstartResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>
  readonly batches: number
  readonly stats: DataApiStats
}

/**
 * Starts the in-process emulator, creates the table, upserts two loads in planned batches
 * (each one BatchExecuteStatement in a transaction), and reads the table back.
 */
export const runQuickstart = async (log: (line: string) => void): Promise<QuickstartResult> => {
  const emulator = await startEmulator()
  log(`emulator listening on ${emulator.endpoint} (PGlite in memory)`)
  const client = createDataApiClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    workgroupName: emulator.config.workgroups[0] ?? 'default',
    database: emulator.config.databases[0] ?? 'dev',
    credentials: staticKeys(emulator.credentials),
  })
  try {
    await client.batch([createSchema(customers.schema), createTable(customers)])
    log(`created ${customers.schema}.${customers.name}`)
    let batches = 0
    for (const [label, rows] of [
      ['first load', firstLoad],
      ['second load', secondLoad],
    ] as const) {
      for (const plan of planUpsert(customers, rows, { maxRowsPerInsert: 250 })) {
        const result = await client.batch(plan.sqls, { mode: 'TRANSACTION' })
        batches++
        log(
          `${label}: batch ${plan.index} upserted ${plan.rows} rows (${plan.duplicates} duplicate keys collapsed) in ${plan.sqls.length} statements, ${result.apiCalls} API calls`,
        )
      }
    }
    const rows = await client.query(
      `SELECT id, name, note, JSON_SERIALIZE(tags) AS tags, signedup, balance
       FROM quickstart.customers ORDER BY id`,
    )
    return { rows, batches, stats: await client.stats() }
  } finally {
    await client.close()
    await emulator.stop()
  }
}
