import type { StagingGroupPlan } from '../../../src/BatchPlan.js'
import type { StagedValues } from '../../../src/internal/encodeSizedRow.js'
import { utf8ByteLength } from '../../../src/internal/utf8.js'
import { stagingTableName } from '../../../src/planLimits.js'
import { PlanLimitError, RowTooLargeError } from '../../../src/SqlError.js'
import type { TableModel } from '../../../src/TableModel.js'
import {
  createStagingTableLike,
  dropTables,
  type InsertTarget,
  insertHeader,
  mergeFromStaging,
} from '../../../src/upsert.js'
import {
  insertStatement,
  overlayRows,
  SEPARATOR_BYTES,
  type StagedRow,
  stageRow,
} from './StagedRow.js'

export interface BatchLimits {
  readonly maxStatementBytes: number
  readonly maxStatementsPerBatch: number
  readonly maxRowsPerInsert: number
  readonly maxGroupsPerBatch: number
  /** Schema of permanent staging tables; temp tables when undefined. */
  readonly stagingSchema: string | undefined
  /** Whether `sqls` ends with the DROP of the batch's staging tables. */
  readonly dropStagingTables: boolean
}

/** Next-fit packing state of one INSERT sequence: bytes and rows of its last statement. */
interface Packing {
  bytes: number
  rows: number
}

/** Rows that carry the same columns share a temp table, its INSERTs and one MERGE. */
interface Group {
  readonly tempTable: string
  readonly target: InsertTarget
  readonly columnNames: ReadonlyArray<string>
  readonly header: string
  readonly headerBytes: number
  readonly createSql: string
  readonly mergeSql: string
  /** UTF-8 bytes of `createSql` and `mergeSql` together. */
  readonly fixedBytes: number
  /** UTF-8 bytes the group's table adds to the batch's DROP statement (name and ", "). */
  readonly dropBytes: number
  /** Upper bound: rows replaced by a later duplicate still count here. */
  readonly packing: Packing
}

export interface BuiltBatch {
  readonly sqls: ReadonlyArray<string>
  readonly groups: ReadonlyArray<StagingGroupPlan>
  readonly dropSql: string
  readonly rows: number
  readonly duplicates: number
  readonly inserts: number
  readonly merges: number
  readonly tempTables: ReadonlyArray<string>
  readonly bytes: number
}

const DROP_PREFIX_BYTES = utf8ByteLength('DROP TABLE IF EXISTS ')

/** Rows carrying every column, the most common set, skip building a key for their set. */
const shapeOf = (model: TableModel, columns: ReadonlyArray<number>): string =>
  columns.length === model.columns.length ? 'all' : columns.join(',')

/**
 * Accumulates the rows of one batch. Statement counts are kept as an upper bound while rows
 * arrive (next-fit packing never needs more statements after a row is removed), and exact
 * INSERTs are packed when the batch is built.
 */
export class BatchBuilder {
  /** Groups by the set of columns their rows carry (see `shapeOf`). */
  private readonly groups = new Map<string, Group>()
  /** Staged rows by key, in the order they were last added; a row's columns name its group. */
  private readonly rows = new Map<string, StagedRow>()
  /** Statements the batch needs, an upper bound; starts with its DROP when one is planned. */
  private statements: number
  private duplicates = 0
  /** UTF-8 bytes of the batch's DROP statement so far. */
  private dropBytes = DROP_PREFIX_BYTES

  constructor(
    private readonly model: TableModel,
    private readonly limits: BatchLimits,
    private readonly prefix: string,
    private readonly batchIndex: number,
  ) {
    this.statements = limits.dropStagingTables ? 1 : 0
  }

  get isEmpty(): boolean {
    return this.rows.size === 0
  }

  /**
   * Adds a row; returns false, changing nothing, when the batch has no room for it.
   * Throws RowTooLargeError when the row could not fit even alone.
   */
  add(row: StagedValues, key: string): boolean {
    const earlier = this.rows.get(key)
    const staged = earlier === undefined ? stageRow(row) : overlayRows(earlier, row)
    const bytes = staged.bytes
    const shape = shapeOf(this.model, staged.columns)
    const existing = this.groups.get(shape)
    const group = existing ?? this.prepareGroup(staged.columns)
    const headerBytes = group.headerBytes
    if (headerBytes + bytes > this.limits.maxStatementBytes) {
      // A duplicate merged with its earlier version may not fit where each alone does.
      if (earlier !== undefined) return false
      throw new RowTooLargeError({
        rowIndex: row.rowIndex,
        bytes: headerBytes + bytes,
        limit: this.limits.maxStatementBytes,
      })
    }
    const packing = group.packing
    const opensStatement =
      packing.rows === 0 ||
      packing.bytes + SEPARATOR_BYTES + bytes > this.limits.maxStatementBytes ||
      packing.rows + 1 > this.limits.maxRowsPerInsert
    const added = (opensStatement ? 1 : 0) + (existing === undefined ? 2 : 0)
    if (this.statements + added > this.limits.maxStatementsPerBatch) return false
    if (existing === undefined) {
      if (this.groups.size >= this.limits.maxGroupsPerBatch) return false
      // The one DROP of the batch's tables must fit a statement too.
      if (this.dropBytes + group.dropBytes > this.limits.maxStatementBytes) return false
      this.dropBytes += group.dropBytes
    }

    if (existing === undefined) this.groups.set(shape, group)
    if (earlier !== undefined) {
      // Deleted first, so the merged row takes its place after every row added before it.
      this.rows.delete(key)
      this.duplicates++
    }
    this.rows.set(key, staged)
    if (opensStatement) {
      packing.bytes = headerBytes + bytes
      packing.rows = 1
    } else {
      packing.bytes += SEPARATOR_BYTES + bytes
      packing.rows++
    }
    this.statements += added
    return true
  }

