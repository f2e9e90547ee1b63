import type { ModelShape, ServiceModel } from '../model/ServiceModel.js'
import { ServiceError } from './contract.js'
import { serializationError } from './wireErrors.js'

/**
 * Validates a parsed JSON input against the model shape named `shapeName`, the way the
 * service's front end does: required members, string length and pattern, integer
 * ranges, list lengths, enums. Unknown members are dropped. A member of the wrong JSON
 * type is a SerializationException; every constraint broken is listed in one
 * ValidationException, worded as the service words it.
 *
 * @example
 * validateInput(model, 'ExecuteStatementInput', {})
 * // throws ValidationException: 1 validation error detected: Value null at 'sql' failed to
 * // satisfy constraint: Member must not be null
 */
export const validateInput = (
  model: ServiceModel,
  shapeName: string,
  input: unknown,
): Record<string, unknown> => {
  const violations: Array<string> = []
  const checked = checkValue(model, shapeName, input, '', violations)
  if (violations.length > 0) {
    const count = violations.length
    throw new ServiceError(
      'ValidationException',
      `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
      400,
    )
  }
  return checked as Record<string, unknown>
}

/** The service names members in messages by their lower camel case JSON path. */
const memberPath = (parent: string, member: string): string => {
  const name = member.charAt(0).toLowerCase() + member.slice(1)
  return parent === '' ? name : `${parent}.${name}`
}

const patterns = new Map<string, RegExp>()

/** The model's patterns must match the whole value (Java `Pattern.matches`). */
const fullMatch = (pattern: string): RegExp => {
  let compiled = patterns.get(pattern)
  if (compiled === undefined) {
    compiled = new RegExp(`^(?:${pattern})$`, 'u')
    patterns.set(pattern, compiled)
  }
  return compiled
}

const render = (value: unknown): string => {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return `'${value}'`
  if (Array.isArray(value))
    return `'[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}]'`
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`
  return `'${String(value)}'`
}

const violation = (value: unknown, path: string, constraint: string): string =>
  `Value ${render(value)} at '${path}' failed to satisfy constraint: ${constraint}`

const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value

const wrongType = (path: string, expected: string, value: unknown): ServiceError =>
  serializationError(
    `Expected ${expected} at '${path === '' ? 'input' : path}', found ${jsonType(value)}`,
  )

const checkValue = (
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  violations: Array<string>,
): unknown => {
  const shape: ModelShape | undefined = model.shapes[shapeName]
  if (shape === undefined) {
    throw new Error(`The service model has no shape named ${shapeName}`)
  }
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw wrongType(path, 'an object', value)
      }
      const record = value as Record<string, unknown>
      const result: Record<string, unknown> = {}
      for (const required of shape.required ?? []) {
        if (record[required] === undefined || record[required] === null) {
          violations.push(violation(null, memberPath(path, required), 'Member must not be null'))
        }
      }
      for (const [name, member] of Object.entries(shape.members)) {
        const memberValue = record[name]
        if (memberValue === undefined || memberValue === null) continue
        result[name] = checkValue(
          model,
          member.shape,
          memberValue,
          memberPath(path, name),
          violations,
        )
      }
      return result
    }
    case 'list': {
      if (!Array.isArray(value)) throw wrongType(path, 'an array', value)
      if (shape.min !== undefined && value.length < shape.min) {
        violations.push(
          violation(value, path, `Member must have length greater than or equal to ${shape.min}`),
        )
      }
      if (shape.max !== undefined && value.length > shape.max) {
        violations.push(
          violation(value, path, `Member must have length less than or equal to ${shape.max}`),
        )
      }
      return value.map((item: unknown, index) => {
        const itemPath = `${path}.${index + 1}.member`
        if (item === null || item === undefined) {
          violations.push(violation(null, itemPath, 'Member must not be null'))
          return item
        }
        return checkValue(model, shape.member.shape, item, itemPath, violations)
      })
    }
    case 'string': {
      if (typeof value !== 'string') throw wrongType(path, 'a string', value)
      if (shape.min !== undefined && value.length < shape.min) {
        violations.push(
          violation(value, path, `Member must have length greater than or equal to ${shape.min}`),
        )
      }
      if (shape.max !== undefined && value.length > shape.max) {
        violations.push(
          violation(value, path, `Member must have length less than or equal to ${shape.max}`),
        )
      }
      if (shape.pattern !== undefined && !fullMatch(shape.pattern).test(value)) {
        violations.push(
          violation(
            value,
            path,
            `Member must satisfy regular expression pattern: ${shape.pattern}`,
          ),
        )
      }
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        violations.push(
          violation(value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`),
        )
      }
      return value
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw wrongType(path, 'an integer', value)
      }
      if (shape.min !== undefined && value < shape.min) {
        violations.push(
          violation(value, path, `Member must have value greater than or equal to ${shape.min}`),
        )
      }
      if (shape.max !== undefined && value > shape.max) {
        violations.push(
          violation(value, path, `Member must have value less than or equal to ${shape.max}`),
        )
      }
      return value
    }
    case 'double':
    case 'float':
    case 'timestamp':
      if (typeof value !== 'number') throw wrongType(path, 'a number', value)
      return value
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType(path, 'a boolean', value)
      return value
    case 'blob':
      if (typeof value !== 'string') throw wrongType(path, 'a base64 string', value)
      return value
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value))
        throw wrongType(path, 'an object', value)
      const result: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        result[key] = checkValue(model, shape.value.shape, item, `${path}.${key}`, violations)
      }
      return result
    }
  }
}
