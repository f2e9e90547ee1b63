/**
 * `@example/e2e`: what the end-to-end property tests share: a harness (one emulator and one
 * Data API client), arbitraries of hostile text, names, typed values and limits, the known
 * emulator gaps kept out of the properties, and the in-memory model of upsert semantics.
 *
 * @example
 * ```ts
 * import { startHarness, hostileText, propertyParameters } from '@example/e2e'
 * ```
 */
export * from './arbitraries/hostileText.js'
export * from './arbitraries/identifierName.js'
export * from './arbitraries/keySpellings.js'
export * from './arbitraries/limitCases.js'
export * from './arbitraries/temporalSamples.js'
export * from './arbitraries/typedCases.js'
export * from './arbitraries/upsertLoads.js'
export * from './E2eHarness.js'
export * from './knownGaps.js'
export * from './propertyParameters.js'
export * from './UpsertModel.js'
export * from './utf8.js'
