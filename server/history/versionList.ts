import { type VersionInfo, autoVersionId } from '../../shared/history/versionInfo.ts'
import type { StoredVersion } from '../store/historyStore.ts'
import { type AutoVersionPolicy, autoVersionPoints, defaultAutoVersionPolicy } from './autoVersions.ts'
import type { DocHistory } from './docHistory.ts'

/**
 * Every version of a document, oldest first (by sequence number; at one number, automatic before
 * made): the automatic ones read from its change times (see `autoVersions.ts`) and those people
 * made, each with the authors of the changes since the version before it.
 */
export function listVersions(history: DocHistory, stored: readonly StoredVersion[], now: number, policy: AutoVersionPolicy = defaultAutoVersionPolicy): VersionInfo[] {
  const { seq, at } = history.changes
  const auto = autoVersionPoints(at, now, policy).map((i) => ({ seq: seq[i], at: at[i], id: autoVersionId(seq[i]), kind: 'auto' as const }))
  const made = stored.map((v) => ({ ...v, kind: v.kind }))
  const all = [...auto, ...made].sort((a, b) => a.seq - b.seq || Number(a.kind !== 'auto') - Number(b.kind !== 'auto') || a.at - b.at)
  let previous = 0
  return all.map((v) => {
    const info: VersionInfo = { id: v.id, at: new Date(v.at).toISOString(), authors: history.authorsBetween(previous, v.seq), seq: v.seq, kind: v.kind }
    previous = Math.max(previous, v.seq)
    if ('label' in v) {
      info.label = v.label
      if (v.by !== null) info.by = v.by
      if (v.restoredFrom !== null) info.restoredFrom = v.restoredFrom
    }
    return info
  })
}
