import { recordTypeText, rowTypeText } from '@redstore/schema'
import { columnField, formatType, type TableModel } from '@redstore/sql'
import {
  type ImportDeclarationStructure,
  IndentationText,
  type OptionalKind,
  Project,
  type PropertySignatureStructure,
  QuoteKind,
  type StatementStructures,
  StructureKind,
  ts,
  VariableDeclarationKind,
} from 'ts-morph'
import type { PlannedTable } from '../CodegenModel.js'
import { isPlainKey } from '../internal/names.js'
import { headerLines } from './header.js'
import { LINE_WIDTH, type LiteralValue, layoutLiteral, stringLiteral } from './literal.js'
import { moduleSpecifier } from './specifier.js'

/** Where a table's module goes and what it imports from: paths relative to the project root. */
export interface StorageModuleLayout {
  /** The generated module's path, e.g. `src/generated/orders.ts`. */
  readonly path: string
}

/** One ts-morph project for every file of a run (in memory; nothing touches the disk). */
export const createEmitProject = (): Project =>
  new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Single,
      useTrailingCommas: true,
    },
  })

const docText = (text: string): string => text.replaceAll('*/', '*\\/')

const columnDoc = (column: TableModel['columns'][number]): string => {
  const described = `"${column.name}" ${formatType(column.type)}${column.nullable ? '' : ' NOT NULL'}`
  return docText(column.comment === undefined ? described : `${described}: ${column.comment}`)
}

const propertyName = (field: string): string => (isPlainKey(field) ? field : stringLiteral(field))

const rowMembers = (model: TableModel): Array<OptionalKind<PropertySignatureStructure>> =>
  model.columns.map((column) => ({
    name: propertyName(columnField(column)),
    type: rowTypeText(column.type, column.nullable),
    hasQuestionToken: column.nullable,
    docs: [wrapDoc(columnDoc(column), LINE_WIDTH - 6)],
  }))

const recordMembers = (model: TableModel): Array<OptionalKind<PropertySignatureStructure>> =>
  model.columns.map((column) => ({
    name: propertyName(columnField(column)),
    type: recordTypeText(column.type, column.nullable),
    docs: [wrapDoc(columnDoc(column), LINE_WIDTH - 6)],
  }))

/** The model as a plain literal, members in a fixed order. */
const modelLiteral = (model: TableModel): LiteralValue => ({
  schema: model.schema,
  name: model.name,
  keys: [...model.keys],
  columns: model.columns.map((c) => ({
    name: c.name,
    type: { ...c.type } as LiteralValue,
    nullable: c.nullable,
    comment: c.comment,
    encode: c.encode,
    field: c.field,
  })),
  comment: model.comment,
  distStyle: model.distStyle,
  distKey: model.distKey,
  sortKey:
    model.sortKey === undefined || model.sortKey === 'AUTO'
      ? model.sortKey
      : { style: model.sortKey.style, columns: [...model.sortKey.columns] },
})

const tableLabel = (model: TableModel): string => `"${model.schema}"."${model.name}"`

const specifierTo = (table: PlannedTable, layout: StorageModuleLayout): string =>
  moduleSpecifier(layout.path, table.source.file)

/** `current`: the table as the schema file defines it now, as an expression. */
const currentExpression = (table: PlannedTable): string => {
  const source = table.source
  if (source.form === 'json') return `() => read${table.typeName}Schema()`
  const member = isPlainKey(source.exportName)
    ? `schema.${source.exportName}`
    : `schema[${stringLiteral(source.exportName)}]`
  return source.form === 'owoxObject' ? `() => fromOwoxSchema(${member})` : `() => ${member}`
}

/** An import declaration laid out as the formatter would: one line, or a name a line. */
const importText = (structure: ImportDeclarationStructure): string => {
  const from = ` from ${stringLiteral(structure.moduleSpecifier)}`
  if (structure.namespaceImport !== undefined) {
    return `import * as ${structure.namespaceImport}${from}`
  }
  const names = (
    structure.namedImports as ReadonlyArray<{ name: string; isTypeOnly?: boolean }>
  ).map((n) => `${n.isTypeOnly === true ? 'type ' : ''}${n.name}`)
  const inline = `import { ${names.join(', ')} }${from}`
  return inline.length <= LINE_WIDTH
    ? inline
    : `import {\n${names.map((n) => `  ${n},`).join('\n')}\n}${from}`
}

