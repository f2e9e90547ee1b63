import type { UpsertCase, UpsertPath } from './upsertBench.js'

/** One line of the chart: rows/s at each row count. */
export interface ChartSeries {
  readonly label: string
  readonly color: string
  readonly points: ReadonlyArray<{ readonly rows: number; readonly rowsPerSecond: number }>
}

const labels: Record<UpsertPath, string> = {
  insert: 'redstore, INSERT path (best concurrency)',
  copy: 'redstore, COPY path (S3)',
  'replaced-connector': 'replaced connector',
}

const colors: Record<UpsertPath, string> = {
  insert: '#1f77b4',
  copy: '#2ca02c',
  'replaced-connector': '#d62728',
}

/** The chart's series: per path and row count, the fastest run that landed every row. */
export const chartSeries = (cases: ReadonlyArray<UpsertCase>): ReadonlyArray<ChartSeries> =>
  (['insert', 'copy', 'replaced-connector'] as const).flatMap((path) => {
    const best = new Map<number, number>()
    for (const c of cases) {
      if (c.path !== path || c.failure !== null || c.rowsPerSecond <= 0) continue
      best.set(c.rows, Math.max(best.get(c.rows) ?? 0, c.rowsPerSecond))
    }
    if (best.size === 0) return []
    const points = [...best.entries()]
      .sort(([a], [b]) => a - b)
      .map(([rows, rowsPerSecond]) => ({ rows, rowsPerSecond }))
    return [{ label: labels[path], color: colors[path], points }]
  })

const xmlText = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

const decades = (low: number, high: number): ReadonlyArray<number> => {
  const ticks: Array<number> = []
  for (let e = Math.floor(Math.log10(low)); e <= Math.ceil(Math.log10(high)); e++)
    ticks.push(10 ** e)
  return ticks
}

const short = (n: number): string =>
  n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n)

/**
 * An SVG line chart of rows per second against rows, both on log scales, one line per series.
 *
 * @example
 * ```ts
 * await writeFile('results/upsert.svg', upsertChart(chartSeries(report.cases), 'subtitle'))
 * ```
 */
export const upsertChart = (series: ReadonlyArray<ChartSeries>, subtitle: string): string => {
  const width = 760
  const height = 440
  const margin = { left: 80, right: 24, top: 64, bottom: 120 }
  const all = series.flatMap((s) => s.points)
  const xs = decades(
    Math.min(...all.map((p) => p.rows), 1000),
    Math.max(...all.map((p) => p.rows), 10000),
  )
  const ys = decades(
    Math.min(...all.map((p) => p.rowsPerSecond), 10),
    Math.max(...all.map((p) => p.rowsPerSecond), 1000),
  )
  const [x0, x1] = [xs[0] ?? 1, xs.at(-1) ?? 10]
  const [y0, y1] = [ys[0] ?? 1, ys.at(-1) ?? 10]
  const plotW = width - margin.left - margin.right
  const plotH = height - margin.top - margin.bottom
  const x = (v: number) =>
    margin.left + ((Math.log10(v) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * plotW
  const y = (v: number) =>
    margin.top +
    plotH -
    ((Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * plotH
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>Upsert throughput: rows per second against rows (${xmlText(subtitle)})</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">Upsert throughput: rows per second against rows</text>`,
    `<text x="${width / 2}" y="44" text-anchor="middle" fill="#555">${xmlText(subtitle)}</text>`,
  ]
  for (const tick of xs) {
    out.push(
      `<line x1="${x(tick)}" y1="${margin.top}" x2="${x(tick)}" y2="${margin.top + plotH}" stroke="#e5e5e5"/>`,
      `<text x="${x(tick)}" y="${margin.top + plotH + 18}" text-anchor="middle">${short(tick)}</text>`,
    )
  }
  for (const tick of ys) {
    out.push(
      `<line x1="${margin.left}" y1="${y(tick)}" x2="${margin.left + plotW}" y2="${y(tick)}" stroke="#e5e5e5"/>`,
      `<text x="${margin.left - 8}" y="${y(tick) + 4}" text-anchor="end">${short(tick)}</text>`,
    )
  }
  out.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
    `<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 40}" text-anchor="middle">rows upserted (half updates), log scale</text>`,
    `<text transform="translate(20 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">rows per second, log scale</text>`,
  )
  series.forEach((s, i) => {
    const path = s.points.map(
      (p, j) => `${j === 0 ? 'M' : 'L'}${x(p.rows).toFixed(1)},${y(p.rowsPerSecond).toFixed(1)}`,
    )
    out.push(`<path d="${path.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2.5"/>`)
    for (const p of s.points) {
      out.push(
        `<circle cx="${x(p.rows).toFixed(1)}" cy="${y(p.rowsPerSecond).toFixed(1)}" r="4" fill="${s.color}"/>`,
        // The rightmost points are labelled on their left, inside the plot.
        x(p.rows) > margin.left + plotW * 0.9
          ? `<text x="${(x(p.rows) - 6).toFixed(1)}" y="${(y(p.rowsPerSecond) - 6).toFixed(1)}" text-anchor="end" fill="${s.color}">${p.rowsPerSecond.toLocaleString('en-US')}</text>`
          : `<text x="${(x(p.rows) + 6).toFixed(1)}" y="${(y(p.rowsPerSecond) - 6).toFixed(1)}" fill="${s.color}">${p.rowsPerSecond.toLocaleString('en-US')}</text>`,
      )
    }
    const ly = height - margin.bottom + 64 + i * 18
    out.push(
      `<line x1="${margin.left}" y1="${ly - 4}" x2="${margin.left + 24}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.5"/>`,
      `<text x="${margin.left + 32}" y="${ly}">${xmlText(s.label)}</text>`,
    )
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
