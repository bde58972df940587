import { type VersionInfo, changeVersionId } from './versionInfo.ts'

/** One stop of the timeslider: a version, or (recent enough) one stored change. */
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

/** A document's stored changes, oldest first: change `i`'s authors are `by[byStart[i]]` up to `by[byStart[i + 1]]`. */
export interface ChangeColumns {
  seq: ArrayLike<number>
  at: ArrayLike<number>
  byStart: ArrayLike<number>
  by: ArrayLike<number>
}

/** How far back the timeslider stops at every stored change, not only at versions. */
export const everyChangeWithinMs = 3600_000

/**
 * At most this many of those recent changes are stops (the latest ones): a slider of more
 * keystrokes than it has pixels shows nothing more, and every stop costs the panel runs to carry.
 */
export const everyChangeLimit = 1000

/**
 * The timeslider's stops, oldest first: every version; every change stored within
 * {@link everyChangeWithinMs} of `now`, the latest {@link everyChangeLimit} of them; the head; and
 * the changes `stops` names by sequence number (where a comparison must start). One stop per
 * sequence number (a version wins over a change). Each carries the authors of the changes since
 * the stop before.
 */
export function historyPoints(changes: ChangeColumns, versions: readonly VersionInfo[], now: number, stops: readonly number[] = []): HistoryPoint[] {
  const { seq, at } = changes
  const bySeq = new Map<number, Omit<HistoryPoint, 'authors'>>()
  const change = (i: number) => bySeq.set(seq[i], { id: changeVersionId(seq[i]), seq: seq[i], at: at[i], label: null, kind: 'change' })
  for (let i = seq.length - 1, taken = 0; i >= 0 && taken < everyChangeLimit && now - at[i] <= everyChangeWithinMs; i--, taken++) change(i)
  if (seq.length > 0) change(seq.length - 1)
  for (const stop of stops) {
    const i = firstAtLeast(seq, stop)
    if (seq[i] === stop) change(i)
  }
  for (const v of versions) {
    const existing = bySeq.get(v.seq)
    if (existing && existing.kind !== 'change' && v.kind === 'auto') continue
    bySeq.set(v.seq, { id: v.id, seq: v.seq, at: Date.parse(v.at), label: v.label ?? null, kind: v.kind })
  }
  const points = [...bySeq.values()].sort((a, b) => a.seq - b.seq)
  let next = 0
  return points.map((point) => {
    const authors = new Set<number>()
    for (; next < seq.length && seq[next] <= point.seq; next++) {
      for (let k = changes.byStart[next]; k < changes.byStart[next + 1]; k++) authors.add(changes.by[k])
    }
    return { ...point, authors: [...authors] }
  })
}

/** The first index of ascending `values` whose value is at least `value`; `values.length` when none. */
export function firstAtLeast(values: ArrayLike<number>, value: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (values[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
