import type { CopyRecord } from '@redstore/sql'
import type { S3Staging } from './S3Staging.js'
import { StagedFile, type StagedObject, type UploadGate } from './StagedFile.js'

/** Where each staged object's lines came from, to name the input row of a bad line. */
export interface FileRows {
  readonly url: string
  /** Input row of the object's first line. */
  readonly firstRow: number
  /** Records (rows) in the object. */
  readonly rows: number
  /** Lines 1 to this one hold one record each (no record before spans several lines). */
  readonly exactLines: number
}

/** A load whose objects are all uploaded, ready for its COPY. */
export interface WrittenLoad {
  readonly index: number
  /** `s3://` prefix every object of the load starts with. */
  readonly urlPrefix: string
  readonly keyPrefix: string
  readonly objects: ReadonlyArray<StagedObject>
  readonly files: ReadonlyArray<FileRows>
  readonly firstRow: number
  /** Index after the load's last input row. */
  readonly endRow: number
  readonly rawBytes: number
  readonly presence: ReadonlySet<string>
  readonly markerColumns: ReadonlySet<number>
}

/**
 * Writes the records of one COPY load into gzipped CSV objects under `keyPrefix`, starting a
 * new object when the current one reaches `fileBytes`. Records must come in input order.
 */
export class LoadWriter {
  private current: StagedFile | undefined
  private currentRows: FileRows | undefined
  private readonly finishing: Array<Promise<StagedObject>> = []
  private readonly files: Array<FileRows> = []
  private readonly presence = new Set<string>()
  private readonly markerColumns = new Set<number>()
  private multilineSeen = false
  rawBytes = 0
  rows = 0
  endRow: number

  constructor(
    private readonly s3: S3Staging,
    readonly index: number,
    readonly keyPrefix: string,
    readonly firstRow: number,
    private readonly limits: {
      readonly fileBytes: number
      readonly partBytes: number
      readonly uploadConcurrency: number
    },
    private readonly gate?: UploadGate | undefined,
  ) {
    this.endRow = firstRow
  }

  /** Adds a record to the current object (starting one when needed). */
  add(record: CopyRecord): void {
    if (this.current === undefined || this.current.rawBytes >= this.limits.fileBytes) {
      this.startFile(record.rowIndex)
    }
    const file = this.current as StagedFile
    const rows = this.currentRows as { -readonly [K in keyof FileRows]: FileRows[K] }
    file.append(record.text, record.bytes)
    rows.rows++
    if (!this.multilineSeen) rows.exactLines = rows.rows
    if (record.multiline) this.multilineSeen = true
    this.presence.add(record.presence)
    for (const c of record.markers) this.markerColumns.add(c)
    this.rawBytes += record.bytes
    this.rows++
    this.endRow = record.rowIndex + 1
  }

  /** True when the current object holds enough text to flush. */
  get wantsFlush(): boolean {
    return this.current?.wantsFlush === true
  }

  /** Lets gathered text through to gzip and S3 (waits while the uploads are behind). */
  async flush(): Promise<void> {
    if (this.current !== undefined) await this.current.flush()
  }

  /** Ends the last object and waits for every upload. */
  async finish(): Promise<WrittenLoad> {
    this.closeFile()
    const objects = await Promise.all(this.finishing)
    return {
      index: this.index,
      urlPrefix: this.s3.url(this.keyPrefix),
      keyPrefix: this.keyPrefix,
      objects,
      files: this.files,
      firstRow: this.firstRow,
      endRow: this.endRow,
      rawBytes: this.rawBytes,
      presence: this.presence,
      markerColumns: this.markerColumns,
    }
  }

  /** Stops every upload of the load; returns the URLs of objects already stored. */
  async abort(): Promise<ReadonlyArray<string>> {
    this.gate?.cancel()
    await this.current?.abort()
    const settled = await Promise.allSettled(this.finishing)
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.url] : []))
  }

  private startFile(firstRow: number): void {
    this.closeFile()
    const number = String(this.files.length).padStart(5, '0')
    this.current = new StagedFile(
      this.s3,
      `${this.keyPrefix}part-${number}.csv.gz`,
      this.limits.partBytes,
      this.limits.uploadConcurrency,
      this.gate,
    )
    this.multilineSeen = false
    this.currentRows = { url: this.current.url, firstRow, rows: 0, exactLines: 0 }
    this.files.push(this.currentRows)
  }

  private closeFile(): void {
    if (this.current === undefined) return
    const finished = this.current.finish()
    // Reported by `finish`; until then it must not count as unhandled.
    finished.catch(() => undefined)
    this.finishing.push(finished)
    this.current = undefined
  }
}
