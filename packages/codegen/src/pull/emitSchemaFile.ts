import { formatType, type RedshiftType } from '@redstore/sql'
import CodeBlockWriter from 'code-block-writer'
import { stringLiteral } from '../emit/literal.js'
import { camelName, isPlainKey } from '../internal/names.js'
import type { PulledTable } from './PulledTable.js'

const builderCall = (type: RedshiftType): { name: string; call: string } => {
  switch (type.kind) {
    case 'decimal':
      return { name: 'decimal', call: `decimal(${type.precision}, ${type.scale})` }
    case 'char':
    case 'varchar':
    case 'varbyte':
      return { name: type.kind, call: `${type.kind}(${type.length})` }
    case 'super':
      return { name: 'json', call: 'json()' }
    default:
      return { name: type.kind, call: `${type.kind}()` }
  }
}

/**
 * A schema file for a pulled table: one `table()` definition whose properties are the column
 * names, with the builder of each column's type, `.nullable()` where the column allows NULL,
 * `.describe()` from column comments, the keys and the table comment. Columns of types
 * redstore does not model are left out, each with a comment saying so. Pure.
 *
 * @example
 * ```ts
 * emitSchemaFile(pulled).text
 * // "import { bigint, table } from '@redstore/schema'\n\nexport const orders = table('orders', { ..."
 * ```
 */
export const emitSchemaFile = (
  table: PulledTable,
): { readonly text: string; readonly binding: string; readonly skipped: ReadonlyArray<string> } => {
  const binding = camelName(table.name)
  const builders = new Set<string>(['table'])
  const skipped: Array<string> = []
  const writer = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true })
  writer.writeLine(
    `// Pulled by redstore-codegen from "${table.schema}"."${table.name}". This file is yours to edit;`,
  )
  writer.writeLine('// run redstore-codegen after each change.')
  const body = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true })
  body.write(`export const ${binding} = table(${stringLiteral(table.name)}, `).inlineBlock(() => {
    body.writeLine(`schema: ${stringLiteral(table.schema)},`)
    body.writeLine(`uniqueKeys: [${table.keys.map(stringLiteral).join(', ')}],`)
    body.write('columns: ').inlineBlock(() => {
      for (const column of table.columns) {
        const key = isPlainKey(column.name) ? column.name : stringLiteral(column.name)
        if (column.type === undefined) {
          skipped.push(column.name)
          body.writeLine(
            `// ${key}: ${column.typeText} is not a type redstore models, so the column is left out.`,
          )
          continue
        }
        const { name, call } = builderCall(column.type)
        builders.add(name)
        const nullable = column.nullable ? '.nullable()' : ''
        const describe =
          column.comment === undefined ? '' : `.describe(${stringLiteral(column.comment)})`
        body.writeLine(`${key}: ${call}${nullable}${describe},`)
      }
    })
    body.write(',').newLine()
    if (table.comment !== undefined) body.writeLine(`description: ${stringLiteral(table.comment)},`)
  })
  body.write(')').newLine()
  writer.writeLine(`import { ${[...builders].sort().join(', ')} } from '@redstore/schema'`)
  writer.blankLine()
  writer.write(body.toString())
  return { text: writer.toString(), binding, skipped }
}

/** The Redshift type text of a pulled column, for messages. */
export const pulledTypeText = (type: RedshiftType | undefined, reported: string): string =>
  type === undefined ? reported : formatType(type)
