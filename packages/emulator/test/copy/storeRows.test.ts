import { PGlite } from '@electric-sql/pglite'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ConvertedBatch } from '../../src/engine/copy/Converter.js'
import { COPY_NULL, CopyTextBuffer, copyTextField } from '../../src/engine/copy/copyText.js'
import { refusedLine, storeRows } from '../../src/engine/copy/storeRows.js'
import { growPgliteFilesGeometrically } from '../../src/engine/pgliteMemoryFiles.js'
import {
  pgliteConnection,
  rawTextParsers,
  type SqlConnection,
} from '../../src/engine/SqlConnection.js'

// One PGlite for the file: it takes seconds to start.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let db: PGlite
let connection: SqlConnection
beforeAll(async () => {
  db = await PGlite.create()
  growPgliteFilesGeometrically(db)
  rawTextParsers(db)
  connection = pgliteConnection(db)
})
afterAll(async () => {
  await db?.close()
})

/** Runs `work` in a transaction block, as a statement runs COPY. */
const inTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
  await connection.query('BEGIN')
  try {
    return await work()
  } finally {
    await connection.query('COMMIT')
  }
}

/** A batch of rows whose lines are `lines` (COPY text without the line feed). */
const batchOf = (lines: ReadonlyArray<string>): ConvertedBatch => {
  const text = new CopyTextBuffer(16)
  const ends = lines.map((line) => text.append(`${line}\n`))
  const bytes = text.take()
  return {
    text: bytes,
    textBytes: ends.at(-1) ?? 0,
    ends,
    files: lines.map(() => 0),
    lines: lines.map((_, i) => i + 1),
    raw: Buffer.alloc(0),
    rawStarts: lines.map(() => 0),
    rawEnds: lines.map(() => 0),
  }
}

