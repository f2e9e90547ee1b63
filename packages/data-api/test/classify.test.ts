import {
  ActiveSessionsExceededException,
  ActiveStatementsExceededException,
  ActiveWaitingRequestsExceededException,
  BatchExecuteStatementException,
  DatabaseConnectionException,
  ExecuteStatementException,
  InternalServerException,
  QueryTimeoutException,
  RedshiftDataServiceException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-redshift-data'
import { describe, expect, it } from 'vitest'
import { classify, sqlExcerpt, statementFailureKind } from '../src/classify.js'
import type { DataApiErrorReason } from '../src/DataApiError.js'

const $metadata = (status: number) => ({ httpStatusCode: status })

const request = (error: unknown) =>
  classify({ _tag: 'RequestFailure', operation: 'ExecuteStatement', error })

const generic = (name: string, status: number, fault: 'client' | 'server' = 'client') =>
  new RedshiftDataServiceException({
    name,
    $fault: fault,
    $metadata: $metadata(status),
    message: `${name} happened`,
  })

describe('classify: every modeled exception of the SDK', () => {
  const cases: ReadonlyArray<readonly [string, unknown, DataApiErrorReason['_tag'], boolean]> = [
    [
      'ValidationException',
      new ValidationException({ $metadata: $metadata(400), message: 'bad', Message: 'bad' }),
      'Validation',
      false,
    ],
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException({
        $metadata: $metadata(404),
        message: 'no such id',
        Message: 'no such id',
        ResourceId: 'x',
      }),
      'Validation',
      false,
    ],
    [
      'ActiveStatementsExceededException',
      new ActiveStatementsExceededException({
        $metadata: $metadata(400),
        message: 'too many',
        Message: 'too many',
      }),
      'LimitExceeded',
      true,
    ],
    [
      'ActiveSessionsExceededException',
      new ActiveSessionsExceededException({
        $metadata: $metadata(400),
        message: 'too many',
        Message: 'too many',
      }),
      'LimitExceeded',
      true,
    ],
    [
      'ActiveWaitingRequestsExceededException',
      new ActiveWaitingRequestsExceededException({
        $metadata: $metadata(400),
        message: 'too many',
        Message: 'too many',
      }),
      'LimitExceeded',
      true,
    ],
    [
      'InternalServerException',
      new InternalServerException({ $metadata: $metadata(500), message: 'oops', Message: 'oops' }),
      'Server',
      true,
    ],
    [
      'ExecuteStatementException',
      new ExecuteStatementException({
        $metadata: $metadata(500),
        message: 'env',
        Message: 'env',
        StatementId: 's',
      }),
      'Server',
      true,
    ],
    [
      'BatchExecuteStatementException',
      new BatchExecuteStatementException({
        $metadata: $metadata(500),
        message: 'env',
        Message: 'env',
        StatementId: 's',
      }),
      'Server',
      true,
    ],
    [
      'DatabaseConnectionException',
      new DatabaseConnectionException({
        $metadata: $metadata(500),
        message: 'Connection to the database failed',
        Message: 'Connection to the database failed',
      }),
      'Connection',
      true,
    ],
    [
      'QueryTimeoutException',
      new QueryTimeoutException({
        $metadata: $metadata(400),
        message: 'timeout',
        Message: 'timeout',
      }),
      'Connection',
      true,
    ],
  ]
  it.each(cases)('%s', (_, error, tag, retryable) => {
    const e = request(error)
    expect(e.reason._tag).toBe(tag)
    expect(e.isRetryable).toBe(retryable)
    expect(e.cause).toBe(error)
    expect(e.location.operation).toBe('ExecuteStatement')
  })
})

