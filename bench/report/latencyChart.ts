import type { ServerKind } from '../load/dialect.ts'

/** One server's line: p99 latency (ms) at each room size, `censored` where it is a lower bound. */
export interface ChartSeries {
  kind: ServerKind
  points: { size: number; p99Ms: number; censored: boolean }[]
}

const colours: Record<ServerKind, string> = { ours: '#1f77b4', reference: '#d62728', hocuspocus: '#2ca02c', floor: '#7f7f7f' }
const width = 640
const height = 400
const margin = { left: 70, right: 150, top: 40, bottom: 55 }

/**
 * An SVG line chart of p99 latency against room size: room sizes evenly spaced on x, latency on a
 * log scale on y. Points that are lower bounds (deliveries still missing) are drawn hollow.
 */
export function latencyChart(series: ChartSeries[], sizes: number[], title: string): string {
  const values = series.flatMap((s) => s.points.map((p) => p.p99Ms)).filter((v) => v > 0 && Number.isFinite(v))
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values, 1))))
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 10))))
  const plotW = width - margin.left - margin.right
  const plotH = height - margin.top - margin.bottom
  const x = (size: number): number => margin.left + (sizes.length === 1 ? plotW / 2 : (sizes.indexOf(size) / (sizes.length - 1)) * plotW)
  const y = (ms: number): number => margin.top + plotH - ((Math.log10(ms) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH

  const parts: string[] = []
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`)
  parts.push(`<text x="${width / 2 - margin.right / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`)
  for (let decade = lo; decade <= hi; decade *= 10) {
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(decade)}" y2="${y(decade)}" stroke="#ddd"/>`)
    parts.push(`<text x="${margin.left - 8}" y="${y(decade) + 4}" text-anchor="end" font-size="12">${decade.toLocaleString('en-US')}</text>`)
  }
  for (const size of sizes) {
    parts.push(`<line x1="${x(size)}" x2="${x(size)}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#eee"/>`)
    parts.push(`<text x="${x(size)}" y="${margin.top + plotH + 18}" text-anchor="middle" font-size="12">${size}</text>`)
  }
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 12}" text-anchor="middle" font-size="13">peers in the room (each typing 2 characters/s)</text>`)
  parts.push(`<text transform="translate(18 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">p99 latency (ms, log scale)</text>`)
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`)
  series.forEach((s, index) => {
    const colour = colours[s.kind]
    const points = s.points.filter((p) => p.p99Ms > 0 && Number.isFinite(p.p99Ms))
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map((p) => `${x(p.size).toFixed(1)},${y(p.p99Ms).toFixed(1)}`).join(' ')}"/>`)
    for (const p of points) {
      parts.push(`<circle cx="${x(p.size).toFixed(1)}" cy="${y(p.p99Ms).toFixed(1)}" r="4" fill="${p.censored ? 'white' : colour}" stroke="${colour}" stroke-width="2"/>`)
    }
    const ly = margin.top + 12 + index * 22
    parts.push(`<line x1="${width - margin.right + 15}" x2="${width - margin.right + 40}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`)
    parts.push(`<text x="${width - margin.right + 46}" y="${ly + 4}" font-size="13">${s.kind}</text>`)
  })
  parts.push(`<text x="${width - margin.right + 15}" y="${margin.top + 12 + series.length * 22 + 6}" font-size="11" fill="#555">hollow: lower bound</text>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
}
