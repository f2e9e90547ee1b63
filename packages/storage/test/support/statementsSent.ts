import { ListStatementsCommand } from '@aws-sdk/client-redshift-data'
import type { Emulator } from '@redstore/emulator'
import { dataApiClient } from '@redstore/test-support'

/**
 * The SQL of every statement the emulator ran for its default key (batches expanded), oldest
 * first; with `status`, only statements (or batches) that ended so.
 */
export const statementsSent = async (
  emulator: Emulator,
  status?: 'FINISHED' | 'FAILED' | 'ABORTED',
): Promise<Array<string>> => {
  const client = dataApiClient(emulator)
  try {
    // The service lists newest first.
    const newestFirst: Array<ReadonlyArray<string>> = []
    let NextToken: string | undefined
    do {
      const page = await client.send(
        new ListStatementsCommand({
          RoleLevel: true,
          MaxResults: 100,
          ...(NextToken ? { NextToken } : {}),
        }),
      )
      for (const s of page.Statements ?? []) {
        if (status !== undefined && s.Status !== status) continue
        newestFirst.push(
          s.IsBatchStatement === true ? (s.QueryStrings ?? []) : [s.QueryString ?? ''],
        )
      }
      NextToken = page.NextToken
    } while (NextToken !== undefined && NextToken !== '')
    return newestFirst.reverse().flat()
  } finally {
    client.destroy()
  }
}
