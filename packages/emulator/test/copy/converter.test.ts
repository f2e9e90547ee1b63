import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BATCH_BYTES, Converter, type ConverterEvent } from '../../src/engine/copy/Converter.js'
import type { CopyCommand } from '../../src/engine/copy/CopyCommand.js'
import {
  type ColumnKind,
  type ConversionOptions,
  type CopyColumn,
  convertText,
  FieldError,
} from '../../src/engine/copy/convertValue.js'
import { DelimitedReader, type DelimitedRecord } from '../../src/engine/copy/recordReader.js'
import { decodeUtf8 } from '../../src/engine/copy/utf8.js'

const options: ConversionOptions = {
  emptyAsNull: false,
  blanksAsNull: false,
  trimBlanks: false,
  truncateColumns: false,
  roundDecimals: false,
  dateFormat: undefined,
  timeFormat: undefined,
}

const col = (name: string, kind: ColumnKind, length = 0, scale = 0): CopyColumn => ({
  name,
  kind,
  length,
  scale,
  notNull: false,
})

/** The outcome of a conversion: its text, or the load error it throws. */
const outcome = (f: () => string | null): unknown => {
  try {
    return f()
  } catch (error) {
    if (error instanceof FieldError) return { ...error }
    throw error
  }
}

// The conversions as they were written before their fast paths: BigInt for every integer and
// decimal, JavaScript's Date for the days of a month.
const INTEGER_RANGES: Record<string, readonly [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
}
const typeWord: Record<string, string> = { int2: 'Short', int4: 'Integer', int8: 'Long' }

