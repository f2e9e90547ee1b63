/**
 * The configuration object of the OWOX Data Marts connectors, as `AwsRedshiftStorage` takes it:
 * parameters by name, each `{ value, ... }`. Values may also be given plain (`AWSRegion:
 * 'us-east-1'`), as the connector's README shows.
 */

/** One parameter: its value and, when a storage declares it, its rules. */
export interface ConfigParameter {
  value?: unknown
  isRequired?: boolean
  requiredType?: 'string' | 'number' | 'boolean' | 'date'
  default?: unknown
  errorMessage?: string
  [property: string]: unknown
}

/** A parameter as a caller writes it: a plain value, or an object with `value`. */
export type ConfigInput = Readonly<Record<string, unknown>>

const isParameter = (value: unknown): value is ConfigParameter =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  Object.getPrototypeOf(value) === Object.prototype

const trim = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value)

/** The name a parameter is stored under: letters and digits only, as the connectors do. */
const parameterName = (name: string): string => name.replace(/[^a-zA-Z0-9]/g, '')

/**
 * A connector configuration: every parameter becomes a property holding `{ value, ... }`.
 *
 * @example
 * ```ts
 * const config = new AbstractConfig({ AWSRegion: 'us-east-1', Database: { value: 'dev' } })
 * config.AWSRegion.value // 'us-east-1'
 * ```
 */
export class AbstractConfig {
  constructor(configData: ConfigInput = {}) {
    this.mergeParameters(configData)
  }

  /** Adds or updates parameters; a plain value becomes `{ value }`. A name ending in `*` is required. */
  mergeParameters(configData: ConfigInput): this {
    for (const [name, value] of Object.entries(configData)) this.addParameter(name, value)
    return this
  }

  /** Adds or updates one parameter (its rules merge with what is there). */
  addParameter(name: string, value: unknown): this {
    const parameter: ConfigParameter = isParameter(value) ? { ...value } : { value }
    if (name.endsWith('*')) parameter.isRequired = true
    if ('value' in parameter) parameter.value = trim(parameter.value)
    const key = parameterName(name)
    if (key === '') return this
    const existing = this.parameter(key)
    this.#store(key, existing === undefined ? parameter : { ...existing, ...parameter })
    return this
  }

  /** Sets the values of parameters, keeping their rules. */
  setParametersValues(values: ConfigInput): this {
    for (const [name, value] of Object.entries(values)) {
      const key = parameterName(name)
      const existing = this.parameter(key)
      this.#store(key, { ...(existing ?? {}), value: trim(value) })
    }
    return this
  }

  /** Parameters are own properties, so that connector code can read `config.Name.value`. */
  #store(key: string, parameter: ConfigParameter): void {
    Object.defineProperty(this, key, {
      value: parameter,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }

  /** The parameter stored under `name` (letters and digits of it), if any. */
  parameter(name: string): ConfigParameter | undefined {
    const key = parameterName(name)
    const value: unknown = Object.hasOwn(this, key)
      ? (this as unknown as Record<string, unknown>)[key]
      : undefined
    return isParameter(value) ? value : undefined
  }

  /** The names of the parameters set. */
  parameterNames(): ReadonlyArray<string> {
    return Object.keys(this).filter((key) => this.parameter(key) !== undefined)
  }

  /** The value of a parameter (its default when it has no value). */
  getValue(name: string): unknown {
    const parameter = this.parameter(name)
    if (parameter === undefined) return undefined
    const value = parameter.value
    return value === undefined || value === null || value === '' ? parameter.default : value
  }

  /** Logs a connector message; override to route it elsewhere. */
  logMessage(message: string, level: 'info' | 'warning' | 'error' = 'info'): void {
    if (level === 'error') console.error(message)
    else if (level === 'warning') console.warn(message)
    else console.log(message)
  }
}
