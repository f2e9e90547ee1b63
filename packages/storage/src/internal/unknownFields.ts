import {
  type ColumnModel,
  columnField,
  formatType,
  inferColumnType,
  normalizeIdent,
  normalizeTableModel,
  type RedshiftType,
  type TableModel,
  unifyInferredTypes,
} from '@redstore/sql'
import { UnknownFieldTypeError } from '../StorageError.js'

const foldAscii = (name: string): string => name.replace(/[A-Z]+/g, (s) => s.toLowerCase())

/** The names a row may use for the model's columns: each field exactly and folded. */
export const knownFieldsOf = (model: TableModel): ReadonlySet<string> => {
  const names = new Set<string>()
  for (const column of model.columns) {
    names.add(columnField(column))
    names.add(foldAscii(columnField(column)))
  }
  return names
}

interface Candidate {
  readonly field: string
  type: RedshiftType
  readonly firstRow: number
}

/**
 * Collects the fields of rows that no column has, with the column type their values suggest
 * (`inferColumnType`), for `unknownFields: 'addColumn'`. Null values suggest nothing: a field
 * that is only ever null needs no column.
 */
export class UnknownFieldScanner {
  private known: ReadonlySet<string>
  private readonly candidates = new Map<string, Candidate>()

  constructor(model: TableModel) {
    this.known = knownFieldsOf(model)
  }

  /**
   * Looks at one row; returns true when it has a non-null field no column has.
   * @throws UnknownFieldTypeError when a field's values need two different column types.
   */
  scan(row: unknown, rowIndex: number): boolean {
    if (typeof row !== 'object' || row === null) return false
    let found = false
    for (const [field, value] of Object.entries(row)) {
      if (this.known.has(field) || this.known.has(foldAscii(field))) continue
      const type = inferColumnType(value)
      if (type === undefined) continue
      found = true
      const key = foldAscii(field)
      const earlier = this.candidates.get(key)
      if (earlier === undefined) {
        this.candidates.set(key, { field, type, firstRow: rowIndex })
        continue
      }
      const unified = unifyInferredTypes(earlier.type, type)
      if (unified === undefined) {
        throw new UnknownFieldTypeError({
          field,
          rowIndex,
          types: [formatType(earlier.type), formatType(type)],
        })
      }
      earlier.type = unified
    }
    return found
  }

  /** True when fields were found since the last `take`. */
  get hasColumns(): boolean {
    return this.candidates.size > 0
  }

  /**
   * The model with a nullable column for every field found, named as Redshift folds the field
   * (rows keep using the field's own spelling), and forgets them.
   *
   * @throws the table model's errors when a field cannot name a column (too long, colliding).
   */
  take(model: TableModel): { readonly model: TableModel; readonly added: ReadonlyArray<string> } {
    const columns: Array<ColumnModel> = [...this.candidates.values()].map((c) => {
      const name = normalizeIdent(c.field)
      return {
        name,
        type: c.type,
        nullable: true,
        ...(name === c.field ? {} : { field: c.field }),
      }
    })
    this.candidates.clear()
    // Normalizing checks the new names against the existing ones (a folded field may collide).
    const next = normalizeTableModel({ ...model, columns: [...model.columns, ...columns] })
    this.known = knownFieldsOf(next)
    return { model: next, added: columns.map((c) => c.name) }
  }
}
