import { ServiceError } from '../protocol/contract.js'

/** ValidationException (400): the request is well formed but not acceptable. */
export function validation(message: string): ServiceError {
  return new ServiceError('ValidationException', message, 400)
}

/** ResourceNotFoundException (404) naming the missing resource. */
export function resourceNotFound(message: string, resourceId: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', message, 404, { ResourceId: resourceId })
}

export function activeStatementsExceeded(limit: number): ServiceError {
  return new ServiceError(
    'ActiveStatementsExceededException',
    `Active statements exceeded the allowed quota (${limit}). Wait for running statements to finish or cancel some.`,
    400,
  )
}

export function activeSessionsExceeded(limit: number): ServiceError {
  return new ServiceError(
    'ActiveSessionsExceededException',
    `Active sessions exceeded the allowed quota (${limit}). Let idle sessions expire before opening more.`,
    400,
  )
}

/** The statement (or sub-statement) id is not known. */
export function statementNotFound(id: string): ServiceError {
  return resourceNotFound(`Query does not exist: ${id}`, id)
}
