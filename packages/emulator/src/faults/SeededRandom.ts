/**
 * A small deterministic generator (SplitMix32): the same seed yields the same sequence
 * of numbers in [0, 1) on every platform.
 *
 * @example
 * const random = seededRandom(42)
 * random() === seededRandom(42)() // true
 */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    z = (z ^ (z >>> 16)) >>> 0
    return z / 0x1_0000_0000
  }
}