/** Doc text wrapped to the line width (the formatter leaves comments as written). */
const wrapDoc = (text: string, width = LINE_WIDTH - 4): string =>
  text
    .split('\n')
    .map((paragraph) => {
      if (paragraph.length <= width || paragraph.startsWith('```')) return paragraph
      const lines: Array<string> = []
      let line = ''
      for (const word of paragraph.split(' ')) {
        if (line !== '' && line.length + 1 + word.length > width) {
          lines.push(line)
          line = word
        } else line = line === '' ? word : `${line} ${word}`
      }
      lines.push(line)
      return lines.join('\n')
    })
    .join('\n')

const imports = (
  table: PlannedTable,
  layout: StorageModuleLayout,
): Array<ImportDeclarationStructure> => {
  const usesJson = table.model.columns.some((c) => c.type.kind === 'super')
  const storageNames = [
    { name: 'GeneratedStorageOptions', isTypeOnly: true },
    ...(usesJson ? [{ name: 'JsonValue', isTypeOnly: true }] : []),
    { name: 'RedshiftStorage' },
    { name: 'TableModel', isTypeOnly: true },
  ]
  const list: Array<ImportDeclarationStructure> = []
  const add = (
    moduleSpecifier: string,
    named: ReadonlyArray<{ name: string; isTypeOnly?: boolean }>,
  ) =>
    list.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier, namedImports: [...named] })
  if (table.source.form === 'json') add('node:fs', [{ name: 'readFileSync' }])
  if (table.source.form === 'json') {
    add('@redstore/schema', [{ name: 'parseOwoxSchemaJson' }, { name: 'SchemaDefinitionError' }])
  } else if (table.source.form === 'owoxObject') {
    add('@redstore/schema', [{ name: 'fromOwoxSchema' }])
  }
  add('@redstore/storage', storageNames)
  if (table.source.form !== 'json') {
    list.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: specifierTo(table, layout),
      namespaceImport: 'schema',
    })
  }
  return list
}

const jsonReader = (table: PlannedTable, layout: StorageModuleLayout): StatementStructures => ({
  kind: StructureKind.VariableStatement,
  declarationKind: VariableDeclarationKind.Const,
  docs: [
    wrapDoc(
      `The table as ${table.source.file} defines it now, read beside this module when \`init()\` checks that this file is not stale.`,
    ),
  ],
  declarations: [
    {
      name: `read${table.typeName}Schema`,
      initializer: (writer) => {
        const specifier = stringLiteral(specifierTo(table, layout))
        const urlLine = `const url = new URL(${specifier}, import.meta.url)`
        const label = stringLiteral(`${table.model.schema}.${table.model.name}`)
        const throwLine = `throw new SchemaDefinitionError({ table: ${label}, problems })`
        writer.write('() => ').block(() => {
          writer.writeLine(
            2 + urlLine.length <= LINE_WIDTH
              ? urlLine
              : `const url = new URL(\n  ${specifier},\n  import.meta.url,\n)`,
          )
          writer.writeLine(
            "const { definition, problems } = parseOwoxSchemaJson(readFileSync(url, 'utf8'))",
          )
          writer.write('if (definition === undefined) ').block(() => {
            writer.writeLine(
              4 + throwLine.length <= LINE_WIDTH
                ? throwLine
                : `throw new SchemaDefinitionError({\n  table: ${label},\n  problems,\n})`,
            )
          })
          writer.writeLine('return definition')
        })
      },
    },
  ],
})

const superCall = (table: PlannedTable): string => {
  const generated = `{ file: ${stringLiteral(table.source.file)}, hash: ${modelName(table)}Hash, current: ${currentExpression(table)} }`
  return `super({ ...options, table: ${modelName(table)}, generated: ${generated} })`
}

const modelName = (table: PlannedTable): string => `${table.binding}Model`

/**
 * The TypeScript module of one table: its header, `<Name>Row` (what you write), `<Name>Record`
 * (what you read back), the inlined table model and its hash, and `<Name>Storage`, a
 * `RedshiftStorage<Row, Record>` whose `init()` fails with `StaleModelError` when the schema
 * file no longer defines this model. Built from structures in one `createSourceFile`, then
 * formatted once. Pure: the project lives in memory.
 *
 * @example
 * ```ts
 * const text = emitStorageModule(createEmitProject(), table, { path: 'src/generated/orders.ts' })
 * ```
 */