describe('COPY text', () => {
  it('escapes backslash, tab, line feed and carriage return, and nothing else', () => {
    expect(copyTextField('a\tb\\c\nd\re')).toBe('a\\tb\\\\c\\nd\\re')
    expect(copyTextField('\\N')).toBe('\\\\N')
    expect(copyTextField('plain "text", é 🚀')).toBe('plain "text", é 🚀')
    expect(COPY_NULL).toBe('\\N')
  })

  it('grows its buffer and hands it over whole', () => {
    const text = new CopyTextBuffer(4)
    expect(text.append('ab')).toBe(2)
    expect(text.append('é🚀'.repeat(10))).toBe(2 + 60)
    const bytes = text.take()
    expect(bytes.subarray(0, 62).toString()).toBe(`ab${'é🚀'.repeat(10)}`)
    expect(text.length).toBe(0)
  })

  it('round-trips any text without NUL through PostgreSQL COPY', async () => {
    await connection.query('CREATE TABLE round_trip (i int, v text)')
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\0', ''))), {
          minLength: 1,
          maxLength: 20,
        }),
        async (values) => {
          await connection.query('TRUNCATE round_trip')
          const lines = values.map((v, i) => `${i}\t${v === null ? COPY_NULL : copyTextField(v)}`)
          const stored = await inTransaction(() =>
            storeRows(
              connection,
              { copySql: 'COPY round_trip (i, v) FROM STDIN', name: 'round_trip' },
              batchOf(lines),
              () => true,
            ),
          )
          expect(stored).toBe(values.length)
          const raw = await connection.query('SELECT v FROM round_trip ORDER BY i')
          expect(raw.rows.map((row) => row[0])).toEqual(values)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('storeRows', () => {
  it('stores every row but the refused ones, wherever they are, and reports them in order', async () => {
    await connection.query(
      "CREATE TABLE checked (i int CHECK (i <> 13), v text CHECK (v <> 'bad'))",
    )
    for (const refusedAt of [[0], [0, 1], [5], [9], [0, 4, 5, 9], []]) {
      await connection.query('TRUNCATE checked')
      const lines = Array.from({ length: 10 }, (_, i) =>
        refusedAt.includes(i) ? (i % 2 === 0 ? `13\tok` : `${i}\tbad`) : `${i}\tok`,
      )
      const refused: number[] = []
      const stored = await inTransaction(() =>
        storeRows(
          connection,
          { copySql: 'COPY checked (i, v) FROM STDIN', name: 'checked' },
          batchOf(lines),
          (row, error) => {
            expect((error as { code?: string }).code).toBe('23514')
            refused.push(row)
            return true
          },
        ),
      )
      expect(refused).toEqual(refusedAt)
      expect(stored).toBe(10 - refusedAt.length)
      const raw = await connection.query('SELECT count(*) FROM checked')
      expect(raw.rows[0]?.[0]).toBe(String(10 - refusedAt.length))
    }
  })

  it('stops when told to, leaving the rows stored so far', async () => {
    await connection.query('TRUNCATE checked')
    const lines = ['1\tok', '2\tbad', '3\tok', '4\tbad', '5\tok']
    const refused: number[] = []
    const stored = await inTransaction(() =>
      storeRows(
        connection,
        { copySql: 'COPY checked (i, v) FROM STDIN', name: 'checked' },
        batchOf(lines),
        (row) => {
          refused.push(row)
          return refused.length < 2
        },
      ),
    )
    expect(refused).toEqual([1, 3])
    expect(stored).toBe(2)
    const raw = await connection.query('SELECT i FROM checked ORDER BY i')
    expect(raw.rows).toEqual([['1'], ['3']])
  })

  it('stores row by row when the refusal names no line, and fails on errors about the statement', async () => {
    const copied: string[] = []
    const statements: string[] = []
    const withoutContext: SqlConnection = {
      query: async (sql) => {
        statements.push(sql)
        return { fields: [], rows: [], command: '', rowCount: 0 }
      },
      copyFrom: async (_sql, data) => {
        const text = data.toString()
        copied.push(text)
        if (text.includes('bad')) throw Object.assign(new Error('refused'), { code: '22P02' })
        return text.split('\n').length - 1
      },
    }
    const refused: number[] = []
    const stored = await storeRows(
      withoutContext,
      { copySql: 'COPY t FROM STDIN', name: 't' },
      batchOf(['1', 'bad', '3']),
      (row) => {
        refused.push(row)
        return true
      },
    )
    expect(stored).toBe(2)
    expect(refused).toEqual([1])
    expect(copied).toEqual(['1\nbad\n3\n', '1\n', 'bad\n', '3\n'])
    expect(statements.filter((s) => s.startsWith('ROLLBACK TO'))).toHaveLength(2)

    const cancelled: SqlConnection = {
      ...withoutContext,
      copyFrom: async () => {
        throw Object.assign(new Error('canceling statement due to user request'), {
          code: '57014',
        })
      },
    }
    await expect(
      storeRows(cancelled, { copySql: 'COPY t FROM STDIN', name: 't' }, batchOf(['1']), () => true),
    ).rejects.toThrow('canceling statement')
  })

  it('reads the refused line only from the context of its own table', () => {
    const where = (text: string) => ({ where: text })
    expect(refusedLine(where('COPY t, line 7, column v: "x"'), 't')).toBe(7)
    expect(refusedLine(where('COPY t, line 12: "x"'), 't')).toBe(12)
    expect(
      refusedLine(
        where('PL/pgSQL function f(jsonb) line 5 at RAISE\nCOPY odd name, line 3, column d: "{}"'),
        'odd name',
      ),
    ).toBe(3)
    expect(refusedLine(where('COPY t, line 9, line 2, column v: "x"'), 't, line 9')).toBe(2)
    expect(refusedLine(where('COPY other, line 2'), 't')).toBeUndefined()
    expect(refusedLine(new Error('no context'), 't')).toBeUndefined()
  })
})
