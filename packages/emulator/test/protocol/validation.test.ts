import { describe, expect, it } from 'vitest'
import { loadServiceModel, modeledErrorStatus } from '../../src/model/ServiceModel.js'
import { ServiceError } from '../../src/protocol/contract.js'
import { validateInput } from '../../src/protocol/InputValidator.js'

const model = loadServiceModel()

const rejection = (shape: string, input: unknown): ServiceError => {
  try {
    validateInput(model, shape, input)
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError)
    return error as ServiceError
  }
  throw new Error(`${shape} accepted ${JSON.stringify(input)}`)
}

const validationMessage = (shape: string, input: unknown): string => {
  const error = rejection(shape, input)
  expect(error.type).toBe('ValidationException')
  return error.message
}

const connection = { WorkgroupName: 'default', Database: 'dev' }

describe('validateInput', () => {
  it('reports a missing required member as the service does', () => {
    expect(validationMessage('ExecuteStatementInput', {})).toBe(
      "1 validation error detected: Value null at 'sql' failed to satisfy constraint: Member must not be null",
    )
    expect(validationMessage('ExecuteStatementInput', { Sql: null })).toContain("at 'sql'")
  })

  it('lists every violation in one message', () => {
    const message = validationMessage('ExecuteStatementInput', {
      Sql: 'select 1',
      ClusterIdentifier: 'Bad_Cluster',
      WaitTimeSeconds: 31,
      ClientToken: '',
    })
    expect(message).toMatch(/^3 validation errors detected: /)
    expect(message).toContain(
      "Value 'Bad_Cluster' at 'clusterIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z][a-z0-9]*(-[a-z0-9]+)*",
    )
    expect(message).toContain(
      "Value '31' at 'waitTimeSeconds' failed to satisfy constraint: Member must have value less than or equal to 30",
    )
    expect(message).toContain(
      "Value '' at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
    expect(message.split('; ')).toHaveLength(3)
  })

  it('matches patterns against the whole value, not a part of it', () => {
    for (const cluster of ['a', 'redstore-cluster', 'c1-2-3']) {
      expect(
        validateInput(model, 'ExecuteStatementInput', { Sql: 's', ClusterIdentifier: cluster }),
      ).toBeTruthy()
    }
    for (const cluster of ['1abc', 'abc-', 'ab--c', 'good;drop', 'good\n', ' good', 'ABC']) {
      expect(
        validationMessage('ExecuteStatementInput', { Sql: 's', ClusterIdentifier: cluster }),
      ).toContain("at 'clusterIdentifier'")
    }
  })

  it('checks string lengths at both ends', () => {
    expect(
      validationMessage('ExecuteStatementInput', { Sql: 's', ClusterIdentifier: 'a'.repeat(64) }),
    ).toContain('Member must have length less than or equal to 63')
    expect(validationMessage('ExecuteStatementInput', { Sql: 's', WorkgroupName: 'ab' })).toContain(
      'Member must have length greater than or equal to 3',
    )
    expect(
      validateInput(model, 'ExecuteStatementInput', { Sql: 's', ClientToken: 'x'.repeat(64) }),
    ).toMatchObject({ ClientToken: 'x'.repeat(64) })
  })

  it('accepts a workgroup ARN and refuses a malformed one', () => {
    const arn =
      'arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/0f9b1a2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c'
    expect(validateInput(model, 'ExecuteStatementInput', { Sql: 's', WorkgroupName: arn })).toEqual(
      {
        Sql: 's',
        WorkgroupName: arn,
      },
    )
    expect(
      validationMessage('ExecuteStatementInput', { Sql: 's', WorkgroupName: `${arn}x` }),
    ).toContain("at 'workgroupName'")
  })

  it('checks integer ranges at both ends', () => {
    expect(
      validationMessage('ExecuteStatementInput', { Sql: 's', SessionKeepAliveSeconds: -1 }),
    ).toContain('Member must have value greater than or equal to 0')
    expect(
      validationMessage('ExecuteStatementInput', { Sql: 's', SessionKeepAliveSeconds: 86401 }),
    ).toContain('Member must have value less than or equal to 86400')
    expect(
      validationMessage('DescribeStatementRequest', { Id: 'a'.repeat(8), WaitTimeSeconds: 0 }),
    ).toContain("at 'waitTimeSeconds'")
    expect(validationMessage('ListStatementsRequest', { MaxResults: 101 })).toContain(
      "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    )
  })

  it('checks list lengths: Sqls holds 1 to 40 statements', () => {
    const sqls = (n: number) => Array.from({ length: n }, (_, i) => `select ${i}`)
    expect(
      validateInput(model, 'BatchExecuteStatementInput', { Sqls: sqls(40) })['Sqls'],
    ).toHaveLength(40)
    expect(
      validateInput(model, 'BatchExecuteStatementInput', { Sqls: sqls(1) })['Sqls'],
    ).toHaveLength(1)
    expect(validationMessage('BatchExecuteStatementInput', { Sqls: [] })).toBe(
      "1 validation error detected: Value '[]' at 'sqls' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
    expect(validationMessage('BatchExecuteStatementInput', { Sqls: sqls(41) })).toContain(
      'Member must have length less than or equal to 40',
    )
  })

  it('checks enums', () => {
    expect(
      validationMessage('BatchExecuteStatementInput', { Sqls: ['s'], ExecutionMode: 'BOGUS' }),
    ).toBe(
      "1 validation error detected: Value 'BOGUS' at 'executionMode' failed to satisfy constraint: Member must satisfy enum value set: [TRANSACTION, AUTO_COMMIT]",
    )
    expect(
      validationMessage('ExecuteStatementInput', { Sql: 's', ResultFormat: 'json' }),
    ).toContain('[JSON, CSV]')
    expect(validateInput(model, 'ListStatementsRequest', { Status: 'ALL' })).toEqual({
      Status: 'ALL',
    })
  })

  it('names members inside lists by 1-based index', () => {
    const message = validationMessage('ExecuteStatementInput', {
      Sql: 's',
      Parameters: [{ name: 'ok', value: '1' }, { name: 'bad-name', value: '' }, { value: 'x' }],
    })
    expect(message).toMatch(/^3 validation errors detected: /)
    expect(message).toContain("Value 'bad-name' at 'parameters.2.member.name'")
    expect(message).toContain(
      "Value '' at 'parameters.2.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
    expect(message).toContain("Value null at 'parameters.3.member.name'")
    expect(validationMessage('ExecuteStatementInput', { Sql: 's', Parameters: [] })).toContain(
      "at 'parameters'",
    )
  })

  it('checks statement ids against the UUID pattern, sub-statement suffix included', () => {
    const id = 'd9b6c0c9-0747-4bf4-b142-e8883122f766'
    expect(validateInput(model, 'DescribeStatementRequest', { Id: id })).toEqual({ Id: id })
    expect(validateInput(model, 'DescribeStatementRequest', { Id: `${id}:2` })).toEqual({
      Id: `${id}:2`,
    })
    for (const bad of [`${id}:123`, id.toUpperCase(), `${id}'; drop table t; --`, '']) {
      expect(validationMessage('DescribeStatementRequest', { Id: bad })).toContain("at 'id'")
    }
  })

  it('drops unknown members and keeps hostile strings as they are', () => {
    const sql = "select '\\'; drop table t; --\u0000\u2028'"
    expect(
      validateInput(model, 'ExecuteStatementInput', {
        Sql: sql,
        ...connection,
        Unknown: 1,
        __proto__: { polluted: true },
      }),
    ).toEqual({ Sql: sql, ...connection })
  })

  it('treats a member of the wrong JSON type as a SerializationException', () => {
    for (const input of [
      { Sql: 5 },
      { Sql: 's', WaitTimeSeconds: '5' },
      { Sql: 's', WaitTimeSeconds: 1.5 },
      { Sql: 's', WithEvent: 'true' },
      { Sql: 's', Parameters: { name: 'a', value: 'b' } },
      { Sql: 's', Parameters: ['a'] },
    ]) {
      expect(rejection('ExecuteStatementInput', input).type).toBe('SerializationException')
    }
    expect(rejection('ExecuteStatementInput', [1]).type).toBe('SerializationException')
  })
})

describe('modeledErrorStatus', () => {
  it('gives each modeled error the status the service uses', () => {
    expect(modeledErrorStatus(model, 'ValidationException')).toBe(400)
    expect(modeledErrorStatus(model, 'ResourceNotFoundException')).toBe(404)
    expect(modeledErrorStatus(model, 'InternalServerException')).toBe(500)
    expect(modeledErrorStatus(model, 'ExecuteStatementException')).toBe(500)
    expect(modeledErrorStatus(model, 'BatchExecuteStatementException')).toBe(500)
    expect(modeledErrorStatus(model, 'DatabaseConnectionException')).toBe(500)
    expect(modeledErrorStatus(model, 'ActiveStatementsExceededException')).toBe(400)
    expect(modeledErrorStatus(model, 'QueryTimeoutException')).toBe(400)
    expect(modeledErrorStatus(model, 'ThrottlingException')).toBeUndefined()
    expect(modeledErrorStatus(model, 'String')).toBeUndefined()
  })
})
