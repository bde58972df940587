/**
 * `npm run bench`: runs the benchmark scenarios against our relay, the reference y-websocket
 * server and Hocuspocus, each in its own process with the load in another, alternating the order
 * of servers from run to run. Writes every measurement to `OUT/results.json`, the median tables to
 * `OUT/summary.md`, and (with the sweep) the SVG chart. See BENCHMARKS.md.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ServerKind } from './load/dialect.ts'
import { clusterTable, runClusterBench } from './clusterBench.ts'
import { pinnedKillTable } from './clusterPinnedKill.ts'
import { type BenchOptions, parseOptions, usage } from './options.ts'
import { type ChartSeries, latencyChart } from './report/latencyChart.ts'
import { markdownTable, runByRun } from './report/markdownTable.ts'
import { summarize } from './report/summarize.ts'
import { type Measurement, measure } from './suite.ts'

async function main(): Promise<void> {
  let options: BenchOptions | 'help'
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`)
    process.exit(2)
  }
  if (options === 'help') {
    process.stdout.write(usage)
    return
  }
  fs.mkdirSync(options.outDir, { recursive: true })
  const resultsFile = path.join(options.outDir, 'results.json')
  const measurements: Measurement[] = []
  const started = Date.now()

  for (const scenario of options.scenarios.filter((name) => name !== 'cluster')) {
    const labels = scenario === 'sweep' ? options.sizes.map((size) => `sweep-${size}`) : [scenario]
    const runs = scenario === 'storage' ? options.storageRuns : options.runs
    for (const label of labels) {
      for (let run = 0; run < runs; run++) {
        for (const kind of rotate(options.servers, run)) {
          const measurement = await measureOne(label, kind, run, options)
          measurements.push(measurement)
          fs.writeFileSync(resultsFile, JSON.stringify({ machine: machine(), options, measurements }, null, 2))
        }
      }
    }
  }

  if (options.scenarios.includes('cluster')) {
    const cluster = await runClusterBench(options)
    const spread = cluster.filter((m) => !m.label.includes(' pinned, '))
    const pinned = pinnedKillTable(cluster)
    const table = [
      ...(spread.length > 0 ? [`### cluster (median of ${options.runs} run${options.runs === 1 ? '' : 's'})\n\n${clusterTable(spread)}\n`] : []),
      ...(pinned ? [`### cluster, pinned rooms killed (run by run)\n\n${pinned}\n`] : []),
    ].join('\n')
    fs.writeFileSync(path.join(options.outDir, 'cluster.md'), table)
    process.stdout.write(`\n${table}\n`)
    if (measurements.length === 0) return
  }

  const summaries = summarize(measurements)
  const markdown = summaries
    .map((summary) => {
      const spread = runByRun(summary)
      return `### ${summary.label} (median of ${summary.runs} run${summary.runs === 1 ? '' : 's'})\n\n${markdownTable(summary)}\n${spread ? `\n${spread}\n` : ''}`
    })
    .join('\n')
  fs.writeFileSync(path.join(options.outDir, 'summary.md'), markdown)
  process.stdout.write(`\n${markdown}\n`)
  if (options.scenarios.includes('sweep')) writeChart(summaries, options)
  process.stdout.write(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min; results in ${resultsFile}\n`)
}

async function measureOne(label: string, kind: ServerKind, run: number, options: BenchOptions): Promise<Measurement> {
  const began = Date.now()
  process.stdout.write(`${label} run ${run + 1} ${kind} … `)
  try {
    const metrics = await measure(label, kind, options)
    process.stdout.write(`${brief(metrics)} (${((Date.now() - began) / 1000).toFixed(0)} s)\n`)
    return { label, kind, run, metrics }
  } catch (error) {
    process.stdout.write(`FAILED: ${(error as Error).message}\n`)
    return { label, kind, run, metrics: {}, error: (error as Error).stack ?? String(error) }
  }
}

function writeChart(summaries: ReturnType<typeof summarize>, options: BenchOptions): void {
  const series: ChartSeries[] = options.servers.map((kind) => ({
    kind,
    points: options.sizes.flatMap((size) => {
      const figures = summaries.find((s) => s.label === `sweep-${size}`)?.medians[kind]
      return figures ? [{ size, p99Ms: figures.p99Ms, censored: figures.delivered < 0.99 }] : []
    }),
  }))
  fs.mkdirSync(path.dirname(options.chartFile), { recursive: true })
  fs.writeFileSync(options.chartFile, latencyChart(series, options.sizes, 'p99 keystroke latency by room size'))
  process.stdout.write(`chart written to ${options.chartFile}\n`)
}

/** The servers in an order that moves one step each run, so none always runs first. */
function rotate<T>(items: T[], by: number): T[] {
  const shift = by % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}

function brief(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .slice(0, 6)
    .map(([key, value]) => `${key}=${typeof value !== 'number' ? '–' : Number.isInteger(value) ? value : value.toFixed(2)}`)
    .join(' ')
}

function machine(): Record<string, string | number> {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg()[0],
  }
}

await main()
