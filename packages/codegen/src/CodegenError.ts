import { TaggedError } from '@redstore/errors'

/**
 * A failure of the command itself (not of a schema file, which gets diagnostics): a bad
 * flag, a table `pull` cannot read. Its message says what happened and what to do. Branch on
 * `_tag`, never `instanceof`.
 *
 * @example
 * ```ts
 * throw new CodegenError({ what: '--table is missing', fix: 'Write --table <schema>.<name>' })
 * ```
 */
export class CodegenError extends TaggedError(
  'CodegenError',
  (f: { readonly what: string; readonly fix: string }) => `${f.what}. Fix: ${f.fix}.`,
) {}

/**
 * True when `error` is a `CodegenError` (checked by tag).
 *
 * @example
 * ```ts
 * if (isCodegenError(error)) console.error(error.message)
 * ```
 */
export const isCodegenError = (error: unknown): error is CodegenError => CodegenError.is(error)
