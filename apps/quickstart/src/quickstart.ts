import { type Emulator, startEmulator } from '@redstore/emulator'
import type { SaveSummary } from '@redstore/storage'
import { type CustomersRecord, type CustomersRow, CustomersStorage } from './generated/customers.js'
import { type CustomersV2Row, CustomersV2Storage } from './generated/customersV2.js'

/** First load: values that break naive quoting (quotes, a trailing backslash, multi-byte text). */
export const firstLoad: ReadonlyArray<CustomersRow> = [
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
 * Second load, with the second schema version (a new `email` column): id 2 changes its name
 * only (its absent note stays as stored), id 3 appears twice (the last wins), id 4 is new.
 */
export const secondLoad: ReadonlyArray<CustomersV2Row> = [
  { id: 2, name: 'Quoted Ltd', email: 'hello@quoted.example' },
  { id: 3, name: 'first of two' },
  { id: 3, name: 'second of two', balance: '1.00' },
  { id: 4n, name: 'Newcomer', signedUp: '2026-12-01T12:00:00.000001Z', tags: null },
]

export interface QuickstartResult {
  readonly records: ReadonlyArray<CustomersRecord & { readonly email: string | null }>
  readonly summaries: ReadonlyArray<SaveSummary>
  readonly columnsAdded: ReadonlyArray<string>
}

const count = (n: number, noun: string): string =>
  `${n} ${noun}${n === 1 ? '' : noun.endsWith('h') ? 'es' : 's'}`

/** `N rows written in B batches, S statements, C API calls`. */
export const describeSave = (s: SaveSummary): string =>
  `${count(s.rowsWritten, 'row')} written in ${count(s.batches, 'batch')}, ` +
  `${count(s.statements, 'statement')}, ${count(s.apiCalls, 'API call')}` +
  (s.duplicateKeysCollapsed > 0
    ? ` (${count(s.duplicateKeysCollapsed, 'duplicate key')} collapsed)`
    : '')

/** Points the environment at an in-process emulator unless it already names a Data API target. */
const ensureTarget = async (
  log: (line: string) => void,
  useEnvironment: boolean,
): Promise<Emulator | undefined> => {
  if (useEnvironment && (process.env['REDSHIFT_WORKGROUP'] ?? process.env['REDSHIFT_CLUSTER'])) {
    log(
      `using ${process.env['REDSHIFT_WORKGROUP'] ?? process.env['REDSHIFT_CLUSTER']} from the environment`,
    )
    return undefined
  }
  const emulator = await startEmulator()
  Object.assign(process.env, {
    REDSHIFT_DATA_API_ENDPOINT: emulator.endpoint,
    REDSHIFT_WORKGROUP: emulator.config.workgroups[0] ?? 'default',
    REDSHIFT_DATABASE: emulator.config.databases[0] ?? 'dev',
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
  })
  log(`emulator listening on ${emulator.endpoint} (PGlite in memory)`)
  return emulator
}

/**
 * The quickstart: saves two loads through the generated storage classes (the connection comes
 * from the environment when it names a workgroup or cluster and `useEnvironment` is not false;
 * otherwise an in-process emulator), the second with a schema version that adds a column, and
 * reads the table back as typed records.
 */
export const runQuickstart = async (
  log: (line: string) => void,
  options: { readonly useEnvironment?: boolean } = {},
): Promise<QuickstartResult> => {
  const emulator = await ensureTarget(log, options.useEnvironment ?? true)
  const v1 = new CustomersStorage()
  const v2 = new CustomersV2Storage()
  try {
    const created = await v1.init()
    log(created.created ? 'created quickstart.customers' : 'quickstart.customers exists')
    const onProgress = (p: { rowsLanded: number; batches: number; durationMs: number }) =>
      log(
        `  progress: ${count(p.rowsLanded, 'row')} landed, ${count(p.batches, 'batch')}, ${Math.round(p.durationMs)} ms`,
      )
    const first = await v1.saveData(firstLoad, { onProgress })
    log(`first load: ${describeSave(first)}`)

    const evolved = await v2.init()
    log(`second schema version: columns added ${JSON.stringify(evolved.columnsAdded)}`)
    const second = await v2.saveData(secondLoad, { onProgress })
    log(`second load: ${describeSave(second)}`)

    const records: Array<QuickstartResult['records'][number]> = []
    for await (const record of v2.read()) records.push(record)
    return { records, summaries: [first, second], columnsAdded: evolved.columnsAdded }
  } finally {
    await v1.close()
    await v2.close()
    await emulator?.stop()
  }
}
