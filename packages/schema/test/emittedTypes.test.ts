import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as schema from '../src/index.js'

const here = dirname(fileURLToPath(import.meta.url))

// Every builder, as source text and as the same call at run time.
const builders: ReadonlyArray<readonly [string, () => schema.ColumnBuilder]> = [
  ['smallint()', () => schema.smallint()],
  ['integer()', () => schema.integer()],
  ['bigint()', () => schema.bigint()],
  ['decimal(12, 2)', () => schema.decimal(12, 2)],
  ['real()', () => schema.real()],
  ['double()', () => schema.double()],
  ['boolean()', () => schema.boolean()],
  ['char(2)', () => schema.char(2)],
  ['varchar(10)', () => schema.varchar(10)],
  ['string()', () => schema.string()],
  ['date()', () => schema.date()],
  ['time()', () => schema.time()],
  ['timetz()', () => schema.timetz()],
  ['timestamp()', () => schema.timestamp()],
  ['timestamptz()', () => schema.timestamptz()],
  ['json()', () => schema.json()],
  ['varbyte(8)', () => schema.varbyte(8)],
  ["decimal().redshiftType('DECIMAL(10,2)')", () => schema.decimal().redshiftType('DECIMAL(10,2)')],
  ["string().redshiftType('CHAR(3)')", () => schema.string().redshiftType('CHAR(3)')],
]

const columnsOf = (nullable: boolean) =>
  builders.flatMap(([code, build], i) => [
    [`c${i}`, code, build()] as const,
    ...(nullable ? [[`n${i}`, `${code}.nullable()`, build().nullable()] as const] : []),
  ])

/** What a code generator would write for the table: the object types from the model. */
const emittedTypes = (
  model: ReturnType<typeof schema.toTableModel>,
  rowText: typeof schema.rowTypeText,
) => {
  const row = model.columns
    .map((c) => `${c.field ?? c.name}${c.nullable ? '?' : ''}: ${rowText(c.type, c.nullable)}`)
    .join('; ')
  const record = model.columns
    .map((c) => `${c.field ?? c.name}: ${schema.recordTypeText(c.type, c.nullable)}`)
    .join('; ')
  return { row: `{ ${row} }`, record: `{ ${record} }` }
}

const sourceFor = (rowText: typeof schema.rowTypeText): string => {
  const columns = [['id', 'bigint()', schema.bigint()] as const, ...columnsOf(true)]
  const definition = schema.table('t', {
    uniqueKeys: ['id'],
    columns: Object.fromEntries(columns.map(([property, , builder]) => [property, builder])),
  })
  const emitted = emittedTypes(schema.toTableModel(definition), rowText)
  const names = [
    ...new Set(builders.map(([code]) => code.slice(0, code.indexOf('(')))),
    'table',
  ].join(', ')
  return [
    `import { ${names}, type InferRecord, type InferRow, type JsonValue } from '../src/index.js'`,
    `const t = table('t', { uniqueKeys: ['id'], columns: { ${columns
      .map(([property, code]) => `${property}: ${code}`)
      .join(', ')} } })`,
    'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false',
    'type Expect<T extends true> = T',
    `type EmittedRow = ${emitted.row}`,
    `type EmittedRecord = ${emitted.record}`,
    'export type Checks = [Expect<Equal<EmittedRow, InferRow<typeof t>>>, Expect<Equal<EmittedRecord, InferRecord<typeof t>>>]',
    'export type Uses = JsonValue',
  ].join('\n')
}

/** Type-checks one in-memory file beside the tests with the package's compiler options. */
const typeErrors = (source: string): ReadonlyArray<string> => {
  const configPath = join(here, '..', 'tsconfig.json')
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  )
  if (config === undefined) throw new Error('cannot read tsconfig.json')
  const file = join(here, '__emitted__.ts')
  const host = ts.createCompilerHost(config.options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : getSourceFile(name, language, ...rest)
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (name) => name === file || fileExists(name)
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host)
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('types a code generator emits from the model', () => {
  it('are exactly InferRow and InferRecord, for every builder, NOT NULL and nullable', () => {
    const source = sourceFor(schema.rowTypeText)
    expect(source).toContain('c3: decimal(12, 2), n3: decimal(12, 2).nullable()')
    expect(typeErrors(source)).toEqual([])
  })

  it('would be caught if the emitted text and the inferred types disagreed', () => {
    const wrong: typeof schema.rowTypeText = (type, nullable) =>
      type.kind === 'bigint' ? 'number' : schema.rowTypeText(type, nullable)
    const errors = typeErrors(sourceFor(wrong))
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('\n')).toMatch(/does not satisfy the constraint 'true'/)
  })
})
