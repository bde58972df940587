import { h } from '../../ui/h.ts'
import type { ReplicaSummary } from '../live/replicaSummary.ts'
import { replicaNames, type ReplicaName } from '../model/cast.ts'
import './replicaPills.css'

/** A compact line of the three replicas (online or not, edits unseen), for the pinned stage. */
export interface ReplicaPills {
  readonly element: HTMLElement
  update(summaries: Readonly<Record<ReplicaName, ReplicaSummary>>): void
}

/** Builds the pills; shown on narrow screens, where the three columns do not fit at once. */
export function createReplicaPills(): ReplicaPills {
  const pills = replicaNames.map((name) => {
    const state = h('span', { class: 'pill-state' })
    const element = h('span', { class: 'replica-pill', 'data-who': name }, h('b', {}, name), state)
    return { element, state }
  })
  return {
    element: h('div', { class: 'replica-pills' }, ...pills.map((p) => p.element)),
    update(summaries) {
      for (const [i, name] of replicaNames.entries()) {
        const summary = summaries[name]
        const unseen = summary.unseen.length
        pills[i].element.dataset.online = String(summary.online)
        pills[i].state.textContent = `${summary.online ? 'online' : 'offline'}${unseen > 0 ? ` · ${unseen} unseen` : ''}`
      }
    },
  }
}
