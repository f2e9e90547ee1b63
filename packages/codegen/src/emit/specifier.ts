import { posix } from 'node:path'

const extensions: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.tsx?$/, '.js'],
  [/\.mts$/, '.mjs'],
  [/\.cts$/, '.cjs'],
]

/**
 * The specifier a module at `from` imports `to` with, both relative to the project root:
 * relative, `/` separators, and the extension Node ESM resolves (`.ts` -> `.js`, `.mts` ->
 * `.mjs`; `.json` and `.js` kept), so it works under tsc's NodeNext, tsx and plain Node.
 *
 * @example
 * ```ts
 * moduleSpecifier('src/generated/orders.ts', 'src/schema/orders.ts') // '../schema/orders.js'
 * ```
 */
export const moduleSpecifier = (from: string, to: string): string => {
  let relative = posix.relative(posix.dirname(from), to)
  if (!relative.startsWith('.')) relative = `./${relative}`
  for (const [pattern, extension] of extensions) {
    if (pattern.test(relative)) return relative.replace(pattern, extension)
  }
  return relative
}
