import type { ColumnEncoding, RedshiftTypeKind } from '@redstore/sql'
import { type ColumnBuilder, type ColumnSpec, columnBuilderBrand } from '../ColumnBuilder.js'

class Column<Kind extends RedshiftTypeKind, Nullable extends boolean>
  implements ColumnBuilder<Kind, Nullable>
{
  readonly [columnBuilderBrand] = true as const
  readonly kind: Kind
  readonly isNullable: Nullable
  readonly spec: ColumnSpec

  constructor(spec: ColumnSpec) {
    this.kind = spec.kind as Kind
    this.isNullable = spec.nullable as Nullable
    this.spec = Object.freeze(spec)
    Object.freeze(this)
  }

  nullable(): ColumnBuilder<Kind, true> {
    return new Column<Kind, true>({ ...this.spec, nullable: true })
  }

  describe(text: string): ColumnBuilder<Kind, Nullable> {
    return new Column<Kind, Nullable>({ ...this.spec, description: text })
  }

  redshiftType(text: string): ColumnBuilder<Kind, Nullable> {
    return new Column<Kind, Nullable>({ ...this.spec, redshiftType: text })
  }

  columnName(name: string): ColumnBuilder<Kind, Nullable> {
    return new Column<Kind, Nullable>({ ...this.spec, columnName: name })
  }

  encode(encoding: ColumnEncoding | Lowercase<ColumnEncoding>): ColumnBuilder<Kind, Nullable> {
    return new Column<Kind, Nullable>({ ...this.spec, encode: encoding })
  }
}

/** A builder from a spec; modifiers copy the spec, so builders are immutable and never throw. */
export const createColumnBuilder = <Kind extends RedshiftTypeKind, Nullable extends boolean>(
  spec: ColumnSpec & { readonly kind: Kind; readonly nullable: Nullable },
): ColumnBuilder<Kind, Nullable> => new Column<Kind, Nullable>(spec)
