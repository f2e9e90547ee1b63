import { InvalidTypeError } from '../SqlError.js'
import { RedshiftType, TypeLimits } from './RedshiftType.js'

type Builder = (args: ReadonlyArray<number | 'max'>, text: string) => RedshiftType

const noArgs =
  (build: () => RedshiftType): Builder =>
  (args, text) => {
    if (args.length > 0) throw new InvalidTypeError({ type: text, reason: 'takes no parameters' })
    return build()
  }

const oneLength =
  (build: (length?: number) => RedshiftType, max: number, allowMax: boolean): Builder =>
  (args, text) => {
    if (args.length > 1) throw new InvalidTypeError({ type: text, reason: 'takes one length' })
    const [length] = args
    if (length === 'max') {
      if (!allowMax) throw new InvalidTypeError({ type: text, reason: 'does not take MAX' })
      return build(max)
    }
    try {
      return build(length)
    } catch (error) {
      if (InvalidTypeError.is(error)) {
        throw new InvalidTypeError({ type: text, reason: error.reason })
      }
      throw error
    }
  }

const decimal: Builder = (args, text) => {
  if (args.length > 2)
    throw new InvalidTypeError({ type: text, reason: 'takes (precision, scale)' })
  const [precision = 18, scale = 0] = args
  if (precision === 'max' || scale === 'max') {
    throw new InvalidTypeError({ type: text, reason: 'does not take MAX' })
  }
  try {
    return RedshiftType.decimal(precision, scale)
  } catch (error) {
    if (InvalidTypeError.is(error)) {
      throw new InvalidTypeError({ type: text, reason: error.reason })
    }
    throw error
  }
}

const varchar = oneLength(RedshiftType.varchar, TypeLimits.maxVarcharBytes, true)
const char = oneLength(RedshiftType.char, TypeLimits.maxCharBytes, false)
const varbyte = oneLength(RedshiftType.varbyte, TypeLimits.maxVarbyteBytes, false)

// Names and aliases from the Redshift "Data types" page.
const builders: ReadonlyMap<string, Builder> = new Map<string, Builder>([
  ['smallint', noArgs(RedshiftType.smallint)],
  ['int2', noArgs(RedshiftType.smallint)],
  ['integer', noArgs(RedshiftType.integer)],
  ['int', noArgs(RedshiftType.integer)],
  ['int4', noArgs(RedshiftType.integer)],
  ['bigint', noArgs(RedshiftType.bigint)],
  ['int8', noArgs(RedshiftType.bigint)],
  ['decimal', decimal],
  ['numeric', decimal],
  ['real', noArgs(RedshiftType.real)],
  ['float4', noArgs(RedshiftType.real)],
  ['double precision', noArgs(RedshiftType.double)],
  ['float8', noArgs(RedshiftType.double)],
  ['float', noArgs(RedshiftType.double)],
  ['boolean', noArgs(RedshiftType.boolean)],
  ['bool', noArgs(RedshiftType.boolean)],
  ['char', char],
  ['character', char],
  ['nchar', char],
  ['bpchar', (args, text) => (args.length === 0 ? RedshiftType.char(256) : char(args, text))],
  ['varchar', varchar],
  ['character varying', varchar],
  ['nvarchar', varchar],
  ['text', noArgs(() => RedshiftType.varchar(256))],
  ['date', noArgs(RedshiftType.date)],
  ['time', noArgs(RedshiftType.time)],
  ['time without time zone', noArgs(RedshiftType.time)],
  ['timetz', noArgs(RedshiftType.timetz)],
  ['time with time zone', noArgs(RedshiftType.timetz)],
  ['timestamp', noArgs(RedshiftType.timestamp)],
  ['timestamp without time zone', noArgs(RedshiftType.timestamp)],
  ['timestamptz', noArgs(RedshiftType.timestamptz)],
  ['timestamp with time zone', noArgs(RedshiftType.timestamptz)],
  ['super', noArgs(RedshiftType.super)],
  ['varbyte', varbyte],
  ['varbinary', varbyte],
  ['binary varying', varbyte],
])

const shape = /^([a-z][a-z0-9]*(?: [a-z][a-z0-9]*)*) ?(?:\(([^()]*)\))?$/

/**
 * Parses Redshift type text (case-insensitive, aliases accepted) into a `RedshiftType`.
 * Bare `VARCHAR` is VARCHAR(256), bare `CHAR` is CHAR(1), bare `DECIMAL` is DECIMAL(18,0),
 * bare `VARBYTE` is VARBYTE(64000), `TEXT` is VARCHAR(256), `VARCHAR(MAX)` is VARCHAR(65535).
 *
 * @throws InvalidTypeError for unknown names and out-of-range parameters.
 * @example
 * ```ts
 * parseRedshiftType('DECIMAL(10,2)') // { kind: 'decimal', precision: 10, scale: 2 }
 * parseRedshiftType('varchar(max)')  // { kind: 'varchar', length: 65535 }
 * parseRedshiftType('DECIMAL(39,0)') // throws InvalidTypeError
 * ```
 */
export const parseRedshiftType = (text: string): RedshiftType => {
  if (typeof text !== 'string') {
    throw new InvalidTypeError({ type: String(text), reason: 'is not a string' })
  }
  const normalized = text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/ ?([(),]) ?/g, '$1')
    .toLowerCase()
  const match = shape.exec(normalized)
  const name = match?.[1]
  const builder = name === undefined ? undefined : builders.get(name)
  if (match === null || builder === undefined) {
    throw new InvalidTypeError({
      type: text,
      reason: 'is not a Redshift type this package supports (see parseRedshiftType)',
    })
  }
  const argText = match[2]
  const args: Array<number | 'max'> = []
  if (argText !== undefined) {
    for (const part of argText.split(',')) {
      if (part === 'max') args.push('max')
      else if (/^[0-9]{1,9}$/.test(part)) args.push(Number(part))
      else throw new InvalidTypeError({ type: text, reason: `parameter "${part}" is not a number` })
    }
  }
  return builder(args, text)
}
