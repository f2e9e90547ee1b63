/**
 * Where a load error points in its file, when the error says (esbuild's syntax errors do).
 */
export const loadErrorPosition = (
  error: unknown,
): { readonly line: number; readonly column: number } | undefined => {
  const errors = (error as { errors?: unknown })?.errors
  if (Array.isArray(errors)) {
    const location = (errors[0] as { location?: { line?: unknown; column?: unknown } })?.location
    if (typeof location?.line === 'number' && typeof location.column === 'number') {
      return { line: location.line, column: location.column + 1 }
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  const match = /:(\d+):(\d+):? (?:ERROR|error)/.exec(message)
  if (match) return { line: Number(match[1]), column: Number(match[2]) + 1 }
  return undefined
}

/** A load error's message, first lines only (no stack). */
export const loadErrorMessage = (error: unknown): string => {
  const errors = (error as { errors?: unknown })?.errors
  if (Array.isArray(errors) && typeof (errors[0] as { text?: unknown })?.text === 'string') {
    return (errors[0] as { text: string }).text
  }
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n').slice(0, 3).join(' ').trim()
}

/** What to do about a load error, by its code. */
export const loadErrorFix = (error: unknown): string => {
  const code = (error as { code?: unknown })?.code
  if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'ERR_REQUIRE_ESM') {
    return 'The file was loaded as CommonJS, but @redstore packages are ESM only: add "type": "module" to the nearest package.json, or name the file .mts.'
  }
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return 'Install the package it imports, or correct the import path (a local TypeScript module is imported with a .js extension).'
  }
  return 'Correct the module so that it imports without throwing.'
}
