import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { staticKeys } from '../src/Credentials.js'
import { makeSdkClient } from '../src/DataApi.js'
import { makeDataApiConfig } from '../src/DataApiConfig.js'

describe('makeSdkClient', () => {
  it('turns the SDK retries off and applies region, endpoint and credentials', async () => {
    const config = await Effect.runPromise(
      makeDataApiConfig({
        workgroupName: 'default',
        database: 'dev',
        region: 'eu-central-1',
        endpoint: 'http://127.0.0.1:4577',
        credentials: staticKeys({
          accessKeyId: 'AKIAEXAMPLE',
          secretAccessKey: 'secret',
          sessionToken: 'tok',
        }),
      }),
    )
    const client = makeSdkClient(config, { maxAttempts: 5 } as never)
    try {
      expect(await client.config.maxAttempts()).toBe(1)
      expect(await client.config.region()).toBe('eu-central-1')
      const credentials = await client.config.credentials()
      expect(credentials).toMatchObject({
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'secret',
        sessionToken: 'tok',
      })
      const endpoint = await client.config.endpoint?.()
      expect(endpoint?.hostname).toBe('127.0.0.1')
      expect(endpoint?.port).toBe(4577)
    } finally {
      client.destroy()
    }
  })
})
