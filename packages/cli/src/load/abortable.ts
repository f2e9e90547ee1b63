/**
 * `source` until `signal` aborts: then the pending read is left behind and `onAbort()` is
 * thrown at once, even while the source waits for data (stdin that does not close).
 *
 * @example
 * ```ts
 * for await (const item of abortable(rows, signal, () => new InterruptedError({ file, line }))) use(item)
 * ```
 */
export async function* abortable<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
  onAbort: () => Error,
): AsyncGenerator<T, void, undefined> {
  if (signal === undefined) {
    yield* source
    return
  }
  if (signal.aborted) throw onAbort()
  const iterator = source[Symbol.asyncIterator]()
  let stop: (error: Error) => void = () => {}
  const aborted = new Promise<never>((_, reject) => {
    stop = reject
  })
  aborted.catch(() => {})
  const listener = () => stop(onAbort())
  signal.addEventListener('abort', listener, { once: true })
  let finished = false
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted])
      if (next.done === true) {
        finished = true
        return
      }
      yield next.value
    }
  } finally {
    signal.removeEventListener('abort', listener)
    // Closing a source whose read is still pending would wait for that read: let it go.
    if (!finished && !signal.aborted) await iterator.return?.()
  }
}
