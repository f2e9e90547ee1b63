import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../src/Diagnostic.js'
import { loadSchemaFiles } from '../src/loadSchemaFiles.js'
import { packageDir } from './support/project.js'

const fixtures = join(packageDir, 'test', '__fixtures__', 'project')

describe('loadSchemaFiles: the load and analyze steps for named files', () => {
  it('imports a DSL module through tsx and reads an OWOX *.schema.json file', async () => {
    const { tables, diagnostics } = await loadSchemaFiles(
      ['schema/orders.ts', 'schema/events.schema.json'],
      { cwd: fixtures },
    )
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(
      tables.map((t) => [t.source.file, t.source.exportName, t.model.schema, t.model.name]),
    ).toEqual([
      ['schema/events.schema.json', undefined, 'analytics', 'events'],
      ['schema/orders.ts', 'orders', 'shop', 'orders'],
    ])
  })

  it('reports a missing file at its line 1, relative to cwd', async () => {
    const { tables, diagnostics } = await loadSchemaFiles(['schema/missing.ts'], { cwd: fixtures })
    expect(tables).toEqual([])
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'schema/missing.ts:1:1: error: The schema file could not be read (ENOENT). Fix: Check the path: it is relative to the working directory.',
    ])
  })
})
