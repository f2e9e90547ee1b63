import { cp } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulatorEnv } from './support/emulatorEnv.js'
import { makeProject, ordersSchema, packageDir, type TempProject } from './support/project.js'

let env: Awaited<ReturnType<typeof startEmulatorEnv>>
const projects: Array<TempProject> = []
beforeAll(async () => {
  env = await startEmulatorEnv()
})
afterAll(async () => {
  await env?.stop()
  for (const p of projects) await p.remove()
})

const config = `export default { schemas: ['src/schema/*'], outDir: 'src/generated' }\n`

const generatedProject = async (name: string, orders = ordersSchema) => {
  const p = await makeProject(name, {
    'redstore.config.ts': config,
    'src/schema/orders.ts': orders,
  })
  projects.push(p)
  await cp(
    join(packageDir, 'test/__fixtures__/project/schema/events.schema.json'),
    join(p.dir, 'src/schema/events.schema.json'),
  )
  expect((await p.run('--no-cache')).code).toBe(0)
  return p
}

const collect = async <T>(records: AsyncIterable<T>): Promise<Array<T>> => {
  const all: Array<T> = []
  for await (const r of records) all.push(r)
  return all
}

describe('a generated storage class', () => {
  it('saves rows into the emulator and reads typed records back (connection from the environment)', async () => {
    const p = await generatedProject('save')
    const { OrdersStorage } = await import(join(p.dir, 'src/generated/orders.ts'))
    const storage = new OrdersStorage()
    try {
      expect((await storage.init()).created).toBe(true)
      const summary = await storage.saveData([
        {
          orderId: 1,
          customerEmail: "o'brien@example.com",
          total: '19.90',
          note: 'ends with \\',
          items: [{ sku: 'A1', qty: 2 }],
          placedAt: new Date('2026-01-31T10:00:00Z'),
        },
        {
          orderId: 2n,
          customerEmail: 'b@example.com',
          total: 5,
          items: {},
          placedAt: '2026-02-01T00:00:00Z',
        },
        {
          orderId: 2n,
          customerEmail: 'b2@example.com',
          total: 6,
          items: ['x'],
          placedAt: '2026-02-01T00:00:00Z',
        },
      ])
      expect(summary).toMatchObject({ rowsReceived: 3, rowsWritten: 2, duplicateKeysCollapsed: 1 })
      expect(await collect(storage.read())).toEqual([
        {
          orderId: 1n,
          customerEmail: "o'brien@example.com",
          total: '19.90',
          note: 'ends with \\',
          items: [{ qty: 2, sku: 'A1' }],
          placedAt: '2026-01-31 10:00:00+00',
        },
        {
          orderId: 2n,
          customerEmail: 'b2@example.com',
          total: '6.00',
          note: null,
          items: ['x'],
          placedAt: '2026-02-01 00:00:00+00',
        },
      ])
    } finally {
      await storage.close()
    }
  })

  it('from an OWOX *.schema.json file saves and reads fields whose names are not identifiers', async () => {
    const p = await generatedProject('json')
    const { EventsStorage } = await import(join(p.dir, 'src/generated/events.ts'))
    const storage = new EventsStorage()
    try {
      await storage.init()
      await storage.saveData([
        { id: 7, name: 'signup', amount: 1.5, 'created at': '2026-03-01T12:00:00Z' },
      ])
      expect(await collect(storage.read())).toEqual([
        {
          id: 7n,
          name: 'signup',
          amount: '1.50',
          'created at': '2026-03-01 12:00:00',
          payload: null,
        },
      ])
    } finally {
      await storage.close()
    }
  })

  it('fails init() with StaleModelError when the schema changed but the generated file did not', async () => {
    const p = await generatedProject('stale')
    await p.write(
      'src/schema/orders.ts',
      ordersSchema.replace(
        'placedAt: timestamptz(),',
        'placedAt: timestamptz(),\n    coupon: string().nullable(),',
      ),
    )
    const { OrdersStorage } = await import(join(p.dir, 'src/generated/orders.ts'))
    const storage = new OrdersStorage()
    try {
      const error = await storage.init().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toMatchObject({
        _tag: 'StaleModelError',
        generatedFrom: 'src/schema/orders.ts',
      })
      expect((error as Error).message).toMatch(/stale.*src\/schema\/orders\.ts.*redstore-codegen/)
    } finally {
      await storage.close()
    }
    // The JSON source is read at init(), so an edit after the module loaded is caught too.
    const { EventsStorage } = await import(join(p.dir, 'src/generated/events.ts'))
    const events = new EventsStorage()
    try {
      await events.init()
      await p.write(
        'src/schema/events.schema.json',
        (await p.read('src/schema/events.schema.json')).replace('"Event id"', '"The event id"'),
      )
      await expect(events.init()).rejects.toMatchObject({ _tag: 'StaleModelError' })
    } finally {
      await events.close()
    }
    // Regenerated, it is current again.
    expect((await p.run('--no-cache')).stdout[0]).toMatch(/4 files written/)
  })
})
