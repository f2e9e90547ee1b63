import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ConverterEvent, ConverterSetup } from './Converter.js'
import type { FromConverter, ToConverter } from './convertWorker.js'

/**
 * Chunks sent and not yet converted before `send` waits: enough input (64 KiB chunks) to keep
 * the worker converting while the statement's thread stores a batch.
 */
const MAX_UNCONVERTED_CHUNKS = 128

/** The worker's script, beside this module once compiled (run from TypeScript sources, there is none). */
const script = new URL('./convertWorker.js', import.meta.url)

/**
 * A Converter in a worker thread, so that a large COPY converts its next rows while the
 * database stores the previous batch. `send` the objects' bytes in order, take `next()` events
 * and answer each with `handled()`; both directions are bounded, so memory stays a few batches.
 *
 * @example
 * const worker = new ConverterWorker({ command, columns })
 * await worker.send({ kind: 'file', url })
 * const event = await worker.next()
 */
export class ConverterWorker {
  /** Whether the compiled worker script is there to start. */
  static available(): boolean {
    return script.protocol === 'file:' && existsSync(fileURLToPath(script))
  }

  readonly #worker: Worker
  readonly #events: ConverterEvent[] = []
  #unconverted = 0
  #failure: { readonly error: unknown } | undefined
  /** Who waits for the worker's next message: `send` and `next` may both wait at once. */
  #waiters: Array<() => void> = []

  constructor(setup: ConverterSetup) {
    this.#worker = new Worker(script, { workerData: setup })
    this.#worker.on('message', (message: FromConverter) => {
      if (message.kind === 'converted') this.#unconverted--
      else this.#events.push(message.event)
      this.#notify()
    })
    this.#worker.on('error', (error) => this.close(error))
    this.#worker.on('exit', (code) =>
      this.close(new Error(`the COPY converter worker stopped (exit code ${code})`)),
    )
  }

  /** Sends the next message; waits first while too many chunks are not converted yet. */
  async send(message: ToConverter): Promise<void> {
    if (message.kind === 'chunk') {
      while (this.#unconverted >= MAX_UNCONVERTED_CHUNKS) await this.#changed()
      this.#unconverted++
      // A copy of exactly the chunk, whose memory then moves to the worker.
      const bytes = new Uint8Array(message.bytes)
      this.#check()
      this.#worker.postMessage({ kind: 'chunk', bytes } satisfies ToConverter, [bytes.buffer])
      return
    }
    this.#check()
    this.#worker.postMessage(message)
  }

  /** The next event, in order. */
  async next(): Promise<ConverterEvent> {
    for (;;) {
      this.#check()
      const event = this.#events.shift()
      if (event !== undefined) return event
      await this.#changed()
    }
  }

  /** Tells the worker one event was handled, so it may convert further. */
  handled(): void {
    if (this.#failure === undefined)
      this.#worker.postMessage({ kind: 'handled' } satisfies ToConverter)
  }

  /** Stops the worker (at the end of the load, or after a failure); pending and later calls reject with `error`. */
  close(error: unknown = new Error('the COPY converter worker was closed')): void {
    if (this.#failure !== undefined) return
    this.#failure = { error }
    void this.#worker.terminate()
    this.#notify()
  }

  #check(): void {
    if (this.#failure !== undefined) throw this.#failure.error
  }

  /** Resolves at the worker's next message or failure; rejects once the worker failed. */
  #changed(): Promise<void> {
    this.#check()
    return new Promise((resolve, reject) => {
      this.#waiters.push(() =>
        this.#failure === undefined ? resolve() : reject(this.#failure.error),
      )
    })
  }

  #notify(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }
}
