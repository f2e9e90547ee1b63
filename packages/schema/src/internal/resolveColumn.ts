import {
  type ColumnEncoding,
  columnEncodings,
  formatType,
  isReservedWord,
  isSqlError,
  normalizeIdent,
  parseRedshiftType,
  type RedshiftType,
  type RedshiftTypeKind,
} from '@redstore/sql'
import { type ColumnBuilder, type ColumnSpec, isColumnBuilder } from '../ColumnBuilder.js'
import { columnValueTypes, sameValueTypes } from '../columnValueTypes.js'
import type { SchemaPath } from '../SchemaProblem.js'
import { commentText } from './commentText.js'
import type { DefinitionLayout } from './layout.js'
import { describeValue, identifierIssue, quoted, unreservedExample } from './names.js'
import type { ProblemList } from './ProblemList.js'

/** A column as validation sees it: names, type and options, each undefined when invalid. */
export interface ResolvedColumn {
  readonly property: string
  /** `[columns, property]`. */
  readonly path: SchemaPath
  /** Where the column's name comes from: `.columnName()`, else the property. */
  readonly namePath: SchemaPath
  readonly builder: ColumnBuilder
  /** The database name as given, when it is a valid identifier. */
  readonly name: string | undefined
  /** `name` folded as Redshift folds it. */
  readonly folded: string | undefined
  readonly type: RedshiftType | undefined
  readonly nullable: boolean
  readonly comment: string | undefined
  readonly encode: ColumnEncoding | undefined
}

const builderNames: Readonly<Record<RedshiftTypeKind, string>> = {
  smallint: 'smallint()',
  integer: 'integer()',
  bigint: 'bigint()',
  decimal: 'decimal(p, s)',
  real: 'real()',
  double: 'double()',
  boolean: 'boolean()',
  char: 'char(n)',
  varchar: 'varchar(n)',
  date: 'date()',
  time: 'time()',
  timetz: 'timetz()',
  timestamp: 'timestamp()',
  timestamptz: 'timestamptz()',
  super: 'json()',
  varbyte: 'varbyte(n)',
}

const ddlNames: Readonly<Record<RedshiftTypeKind, string>> = {
  smallint: 'SMALLINT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  decimal: 'DECIMAL(p,s)',
  real: 'REAL',
  double: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  char: 'CHAR(n)',
  varchar: 'VARCHAR(n)',
  date: 'DATE',
  time: 'TIME',
  timetz: 'TIMETZ',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  super: 'SUPER',
  varbyte: 'VARBYTE(n)',
}

const kinds = Object.keys(columnValueTypes) as ReadonlyArray<RedshiftTypeKind>

const resolveOverride = (
  problems: ProblemList,
  path: SchemaPath,
  spec: ColumnSpec,
): RedshiftType | undefined => {
  const text: unknown = spec.redshiftType
  const call = `${spec.call}.redshiftType(${typeof text === 'string' ? `'${text}'` : String(text)})`
  if (typeof text !== 'string') {
    problems.error(
      path,
      `${call}: .redshiftType() takes Redshift type text, not ${describeValue(text)}.`,
      "Pass type text such as 'VARCHAR(100)' or 'DECIMAL(10,2)'.",
    )
    return undefined
  }
  let type: RedshiftType
  try {
    type = parseRedshiftType(text)
  } catch (error) {
    if (!isSqlError(error) || error._tag !== 'InvalidTypeError') throw error
    problems.error(
      path,
      `${call}: ${quoted(text)} is not a valid Redshift type: ${error.reason}.`,
      `Use Redshift type text for a ${builderNames[spec.kind]} column, such as ${ddlNames[spec.kind]}.`,
    )
    return undefined
  }
  if (!sameValueTypes(spec.kind, type.kind)) {
    const own = columnValueTypes[spec.kind]
    const theirs = columnValueTypes[type.kind]
    const fitting = kinds.filter((k) => sameValueTypes(spec.kind, k)).map((k) => ddlNames[k])
    problems.error(
      path,
      `${call}: a ${formatType(type)} column takes ${theirs.row} and reads back as ${theirs.record}, ` +
        `but ${spec.call} rows hold ${own.row} and read back as ${own.record}.`,
      `Use ${builderNames[type.kind]} for a ${formatType(type)} column, or override with a type ` +
        `of the same values: ${fitting.join(', ')}.`,
    )
    return undefined
  }
  return type
}

