/**
 * `@example/e2e`: what the end-to-end property tests share: a harness (one emulator and one
 * Data API client), arbitraries of hostile text, names and typed values, and the in-memory
 * model of upsert semantics the emulator's table is compared with.
 *
 * @example
 * ```ts
 * import { startHarness, hostileText, propertyParameters } from '@example/e2e'
 * ```
 */
export * from './arbitraries/hostileText.js'
export * from './E2eHarness.js'
export * from './propertyParameters.js'
export * from './utf8.js'
