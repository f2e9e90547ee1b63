import { type LocalS3, s3rverCredentials, startLocalS3 } from '@redstore/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CopyCommand } from '../../src/engine/copy/CopyCommand.js'
import { listPrefix, s3ClientFor } from '../../src/engine/copy/S3Source.js'

let s3: LocalS3
beforeAll(async () => {
  s3 = await startLocalS3()
  await s3.createBucket('pages')
  for (const key of ['p/4', 'p/0', 'p/2', 'p/dir/', 'p/1', 'p/3', 'q/0'])
    await s3.put(`s3://pages/${key}`, key)
})
afterAll(async () => {
  await s3?.stop()
})

const command = {
  authorization: { kind: 'role', roleArn: 'default' },
  region: undefined,
} as unknown as CopyCommand

describe('listPrefix against s3rver', () => {
  it('pages through ListObjectsV2 and returns the objects in key order, without folder markers', async () => {
    const client = s3ClientFor(
      {
        endpoint: s3.endpoint,
        region: 'us-east-1',
        credentials: s3rverCredentials,
        forcePathStyle: true,
      },
      command,
    )
    try {
      const objects = await listPrefix(client, 's3://pages/p/', 2)
      expect(objects.map((o) => o.url)).toEqual([
        's3://pages/p/0',
        's3://pages/p/1',
        's3://pages/p/2',
        's3://pages/p/3',
        's3://pages/p/4',
      ])
      await expect(listPrefix(client, 's3://pages/r', 2)).rejects.toThrow(
        "ERROR: The specified S3 prefix 'r' does not exist",
      )
    } finally {
      client.destroy()
    }
  })
})