const resolveName = (
  problems: ProblemList,
  layout: DefinitionLayout,
  property: string,
  path: SchemaPath,
  spec: ColumnSpec,
): { readonly namePath: SchemaPath; readonly name: string | undefined } => {
  const given: unknown = spec.columnName
  const namePath = given === undefined ? path : [...path, layout.parts.columnName]
  const name = given === undefined ? property : given
  const issue = identifierIssue(name)
  if (issue !== undefined) {
    if (given === undefined) {
      problems.error(
        namePath,
        `${layout.noun === 'field' ? 'Field' : 'Property'} ${quoted(property)} cannot name a column: it ${issue}.`,
        layout.noun === 'field'
          ? 'Rename the field to 1 to 127 UTF-8 bytes without NUL characters.'
          : `Use a property of 1 to 127 UTF-8 bytes without NUL, or ${layout.renameColumn(property, 'short_name')}.`,
      )
    } else {
      problems.error(
        namePath,
        `.columnName(${typeof name === 'string' ? quoted(name) : String(name)}) of ${layout.noun} ${quoted(property)} cannot name a column: it ${issue}.`,
        'Use a column name of 1 to 127 UTF-8 bytes without NUL characters.',
      )
    }
    return { namePath, name: undefined }
  }
  const valid = name as string
  if (isReservedWord(valid)) {
    const folded = normalizeIdent(valid)
    problems.warning(
      namePath,
      `Column ${quoted(folded)} (${layout.noun} ${quoted(property)}) is a Redshift reserved word: ` +
        `every query must quote it, as "${folded}".`,
      `${layout.renameColumn(property, unreservedExample(folded)).replace(/^./, (c) => c.toUpperCase())}, ` +
        'or quote it in every query you write (the SQL redstore writes always quotes names).',
    )
  }
  return { namePath, name: valid }
}

const resolveEncode = (problems: ProblemList, path: SchemaPath, encode: unknown) => {
  if (encode === undefined) return undefined
  const upper = typeof encode === 'string' ? encode.toUpperCase() : undefined
  const known = columnEncodings.find((e) => e === upper)
  if (known === undefined) {
    problems.error(
      path,
      `.encode(${typeof encode === 'string' ? quoted(encode) : String(encode)}) is not a Redshift column encoding.`,
      `Use one of ${columnEncodings.join(', ')}, or leave the encoding to Redshift.`,
    )
  }
  return known
}

/**
 * Reads one entry of the columns object, reporting every problem of its own (names, type,
 * override, comment, encoding). Problems between columns are checked by the caller.
 */
export const resolveColumn = (
  problems: ProblemList,
  layout: DefinitionLayout,
  property: string,
  value: unknown,
): ResolvedColumn | undefined => {
  const path: SchemaPath = [layout.columns, property]
  if (!isColumnBuilder(value)) {
    problems.error(
      path,
      `${layout.noun === 'field' ? 'Field' : 'Property'} ${quoted(property)} is ${describeValue(value)}, not a column builder.`,
      'Describe the column with a builder such as bigint(), varchar(256) or json().',
    )
    return undefined
  }
  const spec = value.spec
  const problem = spec.typeProblem
  if (problem !== undefined) {
    const at = problem.part === 'column' ? path : [...path, layout.parts[problem.part]]
    problems.error(at, problem.message, problem.fix)
  }
  let type = spec.type
  if (spec.redshiftType !== undefined && problem?.part !== 'redshiftType') {
    const override = resolveOverride(problems, [...path, layout.parts.redshiftType], spec)
    type = type === undefined ? undefined : override
  }
  const { namePath, name } = resolveName(problems, layout, property, path, spec)
  return {
    property,
    path,
    namePath,
    builder: value,
    name,
    folded: name === undefined ? undefined : normalizeIdent(name),
    type,
    nullable: spec.nullable === true,
    comment: commentText(
      problems,
      [...path, layout.parts.describe],
      `The description of ${layout.noun} ${quoted(property)}`,
      spec.description,
    ),
    encode: resolveEncode(problems, [...path, layout.parts.encode], spec.encode),
  }
}
