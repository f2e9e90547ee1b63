import { ServiceError } from './contract.js'

/**
 * Errors the service's front end answers before any operation runs. They are not in
 * the Data API model; the SDK maps them by name (`__type`).
 */

/** The `x-amz-target` names no operation of the service, or the request is not a POST. */
export const unknownOperation = (detail: string): ServiceError =>
  new ServiceError('UnknownOperationException', detail, 400)

/** The body is not a JSON object, or a member has the wrong JSON type. */
export const serializationError = (detail: string): ServiceError =>
  new ServiceError('SerializationException', detail, 400)

/** No Authorization header at all. */
export const missingAuthenticationToken = (): ServiceError =>
  new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400)

/** An Authorization header that cannot be read as a SigV4 signature. */
export const incompleteSignature = (detail: string): ServiceError =>
  new ServiceError('IncompleteSignatureException', detail, 400)

/** The access key is not configured, or the session token does not belong to it. */
export const unrecognizedClient = (): ServiceError =>
  new ServiceError(
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
    400,
  )

/** The signature does not verify, is scoped wrong, or is too old or too new. */
export const invalidSignature = (detail: string): ServiceError =>
  new ServiceError('InvalidSignatureException', detail, 400)

/** An injected throttling fault. */
export const throttling = (): ServiceError =>
  new ServiceError('ThrottlingException', 'Rate exceeded', 400)

/** An injected server fault, or an unexpected error in an operation. */
export const internalServerError = (detail: string): ServiceError =>
  new ServiceError('InternalServerException', detail, 500)
