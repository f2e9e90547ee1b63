import type { SchemaPath } from '../SchemaProblem.js'
import type { TableDefinitionOrigin } from '../TableDefinition.js'

/** A place inside a column, by the builder call (or OWOX member) that set it. */
export type ColumnPart = 'type' | 'redshiftType' | 'columnName' | 'describe' | 'encode'

/** How problems of a definition are located and worded, by what it was written as. */
export interface DefinitionLayout {
  /** Path of the table name. */
  readonly namePath: SchemaPath
  /** The member holding the columns. */
  readonly columns: string
  /** The member or builder call of each column part. */
  readonly parts: Readonly<Record<ColumnPart, string>>
  /** What a column's key in `columns` is called in messages. */
  readonly noun: 'property' | 'field'
  readonly nouns: 'properties' | 'fields'
  /** How to give a column another database name, for fixes. */
  readonly renameColumn: (property: string, example: string) => string
}

export const layouts: Readonly<Record<TableDefinitionOrigin, DefinitionLayout>> = {
  table: {
    namePath: ['name'],
    columns: 'columns',
    parts: {
      type: 'type',
      redshiftType: 'redshiftType',
      columnName: 'columnName',
      describe: 'describe',
      encode: 'encode',
    },
    noun: 'property',
    nouns: 'properties',
    renameColumn: (property, example) =>
      `keep property ${JSON.stringify(property)} and name its column with .columnName('${example}')`,
  },
  owoxSchema: {
    namePath: ['table'],
    columns: 'fields',
    parts: {
      type: 'type',
      redshiftType: 'RedshiftType',
      columnName: 'columnName',
      describe: 'description',
      encode: 'encode',
    },
    noun: 'field',
    nouns: 'fields',
    renameColumn: (property, example) =>
      `rename field ${JSON.stringify(property)}, e.g. to ${JSON.stringify(example)}`,
  },
}