describe('classify: unmodeled service errors, HTTP status and the network', () => {
  it.each([
    ['ThrottlingException', 400, 'Throttled', true],
    ['TooManyRequestsException', 429, 'Throttled', true],
    ['SomethingNew', 429, 'Throttled', true],
    ['UnrecognizedClientException', 400, 'Auth', false],
    ['InvalidSignatureException', 403, 'Auth', false],
    ['ExpiredTokenException', 400, 'Auth', false],
    ['AccessDeniedException', 400, 'Auth', false],
    ['SomethingForbidden', 403, 'Auth', false],
    ['ServiceUnavailable', 503, 'Server', true],
    ['BadGateway', 502, 'Server', true],
    ['SerializationException', 400, 'Validation', false],
    ['SomethingOdd', 400, 'Validation', false],
  ] as const)('%s (HTTP %i) -> %s', (name, status, tag, retryable) => {
    const e = request(generic(name, status))
    expect(e.reason._tag).toBe(tag)
    expect(e.isRetryable).toBe(retryable)
  })

  it.each([
    ['ECONNRESET', 'socket hang up'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4577'],
    ['ETIMEDOUT', 'connect ETIMEDOUT'],
    ['EPIPE', 'write EPIPE'],
  ])('node network error %s is a retryable Connection', (code, message) => {
    const e = request(Object.assign(new Error(message), { code }))
    expect(e.reason._tag).toBe('Connection')
    expect(e.isRetryable).toBe(true)
  })

  it('a request timeout of the HTTP handler is a retryable Connection', () => {
    const error = Object.assign(new Error('Connection timed out after 60000 ms'), {
      name: 'TimeoutError',
    })
    expect(request(error).reason._tag).toBe('Connection')
  })

  it('a missing credential is Auth and not retried', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    })
    const e = request(error)
    expect(e.reason._tag).toBe('Auth')
    expect(e.isRetryable).toBe(false)
  })

  it('hostile thrown values are classified without throwing', () => {
    const trap = Object.defineProperty({}, 'name', {
      get() {
        throw new Error('trap')
      },
    })
    expect(request(trap).reason._tag).toBe('Unknown')
    expect(request(Object.create(null)).reason._tag).toBe('Unknown')
    expect(request({ toString: 0 }).reason._tag).toBe('Unknown')
  })

  it('something unrecognised is Unknown and not retried', () => {
    const e = request(new TypeError('x is not a function'))
    expect(e.reason._tag).toBe('Unknown')
    expect(e.isRetryable).toBe(false)
    expect(request('a string').reason._tag).toBe('Unknown')
  })
})

describe('classify: real Redshift error texts of failed statements', () => {
  it.each([
    [
      'ERROR: 1023 DETAIL: Serializable isolation violation on table - 100123, transactions forming the cycle are: 11, 12 (pid:4321)',
      'SerializableIsolation',
      true,
    ],
    [
      'ERROR: Serializable isolation violation on table - 156362, transactions forming the cycle are: 5, 6',
      'SerializableIsolation',
      true,
    ],
    ['ERROR: syntax error at or near "SELEC" Position: 1', 'Syntax', false],
    ['ERROR: unterminated quoted string at or near "\'abc"', 'Syntax', false],
    ['ERROR: permission denied for relation users', 'Permission', false],
    ['ERROR: permission denied for schema analytics', 'Permission', false],
    ['ERROR: must be owner of relation events', 'Permission', false],
    ['ERROR: Found multiple matches to update the same tuple.', 'Constraint', false],
    ['ERROR: value too long for type character varying(10)', 'Constraint', false],
    ['ERROR: invalid input syntax for integer: "abc"', 'Constraint', false],
    ['ERROR: Overflow for NUMERIC(5,2)', 'Constraint', false],
    ['ERROR: terminating connection due to administrator command', 'Connection', true],
    ['FATAL: server closed the connection unexpectedly', 'Connection', true],
    ['ERROR: relation "public.missing" does not exist', 'Other', false],
    ['ERROR: Cannot insert a NULL value into column id', 'Other', false],
  ] as const)('%s', (text, kind, retryable) => {
    expect(statementFailureKind(text)).toBe(kind)
    const e = classify({
      _tag: 'StatementFailure',
      operation: 'BatchExecuteStatement',
      status: 'FAILED',
      statementId: 'abc:2',
      subStatementIndex: 2,
      databaseMessage: text,
      sql: 'MERGE INTO t USING s ON t.id = s.id',
    })
    expect(e.reason._tag).toBe('StatementFailed')
    expect(e.isRetryable).toBe(retryable)
    expect(e.message).toContain(text)
    expect(e.message).toContain('sub-statement 2')
    expect(e.message).toContain('MERGE INTO t')
  })

  it('an ABORTED statement is Aborted and not retried', () => {
    const e = classify({
      _tag: 'StatementFailure',
      operation: 'ExecuteStatement',
      status: 'ABORTED',
      statementId: 'abc',
      subStatementIndex: undefined,
      databaseMessage: '',
      sql: 'SELECT 1',
    })
    expect(e.reason._tag).toBe('Aborted')
    expect(e.isRetryable).toBe(false)
  })

  it('excerpts collapse whitespace and cut long SQL', () => {
    expect(sqlExcerpt('SELECT\n\t1  ,\n 2')).toBe('SELECT 1 , 2')
    const long = sqlExcerpt(`INSERT INTO t VALUES ${'(1),'.repeat(500)}(1)`)
    expect(long.length).toBe(200)
    expect(long.endsWith('…')).toBe(true)
  })
})
