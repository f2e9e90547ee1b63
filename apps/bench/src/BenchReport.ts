import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where a run happened, recorded with every report so numbers can be compared honestly. */
export interface Machine {
  readonly node: string
  readonly platform: string
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
}

/**
 * One benchmark's report: its name, when and where it ran, and one record per measured case.
 *
 * @example
 * ```ts
 * const report: BenchReport<{ rows: number }> = { name: 'planner', startedAt: '...', machine: machine(), command: 'pnpm bench', cases: [{ rows: 10 }] }
 * ```
 */
export interface BenchReport<Case> {
  readonly name: string
  readonly startedAt: string
  readonly machine: Machine
  readonly command: string
  readonly cases: ReadonlyArray<Case>
}

/**
 * The machine this process runs on.
 *
 * @example
 * ```ts
 * machine().cores // 2
 * ```
 */
export const machine = (): Machine => {
  const all = cpus()
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  }
}

/** The directory reports are written to: `apps/bench/results`. */
export const resultsDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')

/**
 * Writes `report` as `<directory>/<name>.json` and returns the path.
 *
 * @example
 * ```ts
 * await writeReport(report) // '.../apps/bench/results/planner.json'
 * ```
 */
export const writeReport = async (
  report: BenchReport<unknown>,
  directory: string = resultsDirectory,
): Promise<string> => {
  await mkdir(directory, { recursive: true })
  const path = join(directory, `${report.name}.json`)
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`)
  return path
}

/** Rounds to `digits` decimals, for readable reports. */
export const round = (value: number, digits = 1): number => {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Bytes as MiB, one decimal. */
export const mib = (bytes: number): number => round(bytes / 2 ** 20, 1)

/**
 * A plain-text table: one header line, then one line per row, columns padded to fit.
 *
 * @example
 * ```ts
 * formatTable(['N', 'rows/s'], [[1000, 5200]])
 * ```
 */
export const formatTable = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string => {
  const cells = [header, ...rows.map((row) => row.map(String))]
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  )
  const line = (row: ReadonlyArray<string>) =>
    row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ')
  const rule = widths.map((width) => '-'.repeat(width)).join('  ')
  return [line(header), rule, ...cells.slice(1).map(line)].join('\n')
}
