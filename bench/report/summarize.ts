import type { ServerKind } from '../load/dialect.ts'
import { median } from '../stats/summary.ts'
import type { Measurement } from '../suite.ts'

/** Medians over runs of one label's figures, per server, and ours/anchor ratios per figure. */
export interface LabelSummary {
  label: string
  runs: number
  medians: Partial<Record<ServerKind, Record<string, number>>>
  /** Each figure's value in every run, in run order, per server: the spread the medians hide. */
  perRun: Partial<Record<ServerKind, Record<string, number[]>>>
  /** Median over runs of ours/anchor for each figure, paired run by run. */
  ratios: Partial<Record<Exclude<ServerKind, 'ours'>, Record<string, number>>>
}

/** Groups measurements by label and takes medians (and run-paired ratios against ours). */
export function summarize(measurements: Measurement[]): LabelSummary[] {
  const labels = [...new Set(measurements.map((m) => m.label))]
  return labels.map((label) => {
    const mine = measurements.filter((m) => m.label === label && !m.error)
    const kinds = [...new Set(mine.map((m) => m.kind))]
    const medians: LabelSummary['medians'] = {}
    const perRun: LabelSummary['perRun'] = {}
    for (const kind of kinds) {
      const records = mine.filter((m) => m.kind === kind).sort((a, b) => a.run - b.run).map((m) => m.metrics)
      const keys = [...new Set(records.flatMap((record) => Object.keys(record)))]
      const runs = (perRun[kind] = Object.fromEntries(keys.map((key) => [key, records.map((record) => record[key])])))
      medians[kind] = Object.fromEntries(Object.entries(runs).map(([key, values]) => [key, median(values)]))
    }
    const ratios: LabelSummary['ratios'] = {}
    for (const anchor of kinds) {
      if (anchor === 'ours') continue
      const pairs = new Map<string, number[]>()
      for (const ours of mine.filter((m) => m.kind === 'ours')) {
        const other = mine.find((m) => m.kind === anchor && m.run === ours.run)
        if (!other) continue
        for (const [key, value] of Object.entries(ours.metrics)) {
          const ratio = value / other.metrics[key]
          if (!pairs.has(key)) pairs.set(key, [])
          pairs.get(key)!.push(ratio)
        }
      }
      ratios[anchor] = Object.fromEntries([...pairs].map(([key, values]) => [key, median(values)]))
    }
    return { label, runs: new Set(mine.map((m) => m.run)).size, medians, perRun, ratios }
  })
}
