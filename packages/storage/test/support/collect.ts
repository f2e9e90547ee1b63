/** Every item of an async iterable, in order. */
export const collect = async <A>(iterable: AsyncIterable<A>): Promise<Array<A>> => {
  const out: Array<A> = []
  for await (const a of iterable) out.push(a)
  return out
}

/** What `run` rejects with; fails the test when it resolves. */
export const rejection = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection, but the promise resolved')
}

/** An async iterable over `rows`, one await per row, that throws `failAt` when it reaches it. */
export async function* streamOf<A>(rows: Iterable<A>, failAt?: number): AsyncGenerator<A> {
  let i = 0
  for (const row of rows) {
    if (i === failAt) throw new Error(`source broke at row ${i}`)
    await Promise.resolve()
    yield row
    i++
  }
}
