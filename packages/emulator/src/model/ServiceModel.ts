import { readFileSync } from 'node:fs'

/** A member of a structure shape: the shape it refers to. */
export interface ModelMember {
  readonly shape: string
}

/** One shape of the service model, as botocore's service-2.json writes it. */
export type ModelShape =
  | {
      readonly type: 'structure'
      readonly required?: ReadonlyArray<string>
      readonly members: Readonly<Record<string, ModelMember>>
      readonly exception?: boolean
      readonly fault?: boolean
      readonly error?: { readonly httpStatusCode?: number; readonly code?: string }
    }
  | {
      readonly type: 'list'
      readonly member: ModelMember
      readonly min?: number
      readonly max?: number
    }
  | {
      readonly type: 'string'
      readonly min?: number
      readonly max?: number
      readonly pattern?: string
      readonly enum?: ReadonlyArray<string>
    }
  | {
      readonly type: 'integer' | 'long'
      readonly min?: number
      readonly max?: number
    }
  | { readonly type: 'double' | 'float' | 'boolean' | 'timestamp' | 'blob' }
  | { readonly type: 'map'; readonly key: ModelMember; readonly value: ModelMember }

export interface ModelOperation {
  readonly name: string
  readonly input?: ModelMember
  readonly output?: ModelMember
  readonly errors?: ReadonlyArray<ModelMember>
}

/** The Redshift Data API model (botocore `service-2.json`, Apache-2.0). */
export interface ServiceModel {
  readonly metadata: {
    readonly targetPrefix: string
    readonly signingName: string
    readonly jsonVersion: string
  }
  readonly operations: Readonly<Record<string, ModelOperation>>
  readonly shapes: Readonly<Record<string, ModelShape>>
}

let cached: ServiceModel | undefined

/**
 * Loads the service model shipped beside this module (`src/model` or `dist/model`).
 *
 * @example
 * const model = loadServiceModel()
 * model.operations['ExecuteStatement']?.input?.shape // 'ExecuteStatementInput'
 */
export const loadServiceModel = (): ServiceModel => {
  if (cached === undefined) {
    const text = readFileSync(new URL('./service-2.json', import.meta.url), 'utf8')
    cached = JSON.parse(text) as ServiceModel
  }
  return cached
}

/**
 * Statuses of modeled errors that botocore's model leaves out but the service's Smithy
 * model (compiled into the SDK) states.
 */
const smithyErrorStatus: Readonly<Record<string, number>> = {
  ResourceNotFoundException: 404,
}

/**
 * The HTTP status of a modeled error shape: the model's `error.httpStatusCode`, else
 * 500 for server faults and 400 for client errors; undefined when `type` is not modeled.
 *
 * @example
 * modeledErrorStatus(loadServiceModel(), 'InternalServerException') // 500
 */
export const modeledErrorStatus = (model: ServiceModel, type: string): number | undefined => {
  const shape = model.shapes[type]
  if (shape === undefined || shape.type !== 'structure' || shape.exception !== true) {
    return undefined
  }
  return (
    shape.error?.httpStatusCode ?? smithyErrorStatus[type] ?? (shape.fault === true ? 500 : 400)
  )
}
