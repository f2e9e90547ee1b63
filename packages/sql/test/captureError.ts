/** Runs `run` and returns what it throws; fails the test when it throws nothing. */
export const captureError = (run: () => unknown): unknown => {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, but nothing was thrown')
}