  build(): BuiltBatch {
    const sqls: Array<string> = []
    const groups: Array<StagingGroupPlan> = []
    const targets: Array<InsertTarget> = []
    let inserts = 0
    let rows = 0
    let batchBytes = 0
    const rowsByShape = new Map<string, Array<StagedRow>>()
    for (const staged of this.rows.values()) {
      const shape = shapeOf(this.model, staged.columns)
      const shapeRows = rowsByShape.get(shape)
      if (shapeRows === undefined) rowsByShape.set(shape, [staged])
      else shapeRows.push(staged)
    }
    for (const [shape, group] of this.groups) {
      // A group whose rows were all merged into later duplicates of another group has none.
      const groupRows = rowsByShape.get(shape)
      if (groupRows === undefined) continue
      targets.push(group.target)
      batchBytes += group.fixedBytes
      const groupInserts: Array<string> = []
      let tuples: Array<StagedRow> = []
      // UTF-8 bytes of the INSERT being filled: header, tuples and separators.
      let bytes = 0
      const flush = () => {
        groupInserts.push(insertStatement(group.header, tuples))
        batchBytes += bytes
        tuples = []
      }
      for (const staged of groupRows) {
        const next = bytes + SEPARATOR_BYTES + staged.bytes
        if (
          tuples.length > 0 &&
          (next > this.limits.maxStatementBytes || tuples.length >= this.limits.maxRowsPerInsert)
        ) {
          flush()
        }
        bytes =
          tuples.length === 0
            ? group.headerBytes + staged.bytes
            : bytes + SEPARATOR_BYTES + staged.bytes
        tuples.push(staged)
      }
      flush()
      inserts += groupInserts.length
      rows += groupRows.length
      sqls.push(group.createSql, ...groupInserts, group.mergeSql)
      groups.push({
        stagingTable: group.tempTable,
        columns: group.columnNames,
        create: group.createSql,
        inserts: groupInserts,
        merge: group.mergeSql,
        rows: groupRows.length,
      })
    }
    const dropSql = targets.length === 0 ? '' : dropTables(targets)
    if (this.limits.dropStagingTables && dropSql !== '') {
      sqls.push(dropSql)
      batchBytes += utf8ByteLength(dropSql)
    }
    if (sqls.length > this.limits.maxStatementsPerBatch) {
      throw new Error(`planUpsert invariant broken: ${sqls.length} statements in one batch`)
    }
    return {
      sqls,
      groups,
      dropSql,
      rows,
      duplicates: this.duplicates,
      inserts,
      merges: groups.length,
      tempTables: groups.map((g) => g.stagingTable),
      bytes: batchBytes,
    }
  }

  /** A group for rows carrying `columns`, checked but not yet part of the batch. */
  private prepareGroup(columns: ReadonlyArray<number>): Group {
    const tempTable = stagingTableName(this.prefix, this.batchIndex, this.groups.size)
    const schema = this.limits.stagingSchema
    const target: InsertTarget = schema === undefined ? tempTable : { schema, name: tempTable }
    const columnNames = columns.map((c) => this.model.columns[c]?.name ?? '')
    const header = insertHeader(target, columnNames)
    const headerBytes = utf8ByteLength(header)
    const createSql = createStagingTableLike(target, this.model)
    const mergeSql = mergeFromStaging(this.model, target, columnNames)
    const dropBytes = utf8ByteLength(dropTables([target])) - DROP_PREFIX_BYTES + SEPARATOR_BYTES
    const createBytes = utf8ByteLength(createSql)
    const mergeBytes = utf8ByteLength(mergeSql)
    // The header must leave room for at least the smallest tuple, "(x)".
    for (const bytes of [createBytes, mergeBytes, headerBytes + 3, DROP_PREFIX_BYTES + dropBytes]) {
      if (bytes > this.limits.maxStatementBytes) {
        throw new PlanLimitError({
          reason: `a statement that does not depend on row values is ${bytes} bytes, over the limit of ${this.limits.maxStatementBytes} (shorten column names or raise maxStatementBytes)`,
        })
      }
    }
    return {
      tempTable,
      target,
      columnNames,
      header,
      headerBytes,
      createSql,
      mergeSql,
      fixedBytes: createBytes + mergeBytes,
      dropBytes,
      packing: { bytes: headerBytes, rows: 0 },
    }
  }
}
