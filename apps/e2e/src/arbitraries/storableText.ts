import type fc from 'fast-check'
import { readsBackWrong } from '../knownGaps.js'
import { hostileText } from './hostileText.js'

/**
 * `hostileText` without the inputs the emulator is known to read back wrong (see
 * `readsBackWrong`): what a round trip through a result set must return unchanged.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(storableText(), roundTrip))
 * ```
 */
export const storableText = (maxParts = 12): fc.Arbitrary<string> =>
  hostileText(maxParts).filter((text) => !readsBackWrong(text))
