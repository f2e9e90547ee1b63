import { once } from 'node:events'
import { constants, createGzip, type Gzip } from 'node:zlib'
import type { S3Staging } from './S3Staging.js'

/** CSV text gathered before it is handed to gzip. */
const TEXT_CHUNK = 256 * 1024

/**
 * Holds uploads back while it is closed: parts are kept in memory until `open()`, so that an
 * array can be written while it is checked and nothing is uploaded when a row is bad.
 */
export class UploadGate {
  private opened = false
  /** Set by `cancel`: what was held is dropped, never uploaded. */
  cancelled = false
  private readonly waiting: Array<() => void> = []
  /** Compressed bytes held back. */
  held = 0
  get isOpen(): boolean {
    return this.opened
  }
  open(): void {
    this.opened = true
    for (const start of this.waiting.splice(0)) start()
  }
  /** Drops what is held: every waiting upload fails instead of starting. */
  cancel(): void {
    this.cancelled = true
    this.open()
  }
  /** Runs `start` now when open, else on `open()`. */
  whenOpen(start: () => void): void {
    if (this.opened) start()
    else this.waiting.push(start)
  }
}

/** A staged object that was uploaded whole. */
export interface StagedObject {
  readonly key: string
  readonly url: string
  /** Bytes uploaded (compressed). */
  readonly bytes: number
  /** CSV bytes written (uncompressed). */
  readonly rawBytes: number
}

/**
 * One gzipped CSV object, streamed to S3 as it is written: compressed output is cut into
 * parts of `partBytes` and uploaded as a multipart upload, at most `concurrency` parts at a
 * time (`write` waits when that many are in flight). An object smaller than one part is one
 * PutObject. Memory: the text chunk, gzip's window, and the parts in flight.
 */
export class StagedFile {
  readonly url: string
  rawBytes = 0
  private text: Array<string> = []
  private textLength = 0
  private readonly gzip: Gzip
  private part: Array<Buffer> = []
  private partLength = 0
  private uploadedBytes = 0
  private uploadId: Promise<string> | undefined
  private readonly parts: Array<Promise<{ partNumber: number; etag: string }>> = []
  private readonly inFlight = new Set<Promise<unknown>>()
  private failure: unknown
  private readonly ended: Promise<void>

  constructor(
    private readonly s3: S3Staging,
    readonly key: string,
    private readonly partBytes: number,
    private readonly concurrency: number,
    private readonly gate?: UploadGate | undefined,
  ) {
    this.url = s3.url(key)
    this.gzip = createGzip({ level: constants.Z_BEST_SPEED })
    this.gzip.on('data', (chunk: Buffer) => this.compressed(chunk))
    this.ended = once(this.gzip, 'end').then(() => undefined)
    // Errors surface through `ended` and `flush`; keep the stream from throwing unhandled.
    this.gzip.on('error', (error) => {
      this.failure ??= error
    })
  }

  /** Appends CSV text. Call `flush` now and then to let it through (it waits for uploads). */
  append(text: string, bytes: number): void {
    this.text.push(text)
    this.textLength += text.length
    this.rawBytes += bytes
  }

  /** True when enough text is gathered that `flush` should run. */
  get wantsFlush(): boolean {
    return this.textLength >= TEXT_CHUNK
  }

  /** Hands the gathered text to gzip and waits while too many parts are in flight. */
  async flush(): Promise<void> {
    this.throwIfFailed()
    if (this.textLength > 0) {
      const chunk = this.text.join('')
      this.text = []
      this.textLength = 0
      if (!this.gzip.write(chunk)) await once(this.gzip, 'drain')
    }
    // Held parts do not count: they wait for the gate, not for S3.
    while (this.gate?.isOpen !== false && this.inFlight.size >= this.concurrency) {
      await Promise.race(this.inFlight)
    }
    this.throwIfFailed()
  }

  /** Ends the object: the last text, the last part, the multipart upload completed. */
  async finish(): Promise<StagedObject> {
    await this.flush()
    this.gzip.end()
    await this.ended
    this.throwIfFailed()
    const gate = this.gate
    if (gate !== undefined && !gate.isOpen) {
      // An object ended while uploads are held: its last part waits in memory too.
      gate.held += this.partLength
      await new Promise<void>((go) => gate.whenOpen(go))
    }
    if (gate?.cancelled === true) throw new Error('cancelled')
    this.throwIfFailed()
    if (this.uploadId === undefined) {
      const body = Buffer.concat(this.part)
      this.part = []
      await this.s3.put(this.key, body)
      this.uploadedBytes += body.length
    } else {
      if (this.partLength > 0) this.startPart()
      const parts = await Promise.all(this.parts)
      await this.s3.completeMultipart(this.key, await this.uploadId, parts)
    }
    return { key: this.key, url: this.url, bytes: this.uploadedBytes, rawBytes: this.rawBytes }
  }

  /** Stops: no more uploads, an open multipart upload aborted (best effort). */
  async abort(): Promise<void> {
    this.failure ??= new Error('aborted')
    this.gzip.destroy()
    await Promise.allSettled([...this.inFlight])
    if (this.uploadId !== undefined) {
      const id = await this.uploadId.catch(() => undefined)
      if (id !== undefined) await this.s3.abortMultipart(this.key, id).catch(() => undefined)
    }
  }

  private compressed(chunk: Buffer): void {
    this.part.push(chunk)
    this.partLength += chunk.length
    if (this.partLength >= this.partBytes) this.startPart()
  }

  private startPart(): void {
    const body = Buffer.concat(this.part)
    this.part = []
    this.partLength = 0
    const gate = this.gate
    if (gate !== undefined && !gate.isOpen) gate.held += body.length
    const allowed =
      gate === undefined ? Promise.resolve() : new Promise<void>((go) => gate.whenOpen(go))
    const created = allowed.then(() =>
      gate?.cancelled === true
        ? Promise.reject(new Error('cancelled'))
        : this.s3.createMultipart(this.key),
    )
    created.catch(() => undefined)
    this.uploadId ??= created
    const partNumber = this.parts.length + 1
    const uploadId = this.uploadId
    const upload = (async () => {
      await allowed
      if (gate?.cancelled === true) throw new Error('cancelled')
      if (this.failure !== undefined) throw this.failure
      const etag = await this.s3.uploadPart(this.key, await uploadId, partNumber, body)
      this.uploadedBytes += body.length
      return { partNumber, etag }
    })()
    const tracked = upload.then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= error
      },
    )
    this.inFlight.add(tracked)
    void tracked.finally(() => this.inFlight.delete(tracked))
    this.parts.push(upload)
    // A failed part is reported by flush/finish; keep it from being an unhandled rejection.
    upload.catch(() => undefined)
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure
  }
}
