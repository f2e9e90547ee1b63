interface Run {
  /** Row index of the run's first row. */
  readonly row: number
  /** Input line of the run's first row. */
  readonly line: number
  /** Rows in the run: row `row + i` starts at line `line + i`. */
  count: number
  /** Input line where the run's last row ends (a CSV record may span lines). */
  endLine: number
}

/**
 * The input line of each row handed to the storage, so that its row indexes (`rowsLanded`, a
 * bad row's index) can be told as file lines. Rows on consecutive lines share one run, so a
 * million rows of a plain file cost a few numbers; rows that landed are forgotten.
 *
 * @example
 * ```ts
 * const lines = new RowLines()
 * lines.add(2, 2); lines.add(3, 3); lines.add(5, 6)
 * lines.lineOf(2) // 5
 * lines.endLineOf(2) // 6
 * ```
 */
export class RowLines {
  private runs: Array<Run> = []
  private rows = 0

  /** Rows added so far. */
  get size(): number {
    return this.rows
  }

  /** Adds the next row, which starts at `line` and ends at `endLine`. */
  add(line: number, endLine: number): void {
    const last = this.runs[this.runs.length - 1]
    // A run grows while its last row is on one line and the next row starts on the next line.
    if (
      last !== undefined &&
      last.endLine === last.line + last.count - 1 &&
      line === last.endLine + 1
    ) {
      last.count++
      last.endLine = endLine
    } else {
      this.runs.push({ row: this.rows, line, count: 1, endLine })
    }
    this.rows++
  }

  private runOf(row: number): Run | undefined {
    let lo = 0
    let hi = this.runs.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const run = this.runs[mid] as Run
      if (row < run.row) hi = mid - 1
      else if (row >= run.row + run.count) lo = mid + 1
      else return run
    }
    return undefined
  }

  /** The line row `row` starts at, if it was added and not forgotten. */
  lineOf(row: number): number | undefined {
    const run = this.runOf(row)
    return run === undefined ? undefined : run.line + (row - run.row)
  }

  /** The line row `row` ends at (its start line, unless a CSV record spans lines). */
  endLineOf(row: number): number | undefined {
    const run = this.runOf(row)
    if (run === undefined) return undefined
    return row === run.row + run.count - 1 ? run.endLine : run.line + (row - run.row)
  }

  /** Forgets rows before `row` (they landed), keeping what `lineOf(row)` needs. */
  forgetBefore(row: number): void {
    let drop = 0
    while (drop < this.runs.length) {
      const run = this.runs[drop] as Run
      if (run.row + run.count > row) break
      drop++
    }
    if (drop > 0) this.runs = this.runs.slice(drop)
  }
}
