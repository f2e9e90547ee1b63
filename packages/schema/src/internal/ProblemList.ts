import type { SchemaPath, SchemaProblem } from '../SchemaProblem.js'

/** Problems collected in one validation pass, in the order they were found. */
export class ProblemList {
  readonly items: Array<SchemaProblem> = []

  error(path: SchemaPath, message: string, fix: string): void {
    this.items.push({ severity: 'error', path, message, fix })
  }

  warning(path: SchemaPath, message: string, fix: string): void {
    this.items.push({ severity: 'warning', path, message, fix })
  }

  get hasErrors(): boolean {
    return this.items.some((p) => p.severity === 'error')
  }
}
