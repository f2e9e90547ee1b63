/** A FIFO lock: one holder at a time, waiters served in arrival order. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve()

  /** Resolves with a release function once the lock is held. */
  acquire(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const previous = this.#tail
    this.#tail = previous.then(() => held)
    let released = false
    return previous.then(() => () => {
      if (!released) {
        released = true
        release()
      }
    })
  }

  /**
   * Like `acquire`, but gives up when `signal` aborts first (rejecting with `onAbort()`);
   * a lock that arrives after that is passed straight on.
   */
  acquireUnless(signal: AbortSignal | undefined, onAbort: () => Error): Promise<() => void> {
    const lock = this.acquire()
    if (!signal) return lock
    return new Promise((resolve, reject) => {
      const abort = (): void => reject(onAbort())
      if (signal.aborted) abort()
      else signal.addEventListener('abort', abort, { once: true })
      void lock.then((release) => {
        signal.removeEventListener('abort', abort)
        if (signal.aborted) release()
        else resolve(release)
      })
    })
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }
}
