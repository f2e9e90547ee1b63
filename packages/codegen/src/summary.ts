import type { GenerateResult } from './generate.js'

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * The one line every run ends with: tables, files written, unchanged and removed (or with
 * `check`: stale, missing, orphaned and up to date), errors and warnings, and the time taken.
 *
 * @example
 * ```ts
 * formatSummary(result) // 'redstore-codegen: 3 tables, 2 files written, 4 unchanged (120 ms)'
 * ```
 */
export const formatSummary = (result: GenerateResult): string => {
  const name = result.check ? 'redstore-codegen --check' : 'redstore-codegen'
  const time = `(${Math.round(result.durationMs)} ms)`
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length
  const warnings = result.diagnostics.length - errors
  const count = (status: string) => result.files.filter((f) => f.status === status).length
  const parts = [plural(result.tables.length, 'table')]
  if (errors > 0) {
    parts.push(plural(errors, 'error'))
    if (warnings > 0) parts.push(plural(warnings, 'warning'))
    return `${name}: ${parts.join(', ')}; nothing ${result.check ? 'checked' : 'written'} ${time}`
  }
  if (result.check) {
    for (const status of ['stale', 'missing', 'orphaned']) {
      if (count(status) > 0) parts.push(`${count(status)} ${status}`)
    }
    parts.push(`${count('unchanged')} up to date`)
  } else {
    parts.push(`${plural(count('written'), 'file')} written`, `${count('unchanged')} unchanged`)
    if (count('removed') > 0) parts.push(`${count('removed')} removed`)
  }
  if (warnings > 0) parts.push(plural(warnings, 'warning'))
  const advice = result.check && !result.ok ? '; run redstore-codegen to update them' : ''
  return `${name}: ${parts.join(', ')}${advice} ${time}`
}
