import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as schema from '../src/index.js'

const builderCalls: ReadonlyArray<(...args: Array<unknown>) => schema.ColumnBuilder> = [
  schema.smallint,
  schema.integer,
  schema.bigint,
  schema.decimal,
  schema.real,
  schema.double,
  schema.boolean,
  schema.char,
  schema.varchar,
  schema.string,
  schema.date,
  schema.time,
  schema.timetz,
  schema.timestamp,
  schema.timestamptz,
  schema.json,
  schema.varbyte,
] as never

/** A builder made with arbitrary arguments and arbitrary modifier values. */
const anyBuilder = fc
  .tuple(
    fc.constantFrom(...builderCalls),
    fc.array(fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.anything()), { maxLength: 3 }),
    fc.array(
      fc.tuple(
        fc.constantFrom('nullable', 'describe', 'redshiftType', 'columnName', 'encode'),
        fc.oneof(
          fc.string(),
          fc.anything(),
          fc.constantFrom('VARCHAR(10)', 'BIGINT', 'SUPER', 'zstd'),
        ),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([build, args, modifiers]) =>
    modifiers.reduce<schema.ColumnBuilder>(
      (builder, [method, value]) =>
        (builder[method] as (v: unknown) => schema.ColumnBuilder)(value),
      build(...args),
    ),
  )

const anyOptions = fc.record(
  {
    schema: fc.oneof(fc.string(), fc.anything()),
    uniqueKeys: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.anything())),
      fc.anything(),
    ),
    columns: fc.oneof(
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'B', 'order', ''), anyBuilder),
      fc.anything(),
    ),
    distKey: fc.anything(),
    sortKey: fc.oneof(fc.constant('AUTO'), fc.array(fc.constantFrom('a', 'b')), fc.anything()),
    description: fc.oneof(fc.string(), fc.anything()),
    other: fc.anything(),
  },
  { requiredKeys: [] },
)

describe('never throwing', () => {
  it('table(), validateTableDefinition and fromOwoxSchema report instead of throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), anyOptions, (name, options) => {
        const definition = schema.table(name as string, options as never)
        const problems = schema.validateTableDefinition(definition)
        for (const p of problems) {
          expect(typeof p.message).toBe('string')
          expect(typeof p.fix).toBe('string')
          expect(Array.isArray(p.path)).toBe(true)
        }
        const hasErrors = schema.hasSchemaErrors(problems)
        let threw: unknown
        try {
          schema.toTableModel(definition)
        } catch (error) {
          threw = error
        }
        expect(threw === undefined).toBe(!hasErrors)
        if (threw !== undefined) expect(schema.isSchemaDefinitionError(threw)).toBe(true)
      }),
      { numRuns: 400 },
    )
    fc.assert(
      fc.property(fc.anything(), (input) => {
        schema.validateTableDefinition(schema.fromOwoxSchema(input as never))
        schema.parseOwoxSchemaJson(JSON.stringify(input) ?? '')
      }),
      { numRuns: 300 },
    )
  })
})

describe('purity', () => {
  it('imports nothing but @redstore/sql, @redstore/errors and its own modules (no node: modules, no I/O)', () => {
    const files = (dir: string): Array<string> =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
      )
    const specifiers = files(join(import.meta.dirname, '..', 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^(?:import|export|\})[^'\n]* from '([^']+)'/gm)].map(
        (m) => m[1],
      ),
    )
    expect(specifiers.length).toBeGreaterThan(20)
    for (const specifier of specifiers) {
      expect(specifier).toMatch(/^(@redstore\/(sql|errors)$|\.\.?\/)/)
    }
  })
})