export const emitStorageModule = (
  project: Project,
  table: PlannedTable,
  layout: StorageModuleLayout,
): string => {
  const { model, typeName } = table
  const hashName = `${modelName(table)}Hash`
  const statements: Array<StatementStructures | string> = [
    `${imports(table, layout).map(importText).join('\n')}\n`,
    ...(table.source.form === 'json' ? [jsonReader(table, layout)] : []),
    {
      kind: StructureKind.Interface,
      name: `${typeName}Row`,
      isExported: true,
      docs: [
        wrapDoc(
          `A row you write to ${tableLabel(model)}: NOT NULL columns required, nullable ones optional (an absent property keeps the stored value).`,
        ),
      ],
      properties: rowMembers(model),
    },
    {
      kind: StructureKind.Interface,
      name: `${typeName}Record`,
      isExported: true,
      docs: [`A record read back from ${tableLabel(model)}: every column, NULL as \`null\`.`],
      properties: recordMembers(model),
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: [`The table model of ${tableLabel(model)}, as generated.`],
      declarations: [
        {
          name: modelName(table),
          type: 'TableModel',
          initializer: (writer) => {
            const head = `export const ${modelName(table)}: TableModel = `
            writer.write(layoutLiteral(modelLiteral(model), '', head.length))
          },
        },
      ],
    },
    '',
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: ['`tableModelHash` of the model above: `init()` compares it with the schema file.'],
      declarations: [{ name: hashName, initializer: stringLiteral(table.hash) }],
    },
    {
      kind: StructureKind.Class,
      name: `${typeName}Storage`,
      isExported: true,
      extends: `RedshiftStorage<${typeName}Row, ${typeName}Record>`,
      docs: [
        {
          description: wrapDoc(
            `Typed storage for ${tableLabel(model)}: \`saveData(rows)\` upserts \`${typeName}Row\`s, ` +
              `\`read()\` yields \`${typeName}Record\`s. The connection comes from the environment ` +
              '(REDSHIFT_* and AWS_* variables) unless `options.connection` is given; `init()` fails ' +
              'with `StaleModelError` when the schema file no longer defines this model.\n\n' +
              `@example\n\`\`\`ts\nconst storage = new ${typeName}Storage()\nawait storage.saveData(rows)\nawait storage.close()\n\`\`\``,
          ),
        },
      ],
      ctors: [
        {
          parameters: [{ name: 'options', type: 'GeneratedStorageOptions', initializer: '{}' }],
          statements: (writer) => {
            const call = superCall(table)
            if (4 + call.length <= LINE_WIDTH) writer.writeLine(call)
            else writer.writeLine(superCallBroken(table))
          },
        },
      ],
    },
  ]
  const header = headerLines(table)
    .map((line) => `// ${line}`)
    .join('\n')
  const file = project.createSourceFile(
    layout.path,
    { statements: [header, ...statements] },
    { overwrite: true },
  )
  file.formatText({
    indentSize: 2,
    tabSize: 2,
    convertTabsToSpaces: true,
    semicolons: ts.SemicolonPreference.Remove,
    insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
    ensureNewLineAtEndOfFile: true,
  })
  const text = file.getFullText()
  project.removeSourceFile(file)
  return text
}

/** The `super(...)` call laid out one member a line, as the formatter breaks a long call. */
const superCallBroken = (table: PlannedTable): string => {
  const hashName = `${modelName(table)}Hash`
  const current = currentExpression(table)
  const generatedInline = `generated: { file: ${stringLiteral(table.source.file)}, hash: ${hashName}, current: ${current} },`
  const generated =
    6 + generatedInline.length <= LINE_WIDTH
      ? [`  ${generatedInline}`]
      : [
          '  generated: {',
          `    file: ${stringLiteral(table.source.file)},`,
          `    hash: ${hashName},`,
          `    current: ${current},`,
          '  },',
        ]
  return ['super({', '  ...options,', `  table: ${modelName(table)},`, ...generated, '})'].join(
    '\n',
  )
}
