/**
 * The worker thread a large COPY converts in (see `ConverterWorker.ts`): it runs a Converter
 * on the chunks the statement's thread sends, and sends back its events, at most
 * `MAX_UNANSWERED_EVENTS` ahead of the statement, which answers each once it has handled it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { Converter, type ConverterEvent, type ConverterSetup } from './Converter.js'

/** A message to the worker. */
export type ToConverter =
  | { readonly kind: 'file'; readonly url: string }
  | { readonly kind: 'chunk'; readonly bytes: Uint8Array }
  | { readonly kind: 'fileEnd' }
  | { readonly kind: 'finish' }
  /** The statement handled one event. */
  | { readonly kind: 'handled' }

/** A message from the worker. */
export type FromConverter =
  | { readonly kind: 'event'; readonly event: ConverterEvent }
  /** One chunk was converted. */
  | { readonly kind: 'converted' }

/** Events sent and not yet handled before the worker stops converting (each holds a batch). */
export const MAX_UNANSWERED_EVENTS = 2

const port = parentPort
if (port !== null) {
  const converter = new Converter(workerData as ConverterSetup)
  const waiting: ToConverter[] = []
  let unanswered = 0

  const send = (events: ReadonlyArray<ConverterEvent>): void => {
    for (const event of events) {
      const transfer: ArrayBuffer[] = []
      if (event.batch !== undefined) {
        transfer.push(event.batch.text.buffer as ArrayBuffer, event.batch.raw.buffer as ArrayBuffer)
      }
      port.postMessage({ kind: 'event', event } satisfies FromConverter, transfer)
      unanswered++
    }
  }

  const convert = (message: ToConverter): void => {
    switch (message.kind) {
      case 'file':
        send(converter.startFile(message.url))
        break
      case 'chunk': {
        const bytes = message.bytes
        send(converter.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)))
        port.postMessage({ kind: 'converted' } satisfies FromConverter)
        break
      }
      case 'fileEnd':
        send(converter.endFile())
        break
      case 'finish':
        send(converter.finish())
        break
    }
  }

  port.on('message', (message: ToConverter) => {
    if (message.kind === 'handled') unanswered--
    else waiting.push(message)
    while (waiting.length > 0 && unanswered < MAX_UNANSWERED_EVENTS) {
      convert(waiting.shift() as ToConverter)
    }
  })
}