const integerReference = (text: string, kind: 'int2' | 'int4' | 'int8'): string => {
  const t = text.trim()
  const value = BigInt(t)
  const [min, max] = INTEGER_RANGES[kind] as readonly [bigint, bigint]
  if (value < min || value > max) {
    throw new FieldError(1204, `Overflow, Value '${t}', Pos 0, Type: ${typeWord[kind]}`)
  }
  return value.toString()
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
const decimalReference = (text: string, precision: number, scale: number, round: boolean) => {
  const t = text.trim()
  const m = DECIMAL.exec(t) as RegExpExecArray
  const negative = m[1] === '-'
  let digits = `${m[2] ?? ''}${m[3] ?? ''}`
  let point = (m[2] ?? '').length + Number(m[4] ?? 0)
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  if (point > digits.length) digits = digits.padEnd(point, '0')
  let units = BigInt(
    `${digits.slice(0, point) || '0'}${digits.slice(point, point + scale).padEnd(scale, '0')}`,
  )
  const dropped = digits.slice(point + scale)
  if (round && dropped !== '' && Number(dropped[0]) >= 5) units += 1n
  const whole = units.toString().padStart(scale + 1, '0')
  const intPart = whole.slice(0, whole.length - scale)
  if (intPart.replace(/^0+/, '').length > precision - scale) {
    throw new FieldError(
      1204,
      `Numeric data overflow (result precision), Value '${t}', Type: Decimal`,
    )
  }
  const body = scale > 0 ? `${intPart}.${whole.slice(whole.length - scale)}` : intPart
  return negative && units !== 0n ? `-${body}` : body
}

const daysInReference = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate()

const blanks = fc.constantFrom('', ' ', '  ', '\t')
const digits = (max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((d) => d.join(''))

describe('conversion fast paths give what the general conversion gives', () => {
  it('integers of every width', () => {
    fc.assert(
      fc.property(
        blanks,
        fc.constantFrom('', '+', '-'),
        digits(21).filter((d) => d !== ''),
        blanks,
        fc.constantFrom('int2', 'int4', 'int8') as fc.Arbitrary<'int2' | 'int4' | 'int8'>,
        (before, sign, ds, after, kind) => {
          const text = `${before}${sign}${ds}${after}`
          expect(outcome(() => convertText(text, false, col('c', kind), options))).toEqual(
            outcome(() => integerReference(text, kind)),
          )
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('decimals of every precision and scale, truncated or rounded', () => {
    fc.assert(
      fc.property(
        blanks,
        fc.constantFrom('', '+', '-'),
        digits(20),
        fc.option(digits(12)),
        fc.option(fc.integer({ min: -8, max: 8 })),
        fc.integer({ min: 1, max: 38 }).chain((p) => fc.tuple(fc.constant(p), fc.nat(p))),
        fc.boolean(),
        (before, sign, whole, fraction, exponent, [precision, scale], round) => {
          if (whole === '' && (fraction ?? '') === '') return
          const text = `${before}${sign}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `e${exponent}`}`
          const column = col('c', 'numeric', precision, scale)
          expect(
            outcome(() => convertText(text, false, column, { ...options, roundDecimals: round })),
          ).toEqual(outcome(() => decimalReference(text, precision, scale, round)))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('the days of every month of every year a date may be written with', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 2100 }), fc.integer({ min: 1, max: 9999 })),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
          const valid = day <= daysInReference(year, month)
          expect(outcome(() => convertText(text, false, col('d', 'date'), options))).toEqual(
            valid
              ? text
              : { code: 1205, reason: 'Error in Date value or format [%Y-%m-%d]', position: 0 },
          )
        },
      ),
      { numRuns: 3000 },
    )
  })
})

const csvReader = (escapes = false, quote: number | undefined = 0x22) =>
  new DelimitedReader({ delimiter: 0x2c, quote, escape: escapes, ignoreHeader: 0 })

const read = (reader: DelimitedReader, bytes: Buffer, chunk: number): DelimitedRecord[] => {
  const records: DelimitedRecord[] = []
  for (let i = 0; i < bytes.length; i += chunk)
    records.push(...reader.push(bytes.subarray(i, i + chunk)))
  records.push(...reader.end())
  return records
}

describe('DelimitedRecord.text', () => {
  it('is the decoding of the field bytes, whatever the bytes, quotes and escapes', () => {
    const byte = fc.oneof(
      fc.constantFrom(0x2c, 0x22, 0x0a, 0x5c, 0x20, 0x0d),
      fc.integer({ min: 0x21, max: 0x7e }),
      fc.integer({ min: 0x80, max: 0xff }),
      fc.constantFrom(0xc3, 0xa9, 0xe6, 0x9d, 0xb1, 0xf0, 0x9f, 0x9a, 0x80),
    )
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 80 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(undefined, '?'),
        (bytes, text, chunk, replacement) => {
          const records = read(
            text ? csvReader(true, undefined) : csvReader(),
            Buffer.from(bytes),
            chunk,
          )
          for (const record of records) {
            const fields = record.fields
            expect(record.fieldCount).toBe(fields.length)
            fields.forEach((field, k) => {
              expect(record.text(k, replacement)).toEqual(decodeUtf8(field.bytes, replacement))
              expect(record.quoted(k)).toBe(field.quoted)
              expect(record.rawLength(k)).toBe(field.raw.length)
              expect(record.rawEquals(k, Buffer.from('\\N'))).toBe(
                field.raw.equals(Buffer.from('\\N')),
              )
            })
          }
        },
      ),
      { numRuns: 1000 },
    )
  })
})

const command = (overrides: Partial<CopyCommand> = {}): CopyCommand => ({
  table: 't',
  columns: undefined,
  source: 's3://b/k',
  authorization: { kind: 'role', roleArn: 'arn:aws:iam::1:role/r' },
  manifest: false,
  region: undefined,
  format: { kind: 'csv', quote: '"' },
  delimiter: ',',
  gzip: false,
  nullAs: undefined,
  acceptInvalidChars: undefined,
  escape: false,
  fillRecord: false,
  ignoreBlankLines: false,
  ignoreHeader: 0,
  maxError: 0,
  noLoad: false,
  ...options,
  ...overrides,
})

const columns = [col('id', 'int4'), col('v', 'varchar', 200)]
const textOf = (event: ConverterEvent): string =>
  Buffer.from(event.batch?.text ?? [])
    .subarray(0, event.batch?.textBytes ?? 0)
    .toString()

describe('Converter', () => {
  it('cuts batches from 256 KiB doubling to 4 MiB, each row with its file and line', () => {
    const converter = new Converter({ command: command(), columns })
    const rows = 60_000
    const line = (i: number) => `${i},"${'é'.repeat(40)} ""${i}"""\n`
    const events = [...converter.startFile('s3://b/one')]
    let text = ''
    for (let i = 1; i <= rows; i++) text += line(i)
    const bytes = Buffer.from(text)
    for (let i = 0; i < bytes.length; i += 65_536) {
      events.push(...converter.push(bytes.subarray(i, i + 65_536)))
    }
    events.push(...converter.endFile(), ...converter.startFile('s3://b/two'))
    events.push(...converter.push(Buffer.from('1,last\n')), ...converter.endFile())
    events.push(...converter.finish())
    const batches = events.flatMap((e) => (e.batch === undefined ? [] : [e.batch]))
    expect(events.at(-1)?.end).toBe(true)
    expect(events.every((e) => e.badLines.length === 0 && !e.failed)).toBe(true)
    const sizes = batches.map((b) => b.textBytes)
    expect(sizes[0]).toBeGreaterThanOrEqual(256 * 1024)
    expect(sizes[0]).toBeLessThan(256 * 1024 + 200)
    expect(sizes[1]).toBeGreaterThanOrEqual(512 * 1024)
    expect(Math.max(...sizes)).toBeLessThan(BATCH_BYTES + 200)
    expect(batches.reduce((n, b) => n + b.ends.length, 0)).toBe(rows + 1)
    const last = batches.at(-1)
    expect(last?.files.at(-1)).toBe(1)
    expect(last?.lines.at(-1)).toBe(1)
    expect(batches[0]?.lines.slice(0, 3)).toEqual([1, 2, 3])
    expect(textOf(events.find((e) => e.batch !== undefined) as ConverterEvent)).toMatch(
      /^1\téééé.* "1"\n2\t/,
    )
    const rawRow = (batch: (typeof batches)[number] | undefined, row: number) =>
      Buffer.from(batch?.raw ?? [])
        .subarray(batch?.rawStarts[row], batch?.rawEnds[row])
        .toString()
    expect([rawRow(batches[0], 0), rawRow(batches[0], 1)]).toEqual([
      line(1).trimEnd(),
      line(2).trimEnd(),
    ])
    expect(rawRow(batches[1], 0)).toBe(line((batches[0]?.ends.length ?? 0) + 1).trimEnd())
    expect(rawRow(last, (last?.ends.length ?? 0) - 1)).toBe('1,last')
  })

  it('reports bad lines in order with the next event, and fails once more than MAXERROR', () => {
    const converter = new Converter({ command: command({ maxError: 1 }), columns })
    const events = [
      ...converter.startFile('s3://b/bad'),
      ...converter.push(Buffer.from('1,a\nx,b\n3,c\ny,d\n5,e\n')),
      ...converter.endFile(),
      ...converter.finish(),
    ]
    expect(events).toHaveLength(1)
    const [failed] = events
    expect(failed?.failed).toBe(true)
    expect(failed?.batch).toBeUndefined()
    expect(
      failed?.badLines.map((b) => [b.fileName, b.lineNumber, b.columnName, b.errorCode, b.rawLine]),
    ).toEqual([
      ['s3://b/bad', 2, 'id', 1207, 'x,b'],
      ['s3://b/bad', 4, 'id', 1207, 'y,d'],
    ])
  })

  it('fails a record over 4 MB with a bad line of its own', () => {
    const converter = new Converter({ command: command({ maxError: 5 }), columns })
    const events = [
      ...converter.startFile('s3://b/huge'),
      ...converter.push(Buffer.from('1,"')),
      ...converter.push(Buffer.alloc(4 * 1024 * 1024 + 1, 0x61)),
      ...converter.push(Buffer.from('2,b\n')),
      ...converter.endFile(),
      ...converter.finish(),
    ]
    expect(
      events.map((e) => [e.failed, e.badLines.map((b) => [b.lineNumber, b.errorCode])]),
    ).toEqual([[true, [[1, 1216]]]])
  })
})
