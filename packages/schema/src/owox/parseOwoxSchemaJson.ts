import { lineAndColumn, pathKey, scanJson } from '../internal/scanJson.js'
import type { SchemaProblem } from '../SchemaProblem.js'
import type { TableDefinition } from '../TableDefinition.js'
import { validateTableDefinition } from '../validateTableDefinition.js'
import { fromOwoxSchema, type OwoxColumns } from './fromOwoxSchema.js'
import type { OwoxSchema } from './OwoxSchema.js'

/**
 * What `parseOwoxSchemaJson` read: the definition (none when the text is not a JSON object)
 * and every problem, each with its line and column in the text.
 *
 * @example
 * ```ts
 * const { definition, problems } = parseOwoxSchemaJson(text)
 * ```
 */
export interface OwoxSchemaJson {
  readonly definition: TableDefinition<OwoxColumns> | undefined
  readonly problems: ReadonlyArray<SchemaProblem>
}

const fileShape =
  'A schema file holds one object: { "table": "events", "uniqueKeys": ["id"], "fields": { "id": { "type": "integer" } } }.'

const located = (
  text: string,
  offsets: ReadonlyMap<string, number>,
  problem: SchemaProblem,
): SchemaProblem => {
  let offset: number | undefined
  for (let length = problem.path.length; length > 0 && offset === undefined; length--) {
    offset = offsets.get(pathKey(problem.path.slice(0, length)))
  }
  const { line, column } = lineAndColumn(text, offset ?? text.search(/\S|$/))
  return { ...problem, line, column }
}

/**
 * Reads the contents of an OWOX-style `*.schema.json` file (the caller reads the file): a
 * JSON syntax error is one problem with its line and column; otherwise the object becomes a
 * definition with `fromOwoxSchema`, and its problems (`validateTableDefinition`, plus a member
 * name given twice in one object) carry their line and column too. A leading byte order mark
 * is ignored. Never throws.
 *
 * @example
 * ```ts
 * const { definition, problems } = parseOwoxSchemaJson('{ "table": "events", "uniqueKeys": ["id"], "fields": { "id": {} }, }')
 * problems[0] // { severity: 'error', path: [], line: 1, column: 69, message: 'JSON syntax error at line 1, column 69: ...' }
 * ```
 */
export const parseOwoxSchemaJson = (text: string): OwoxSchemaJson => {
  if (typeof text !== 'string') {
    return {
      definition: undefined,
      problems: [
        {
          severity: 'error',
          path: [],
          message: `Expected the text of a schema file, got ${text === null ? 'null' : typeof text}.`,
          fix: 'Pass the file contents as a string.',
        },
      ],
    }
  }
  const body = text.startsWith('\ufeff') ? text.slice(1) : text
  const scan = scanJson(body)
  if (scan.error !== undefined) {
    const { line, column } = lineAndColumn(body, scan.error.offset)
    return {
      definition: undefined,
      problems: [
        {
          severity: 'error',
          path: [],
          line,
          column,
          message: `JSON syntax error at line ${line}, column ${column}: ${scan.error.message}.`,
          fix: `Correct the JSON there. ${fileShape}`,
        },
      ],
    }
  }
  const value: unknown = JSON.parse(body)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
    return {
      definition: undefined,
      problems: [
        located(body, scan.offsets, {
          severity: 'error',
          path: [],
          message: `The schema file holds ${what}, not a schema object.`,
          fix: fileShape,
        }),
      ],
    }
  }
  const duplicates: ReadonlyArray<SchemaProblem> = scan.duplicates.map(({ path, offset }) => ({
    severity: 'error',
    path,
    ...lineAndColumn(body, offset),
    message: `${JSON.stringify(path.at(-1))} appears twice in one object; JSON keeps only the last.`,
    fix: 'Remove or rename one of them.',
  }))
  const definition = fromOwoxSchema(value as OwoxSchema)
  const problems = validateTableDefinition(definition).map((p) => located(body, scan.offsets, p))
  return { definition, problems: [...duplicates, ...problems] }
}
