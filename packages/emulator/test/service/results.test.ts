import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../../src/engine/createEngine.js'
import type { Engine } from '../../src/engine/Engine.js'
import { decodePageToken, encodePageToken } from '../../src/service/pageTokens.js'
import { csvField, pageEnd, toCsv, toField } from '../../src/service/results.js'
import { type Harness, serviceErrorOf, serviceOn } from './support/serviceHarness.js'

describe('Field union and CSV encoding', () => {
  it('maps each engine cell to its Field member', () => {
    expect(toField({ kind: 'null' })).toEqual({ isNull: true })
    expect(toField({ kind: 'long', value: 9007199254740993n })).toEqual({
      longValue: 9007199254740993n,
    })
    expect(toField({ kind: 'double', value: 1.5 })).toEqual({ doubleValue: 1.5 })
    expect(toField({ kind: 'double', value: Number.NaN })).toEqual({ stringValue: 'NaN' })
    expect(toField({ kind: 'boolean', value: false })).toEqual({ booleanValue: false })
    expect(toField({ kind: 'string', value: '12.50' })).toEqual({ stringValue: '12.50' })
    expect(toField({ kind: 'blob', value: new Uint8Array([0, 255]) })).toEqual({
      blobValue: 'AP8=',
    })
  })

  it('quotes hostile CSV fields and writes NULL as an empty field', () => {
    expect(csvField({ kind: 'string', value: 'a,b' })).toBe('"a,b"')
    expect(csvField({ kind: 'string', value: 'say "hi"' })).toBe('"say ""hi"""')
    expect(csvField({ kind: 'string', value: 'line\nbreak' })).toBe('"line\nbreak"')
    expect(csvField({ kind: 'string', value: '' })).toBe('""')
    expect(csvField({ kind: 'null' })).toBe('')
    expect(csvField({ kind: 'long', value: -5n })).toBe('-5')
    expect(toCsv(undefined, [[{ kind: 'boolean', value: true }, { kind: 'null' }]])).toBe('true,\n')
  })

  it('cuts pages by rows and near 1 MB', () => {
    const rows = Array.from({ length: 10 }, () => [
      { kind: 'string' as const, value: 'x'.repeat(300_000) },
    ])
    expect(pageEnd(rows, 0, 1000)).toBe(3)
    expect(pageEnd(rows, 9, 1000)).toBe(10)
    const small = Array.from({ length: 10 }, () => [{ kind: 'null' as const }])
    expect(pageEnd(small, 4, 3)).toBe(7)
  })

  it('binds page tokens to their listing', () => {
    const token = encodePageToken('result:a', 7)
    expect(decodePageToken(token, 'result:a')).toBe(7)
    expect(() => decodePageToken(token, 'result:b')).toThrow(/Invalid NextToken/)
    expect(() => decodePageToken('garbage', 'result:a')).toThrow(/Invalid NextToken/)
  })
})

// The engine's first session starts PGlite, which takes seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 })

describe('GetStatementResult and GetStatementResultV2', () => {
  const target = { WorkgroupName: 'default', Database: 'dev' }
  let engine: Engine
  let service: Harness

  beforeAll(async () => {
    engine = await createEngine('pglite', { databases: ['dev'] })
    // Start PGlite now, not inside the first test's WaitTimeSeconds.
    await engine.listSchemas('dev')
    service = serviceOn(engine, { limits: { resultPageRows: 4 } })
  })

  afterAll(async () => {
    await service.close()
    await engine.close()
  })

  it('pages records with NextToken and reports TotalNumRows and ColumnMetadata', async () => {
    const { Id } = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select n::int8 as n, n % 2 = 0 as even from generate_series(1, 10) as n',
      WaitTimeSeconds: 10,
    })
    const seen: unknown[] = []
    let token: unknown
    let pages = 0
    do {
      const page = await service.call('GetStatementResult', {
        Id,
        ...(token !== undefined ? { NextToken: token } : {}),
      })
      pages++
      expect(page.TotalNumRows).toBe(10)
      expect((page.ColumnMetadata as { name: string }[]).map((c) => c.name)).toEqual(['n', 'even'])
      seen.push(...(page.Records as unknown[]))
      token = page.NextToken
    } while (token !== undefined)
    expect(pages).toBe(3)
    expect(seen).toHaveLength(10)
    expect(seen[9]).toEqual([{ longValue: 10n }, { booleanValue: true }])
  })

  it('serves CSV only through V2 and JSON only through V1', async () => {
    const csv = await service.call('ExecuteStatement', {
      ...target,
      Sql: `select 'a,"b"' as s, null::text as nothing`,
      ResultFormat: 'CSV',
      WaitTimeSeconds: 10,
    })
    const v2 = await service.call('GetStatementResultV2', { Id: csv.Id })
    expect(v2.ResultFormat).toBe('CSV')
    expect(v2.Records).toEqual([{ CSVRecords: 's,nothing\n"a,""b""",\n' }])
    const wrongV1 = await serviceErrorOf(service.call('GetStatementResult', { Id: csv.Id }))
    expect(wrongV1.type).toBe('ValidationException')
    const json = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select 1',
      WaitTimeSeconds: 10,
    })
    const wrongV2 = await serviceErrorOf(service.call('GetStatementResultV2', { Id: json.Id }))
    expect(wrongV2.type).toBe('ValidationException')
  })

  it('refuses a NextToken of another statement', async () => {
    const a = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select * from generate_series(1, 9)',
      WaitTimeSeconds: 10,
    })
    const b = await service.call('ExecuteStatement', {
      ...target,
      Sql: 'select * from generate_series(1, 9)',
      WaitTimeSeconds: 10,
    })
    const page = await service.call('GetStatementResult', { Id: a.Id })
    const error = await serviceErrorOf(
      service.call('GetStatementResult', { Id: b.Id, NextToken: page.NextToken }),
    )
    expect(error.type).toBe('ValidationException')
  })

  it('waits with WaitTimeSeconds for a statement still running', async () => {
    const slow = serviceOn(engine, { latency: { statementMs: 200 } })
    try {
      const { Id } = await slow.call('ExecuteStatement', { ...target, Sql: 'select 42 as answer' })
      const early = await serviceErrorOf(slow.call('GetStatementResult', { Id }))
      expect(early.type).toBe('ResourceNotFoundException')
      const page = await slow.call('GetStatementResult', { Id, WaitTimeSeconds: 10 })
      expect(page.Records).toEqual([[{ longValue: 42n }]])
    } finally {
      await slow.close()
    }
  })
})
