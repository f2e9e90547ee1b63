import { isSqlError, type RedshiftType, type RedshiftTypeKind } from '@redstore/sql'
import type { ColumnBuilder, ColumnTypeProblem } from '../ColumnBuilder.js'
import { createColumnBuilder } from './createColumnBuilder.js'

const formatArgument = (value: unknown): string => {
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'object' && value !== null) return JSON.stringify(value) ?? String(value)
  return String(value)
}

/** A builder call as the user wrote it, for messages: `decimal(39, 2)`. */
export const formatCall = (name: string, args: ReadonlyArray<unknown>): string =>
  `${name}(${args.map(formatArgument).join(', ')})`

/** How a builder reads its arguments: the type they make, and the fix when they are invalid. */
export interface TypedColumnArgs<Kind extends RedshiftTypeKind> {
  readonly kind: Kind
  readonly name: string
  readonly args: ReadonlyArray<unknown>
  readonly maxArgs: number
  readonly build: () => RedshiftType
  readonly fix: string
}

const resolve = (
  args: TypedColumnArgs<RedshiftTypeKind>,
  call: string,
): { readonly type: RedshiftType } | { readonly problem: ColumnTypeProblem } => {
  if (args.args.length > args.maxArgs) {
    const allowed = args.maxArgs === 0 ? 'none' : `at most ${args.maxArgs}`
    return {
      problem: {
        part: 'type',
        message: `${call} has ${args.args.length} argument${args.args.length === 1 ? '' : 's'}; ${args.name}() takes ${allowed}.`,
        fix: args.fix,
      },
    }
  }
  try {
    return { type: args.build() }
  } catch (error) {
    const reason = isSqlError(error) && 'reason' in error ? error.reason : String(error)
    return {
      problem: {
        part: 'type',
        message: `${call} is not a valid Redshift type: ${reason}.`,
        fix: args.fix,
      },
    }
  }
}

/**
 * A new builder for a typed column, NOT NULL until `.nullable()`. Invalid arguments never
 * throw: they are kept as the builder's `typeProblem` for validation to report.
 */
export const typedColumn = <Kind extends RedshiftTypeKind>(
  args: TypedColumnArgs<Kind>,
): ColumnBuilder<Kind, false> => {
  const call = formatCall(args.name, args.args)
  const resolved = resolve(args, call)
  return createColumnBuilder({
    kind: args.kind,
    call,
    type: 'type' in resolved ? resolved.type : undefined,
    typeProblem: 'problem' in resolved ? resolved.problem : undefined,
    redshiftType: undefined,
    nullable: false,
    description: undefined,
    columnName: undefined,
    encode: undefined,
  })
}
