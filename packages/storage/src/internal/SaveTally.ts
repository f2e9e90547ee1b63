import type { SaveProgress, SaveSummary } from '../SaveSummary.js'

/** The running counts of one save, from which progress reports and the summary are read. */
export class SaveTally {
  rowsReceived = 0
  rowsLanded = 0
  rowsWritten = 0
  duplicateKeysCollapsed = 0
  batches = 0
  statements = 0
  apiCalls = 0
  retries = 0
  sqlBytes = 0
  readonly columnsAdded: Array<string> = []
  private readonly started = performance.now()

  /** Counts the calls and retries of Data API results. */
  countCalls(
    results: ReadonlyArray<{ readonly apiCalls: number; readonly retries: number }>,
  ): void {
    for (const r of results) {
      this.apiCalls += r.apiCalls
      this.retries += r.retries
    }
  }

  get durationMs(): number {
    return Math.round(performance.now() - this.started)
  }

  progress(): SaveProgress {
    return {
      rowsReceived: this.rowsReceived,
      rowsLanded: this.rowsLanded,
      rowsWritten: this.rowsWritten,
      batches: this.batches,
      statements: this.statements,
      apiCalls: this.apiCalls,
      sqlBytes: this.sqlBytes,
      durationMs: this.durationMs,
    }
  }

  summary(saveId: string): SaveSummary {
    return {
      saveId,
      rowsReceived: this.rowsReceived,
      rowsWritten: this.rowsWritten,
      duplicateKeysCollapsed: this.duplicateKeysCollapsed,
      batches: this.batches,
      statements: this.statements,
      apiCalls: this.apiCalls,
      retries: this.retries,
      sqlBytes: this.sqlBytes,
      columnsAdded: [...this.columnsAdded],
      method: 'insert',
      durationMs: this.durationMs,
    }
  }
}
