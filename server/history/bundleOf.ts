import type { HistoryBundle } from '../../shared/history/historyBundle.ts'
import type { VersionInfo } from '../../shared/history/versionInfo.ts'
import type { DocHistory } from './docHistory.ts'

/** The history bundle the editor's History panel reads (see `historyBundle.ts`), as of `history.seq`. */
export function bundleOf(history: DocHistory, versions: VersionInfo[], madeAt: number): HistoryBundle {
  const { changes, names } = history
  const clients = new Map<number, number>()
  for (const [client, author] of history.clientAuthors()) clients.set(client, names.indexOf(author))
  return {
    head: history.seq,
    madeAt,
    names: [...names],
    changes: {
      seq: Uint32Array.from(changes.seq),
      at: Float64Array.from(changes.at),
      byStart: Uint32Array.from(changes.byStart),
      by: Uint32Array.from(changes.by),
    },
    versions,
    runs: history.runTable(),
    clients,
  }
}
