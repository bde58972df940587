/** When automatic versions fall and how long they are kept; see {@link autoVersionPoints}. */
export interface AutoVersionPolicy {
  /** A version after this long without edits (30 s). */
  quietMs: number
  /** A version every this long while editing goes on without such a pause (5 min). */
  continuousMs: number
  /** Every automatic version younger than this is listed (24 h)… */
  keepAllMs: number
  /** …then the last of each hour, up to this age (30 days); then the last of each day. */
  hourlyMs: number
}

export const defaultAutoVersionPolicy: AutoVersionPolicy = {
  quietMs: 30_000,
  continuousMs: 5 * 60_000,
  keepAllMs: 24 * 3600_000,
  hourlyMs: 30 * 24 * 3600_000,
}

const hour = 3600_000
const day = 24 * hour

/**
 * Where automatic versions fall in a document's changes (given each change's time, oldest first;
 * 0 for changes stored before history recorded times), as indexes of the change each version ends
 * with: after a change followed by `quietMs` without edits (the last change counts once `now` is
 * that far past it), and at the first change `continuousMs` or more after the editing since the
 * last version began. Retention thins older ones: all of those younger than `keepAllMs` are kept,
 * then the last of each clock hour up to `hourlyMs`, then the last of each day (UTC). Nothing is
 * stored for them: they are read from the change times, so thinning deletes nothing.
 */
export function autoVersionPoints(at: readonly number[], now: number, policy: AutoVersionPolicy = defaultAutoVersionPolicy): number[] {
  const points: number[] = []
  let began: number | null = null
  for (let i = 0; i < at.length; i++) {
    if (at[i] === 0) continue
    began ??= at[i]
    const next = i + 1 < at.length ? at[i + 1] : now
    if (next - at[i] >= policy.quietMs || at[i] - began >= policy.continuousMs) {
      points.push(i)
      began = null
    }
  }
  const bucket = (time: number) => {
    const age = now - time
    if (age < policy.keepAllMs) return null
    return age < policy.hourlyMs ? `h${Math.floor(time / hour)}` : `d${Math.floor(time / day)}`
  }
  return points.filter((point, k) => {
    const own = bucket(at[point])
    return own === null || k + 1 === points.length || bucket(at[points[k + 1]]) !== own
  })
}
