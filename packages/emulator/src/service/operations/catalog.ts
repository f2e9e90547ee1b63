import type { RequestContext } from '../../protocol/contract.js'
import { decodePageToken, encodePageToken, pageSize } from '../pageTokens.js'
import { toColumnMetadata } from '../results.js'
import type { ServiceState } from '../ServiceState.js'
import { validation } from '../serviceErrors.js'
import { resolveTarget } from '../targets.js'

type Input = Readonly<Record<string, unknown>>

/** Page size of the catalog operations when MaxResults says nothing. */
const defaultPage = 1000

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** Resolves the target and the database the catalog is read from. */
function catalogDatabase(state: ServiceState, input: Input, context: RequestContext): string {
  const target = resolveTarget(state.config, input, context.iamIdentity)
  const connected = optionalText(input.ConnectedDatabase) ?? target.database
  for (const database of [connected, target.database]) {
    if (!state.config.databases.includes(database)) {
      throw validation(
        `Database ${database} does not exist on ${target.kind} ${target.name}. Configured: ${state.config.databases.join(', ')}.`,
      )
    }
  }
  return target.database
}

/** One page of `items` and the NextToken of the rest. */
function paged<T>(
  items: ReadonlyArray<T>,
  input: Input,
  scope: string,
): { readonly page: T[]; readonly nextToken: Record<string, string> } {
  const offset = decodePageToken(input.NextToken, scope)
  const end = offset + pageSize(input.MaxResults, defaultPage)
  return {
    page: items.slice(offset, end),
    nextToken: end < items.length ? { NextToken: encodePageToken(scope, end) } : {},
  }
}

/** ListDatabases: the databases of the cluster or workgroup. */
export async function listDatabases(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  catalogDatabase(state, input, context)
  const databases = await state.engine.listDatabases()
  const { page, nextToken } = paged(databases, input, 'databases')
  return { Databases: page, ...nextToken }
}

/** ListSchemas: schemas of a database, filtered by SchemaPattern (LIKE). */
export async function listSchemas(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const database = catalogDatabase(state, input, context)
  const pattern = optionalText(input.SchemaPattern)
  const schemas = await state.engine.listSchemas(database, pattern)
  const { page, nextToken } = paged(schemas, input, `schemas:${database}:${pattern ?? ''}`)
  return { Schemas: page, ...nextToken }
}

/** ListTables: tables and views, filtered by SchemaPattern and TablePattern (LIKE). */
export async function listTables(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const database = catalogDatabase(state, input, context)
  const schemaPattern = optionalText(input.SchemaPattern)
  const tablePattern = optionalText(input.TablePattern)
  const tables = await state.engine.listTables(database, {
    ...(schemaPattern !== undefined ? { schemaPattern } : {}),
    ...(tablePattern !== undefined ? { tablePattern } : {}),
  })
  const scope = `tables:${database}:${schemaPattern ?? ''}:${tablePattern ?? ''}`
  const { page, nextToken } = paged(tables, input, scope)
  return {
    Tables: page.map((t) => ({ name: t.name, type: t.type, schema: t.schema })),
    ...nextToken,
  }
}

/** DescribeTable: the columns of one table (of every table of the schema without Table). */
export async function describeTable(
  state: ServiceState,
  input: Input,
  context: RequestContext,
): Promise<Record<string, unknown>> {
  const database = catalogDatabase(state, input, context)
  const schema = optionalText(input.Schema) ?? 'public'
  const table = optionalText(input.Table)
  const names =
    table !== undefined
      ? [table]
      : (await state.engine.listTables(database, { schemaPattern: schema })).map((t) => t.name)
  const columns = []
  for (const name of names) {
    columns.push(...((await state.engine.describeTable(database, schema, name)) ?? []))
  }
  const scope = `columns:${database}:${schema}:${table ?? ''}`
  const { page, nextToken } = paged(columns, input, scope)
  return {
    ...(table !== undefined ? { TableName: table } : {}),
    ColumnList: page.map(toColumnMetadata),
    ...nextToken,
  }
}
