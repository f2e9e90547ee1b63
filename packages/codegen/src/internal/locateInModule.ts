import type { SchemaPath } from '@redstore/schema'
import type { ts as TS } from 'ts-morph'

/** A 1-based line and column. */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

type Ts = typeof TS

/** Builder modifiers a path's last segment may name (`['columns', 'x', 'describe']`). */
const chainParts: ReadonlySet<string> = new Set([
  'type',
  'redshiftType',
  'columnName',
  'describe',
  'encode',
  'nullable',
])

/**
 * Finds where in a schema module's source a problem's path points: the export's `table()` (or
 * `fromOwoxSchema()`) call, then property by property through object and array literals (and
 * identifiers bound to them in the same file), into a column's builder chain. Where the path
 * leaves the literal text (a value built elsewhere), the last node found is the answer.
 */
export class ModuleLocator {
  readonly #ts: Ts
  readonly #file: TS.SourceFile
  readonly #locals = new Map<string, TS.Expression>()
  readonly #exports = new Map<string, TS.Node>()

  constructor(ts: Ts, fileName: string, text: string) {
    this.#ts = ts
    this.#file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
    for (const statement of this.#file.statements) this.#index(statement)
  }

  #index(statement: TS.Statement): void {
    const ts = this.#ts
    if (ts.isVariableStatement(statement)) {
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue
        if (d.initializer !== undefined) this.#locals.set(d.name.text, d.initializer)
        if (exported) this.#exports.set(d.name.text, d.initializer ?? d.name)
      }
    } else if (ts.isExportAssignment(statement)) {
      this.#exports.set('default', statement.expression)
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier === undefined &&
      statement.exportClause !== undefined &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        const local = (element.propertyName ?? element.name).getText(this.#file)
        this.#exports.set(element.name.getText(this.#file), this.#identifier(local, element))
      }
    }
  }

  #identifier(name: string, fallback: TS.Node): TS.Node {
    return this.#locals.get(name) ?? fallback
  }

  position(node: TS.Node): SourcePosition {
    const { line, character } = this.#file.getLineAndCharacterOfPosition(node.getStart(this.#file))
    return { line: line + 1, column: character + 1 }
  }

  /** Where an export is declared, or 1:1 when the file does not declare it. */
  exportPosition(exportName: string): SourcePosition {
    const node = this.#exports.get(exportName)
    return node === undefined ? { line: 1, column: 1 } : this.position(node)
  }

  /** Where `path` points inside the definition exported as `exportName`. */
  locate(exportName: string, path: SchemaPath): SourcePosition {
    const start = this.#exports.get(exportName)
    if (start === undefined) return { line: 1, column: 1 }
    return this.position(this.#walk(start, path))
  }

  #unwrap(node: TS.Node, depth = 0): TS.Node {
    const ts = this.#ts
    if (depth > 8) return node
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isNonNullExpression(node)
    ) {
      return this.#unwrap(node.expression, depth + 1)
    }
    if (ts.isIdentifier(node)) {
      const bound = this.#locals.get(node.text)
      return bound === undefined ? node : this.#unwrap(bound, depth + 1)
    }
    return node
  }

  #calleeName(call: TS.CallExpression): string | undefined {
    const ts = this.#ts
    const callee = call.expression
    if (ts.isIdentifier(callee)) return callee.text
    if (ts.isPropertyAccessExpression(callee)) return callee.name.text
    return undefined
  }

  #walk(start: TS.Node, path: SchemaPath): TS.Node {
    const ts = this.#ts
    let found = this.#unwrap(start)
    if (ts.isCallExpression(found)) {
      const callee = this.#calleeName(found)
      const options =
        callee === 'table'
          ? 1
          : callee === 'fromOwoxSchema' || callee === 'defineConfig'
            ? 0
            : undefined
      if (callee === 'table' && path[0] === 'name') return found.arguments[0] ?? found
      const argument = options === undefined ? undefined : found.arguments[options]
      if (argument !== undefined) found = argument
    }
    for (const segment of path) {
      const next = this.#step(found, segment)
      if (next === undefined) break
      found = next
    }
    return found
  }

  /** One path segment down from `node`; undefined when the source does not say. */
  #step(node: TS.Node, segment: string | number): TS.Node | undefined {
    const ts = this.#ts
    const target = ts.isPropertyAssignment(node)
      ? this.#unwrap(node.initializer)
      : ts.isShorthandPropertyAssignment(node)
        ? this.#unwrap(node.name)
        : this.#unwrap(node)
    if (ts.isObjectLiteralExpression(target) && typeof segment === 'string') {
      return this.#property(target, segment)
    }
    if (ts.isArrayLiteralExpression(target) && typeof segment === 'number') {
      return target.elements[segment]
    }
    if (ts.isCallExpression(target) && typeof segment === 'string' && chainParts.has(segment)) {
      return this.#chainPart(target, segment)
    }
    return undefined
  }

  #property(object: TS.ObjectLiteralExpression, name: string): TS.Node | undefined {
    const ts = this.#ts
    let spread: TS.Node | undefined
    for (const member of object.properties) {
      if (ts.isSpreadAssignment(member)) {
        const inner = this.#unwrap(member.expression)
        if (ts.isObjectLiteralExpression(inner)) {
          const found = this.#property(inner, name)
          if (found !== undefined) spread = found
        } else spread = member
        continue
      }
      const key = member.name
      if (key === undefined) continue
      const text =
        ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNumericLiteral(key)
          ? key.text
          : undefined
      if (text !== name) continue
      return member
    }
    // A later spread may be where the member comes from.
    return spread
  }

  /** In `varchar(320).nullable().describe('x')`: the builder call for `type`, else the modifier. */
  #chainPart(call: TS.CallExpression, part: string): TS.Node | undefined {
    const ts = this.#ts
    let current: TS.Expression = call
    let builder: TS.CallExpression = call
    let modifier: TS.Node | undefined
    while (ts.isCallExpression(current)) {
      builder = current
      const callee: TS.Expression = current.expression
      if (ts.isPropertyAccessExpression(callee)) {
        if (callee.name.text === part) modifier = callee.name
        current = callee.expression
      } else break
    }
    return part === 'type' ? builder : modifier
  }
}
