import type { HistoryBundle } from '../../shared/history/historyBundle.ts'
import { changeVersionId } from '../../shared/history/versionInfo.ts'

/** One stop of the timeslider: a version, or (within the last hour) any stored change. */
export interface HistoryPoint {
  /** The id the API takes for it (`c<seq>` for a change). */
  id: string
  seq: number
  /** Milliseconds since the epoch. */
  at: number
  label: string | null
  kind: 'auto' | 'named' | 'restore' | 'change'
  /** Author indexes of the changes since the point before. */
  authors: number[]
}

/** How far back the timeslider stops at every stored change, not only at versions. */
export const everyChangeWithinMs = 3600_000

/**
 * The timeslider's stops, oldest first: every version, plus every change stored within
 * {@link everyChangeWithinMs} of the bundle's making, and the head; one stop per sequence number
 * (a version wins over a change). Each carries the authors of the changes since the stop before.
 */
export function historyPoints(bundle: HistoryBundle): HistoryPoint[] {
  const bySeq = new Map<number, Omit<HistoryPoint, 'authors'>>()
  const { seq, at } = bundle.changes
  for (let i = 0; i < seq.length; i++) {
    if (bundle.madeAt - at[i] <= everyChangeWithinMs || i === seq.length - 1) {
      bySeq.set(seq[i], { id: changeVersionId(seq[i]), seq: seq[i], at: at[i], label: null, kind: 'change' })
    }
  }
  for (const v of bundle.versions) {
    const existing = bySeq.get(v.seq)
    if (existing && existing.kind !== 'change' && v.kind === 'auto') continue
    bySeq.set(v.seq, { id: v.id, seq: v.seq, at: Date.parse(v.at), label: v.label ?? null, kind: v.kind })
  }
  const points = [...bySeq.values()].sort((a, b) => a.seq - b.seq)
  let change = 0
  return points.map((point) => {
    const authors = new Set<number>()
    for (; change < seq.length && seq[change] <= point.seq; change++) {
      for (let k = bundle.changes.byStart[change]; k < bundle.changes.byStart[change + 1]; k++) authors.add(bundle.changes.by[k])
    }
    return { ...point, authors: [...authors] }
  })
}
