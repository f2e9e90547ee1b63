import {
  isSqlError,
  parseRedshiftType,
  type RedshiftType,
  resolveSourceType,
  sourceTypeNames,
} from '@redstore/sql'
import type { ColumnBuilder, ColumnTypeProblem } from '../ColumnBuilder.js'
import { createColumnBuilder } from './createColumnBuilder.js'
import { isObject } from './createTableDefinition.js'
import { describeValue, quoted } from './names.js'

const typeFix =
  `Use one of ${sourceTypeNames.join(', ')}; Redshift type text such as VARCHAR(256); ` +
  'or set RedshiftType.'

const resolveType = (
  name: string,
  field: Readonly<Record<string, unknown>>,
): { readonly type: RedshiftType } | { readonly problem: ColumnTypeProblem } => {
  const { type, RedshiftType: override } = field
  if (type !== undefined && typeof type !== 'string') {
    return {
      problem: {
        part: 'type',
        message: `The type of field ${quoted(name)} is ${describeValue(type)}, not a type name.`,
        fix: typeFix,
      },
    }
  }
  if (override !== undefined && typeof override !== 'string') {
    return {
      problem: {
        part: 'redshiftType',
        message: `The RedshiftType of field ${quoted(name)} is ${describeValue(override)}, not Redshift type text.`,
        fix: "Write Redshift type text such as 'DECIMAL(10,2)'.",
      },
    }
  }
  try {
    return { type: resolveSourceType({ type, RedshiftType: override }, name) }
  } catch (error) {
    if (!isSqlError(error)) throw error
    if (error._tag === 'InvalidTypeError') {
      return {
        problem: {
          part: 'redshiftType',
          message: `RedshiftType ${quoted(error.type)} of field ${quoted(name)} is not a valid Redshift type: ${error.reason}.`,
          fix: 'Use Redshift type text such as DECIMAL(38,2), VARCHAR(256) or TIMESTAMPTZ.',
        },
      }
    }
    // Type text with arguments out of range reads better with the parser's own reason.
    let reason = 'which has no Redshift mapping'
    try {
      parseRedshiftType(type ?? '')
    } catch (parseError) {
      if (
        isSqlError(parseError) &&
        parseError._tag === 'InvalidTypeError' &&
        /\(/.test(type ?? '')
      ) {
        reason = `which is not a valid Redshift type: ${parseError.reason}`
      }
    }
    return {
      problem: {
        part: 'type',
        message: `Field ${quoted(name)} has type ${quoted(type ?? '')}, ${reason}.`,
        fix: typeFix,
      },
    }
  }
}

/** The column builder of one OWOX field; invalid fields become builders with a problem. */
export const owoxColumn = (name: string, field: unknown, isKey: boolean): ColumnBuilder => {
  const call = `field ${quoted(name)}`
  const base = {
    call,
    redshiftType: undefined,
    nullable: !isKey,
    columnName: undefined,
    encode: undefined,
  }
  if (!isObject(field)) {
    return createColumnBuilder({
      ...base,
      kind: 'varchar',
      type: undefined,
      typeProblem: {
        part: 'column',
        message: `Field ${quoted(name)} is ${describeValue(field)}, not a field description.`,
        fix: "Describe the field as an object, e.g. { type: 'string', description: 'Customer name' }.",
      },
      description: undefined,
    })
  }
  const resolved = resolveType(name, field)
  return createColumnBuilder({
    ...base,
    kind: 'type' in resolved ? resolved.type.kind : 'varchar',
    type: 'type' in resolved ? resolved.type : undefined,
    typeProblem: 'problem' in resolved ? resolved.problem : undefined,
    description: field.description as string | undefined,
  })
}
