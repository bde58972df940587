import type { HistoryBundle } from '../../shared/history/historyBundle.ts'
import { firstAtLeast, historyPoints } from '../../shared/history/historyPoints.ts'
import { runsAtPoints } from '../../shared/history/pointRuns.ts'
import type { VersionInfo } from '../../shared/history/versionInfo.ts'
import type { DocHistory } from './docHistory.ts'

/**
 * The history bundle the editor's History panel reads (see `historyBundle.ts`), as of
 * `history.seq`: the timeslider's points as of `madeAt`, and the run table as seen from those
 * points. With `awaySince` (relay clock), also a stop at the last change stored before then, or
 * before the first change that inserted what `awayState` (the tab's state vector when it left)
 * lacks, whichever comes first: a time reaches the relay late by the request's own delay, so
 * edits made within that delay of the tab's leaving would otherwise count as seen.
 */
export function bundleOf(history: DocHistory, versions: VersionInfo[], madeAt: number, awaySince: number | null = null, awayState: Map<number, number> | null = null): HistoryBundle {
  const { names, changes } = history
  const clients = new Map<number, number>()
  for (const [client, author] of history.clientAuthors()) clients.set(client, names.indexOf(author))
  const unseen = awaySince === null || awayState === null ? null : history.firstUnseen(awayState)
  const byTime = awaySince === null ? -1 : firstAtLeast(changes.at, awaySince) - 1
  const before = unseen === null ? byTime : Math.min(byTime, firstAtLeast(changes.seq, unseen) - 1)
  const awaySeq = awaySince === null ? null : before >= 0 ? changes.seq[before] : 0
  const points = historyPoints(changes, versions, madeAt, awaySeq ? [awaySeq] : [])
  return {
    head: history.seq,
    madeAt,
    names: [...names],
    points,
    awaySeq,
    runs: runsAtPoints(history.runTable(), [0, ...points.map((p) => p.seq).filter((seq) => seq > 0)]),
    clients,
  }
}
