import { h } from '../../ui/h.ts'
import type { ReplicaSummary } from '../live/replicaSummary.ts'
import { formatBytes } from '../live/traffic.ts'
import type { ReplicaName } from '../model/cast.ts'
import { describeOp } from '../model/describeOp.ts'
import './internals.css'

/** A replica's internals: its state vector, its traffic, and its local edits with their Yjs ids. */
export interface Internals {
  readonly element: HTMLElement
  update(summary: ReplicaSummary, nameOf: (client: number) => string): void
}

/** How many log entries the panel lists, newest first. */
const logLength = 12

/** Builds the internals panel of replica `name`, a `<details>` that starts open if `open`. */
export function createInternals(name: ReplicaName, open: boolean): Internals {
  const vector = h('ul', { class: 'vector', 'data-testid': `vector-${name}` })
  const traffic = h('p', { class: 'traffic', 'data-testid': `traffic-${name}` })
  const log = h('ol', { class: 'op-list oplog', 'data-testid': `log-${name}` })
  const element = h(
    'details',
    { class: 'internals', open },
    h('summary', {}, 'Internals'),
    h('div', { class: 'internals-row' }, h('h4', {}, 'State vector ', h('small', {}, '· characters received from each writer')), vector),
    h('div', { class: 'internals-row' }, h('h4', {}, 'Traffic ', h('small', {}, '· WebSocket frames to and from the relay')), traffic),
    h('div', { class: 'internals-row internals-log' }, h('h4', {}, 'Local edits ', h('small', {}, '· newest first, with ids')), log),
  )
  return {
    element,
    update(summary, nameOf) {
      vector.replaceChildren(
        ...summary.vector.map((entry) =>
          h('li', { class: entry.ahead ? 'ahead' : '', title: entry.ahead ? 'Ahead of another replica' : '' }, h('span', {}, entry.name), h('b', {}, entry.clock)),
        ),
      )
      const t = summary.traffic
      traffic.textContent = `↑ ${formatBytes(t.sentBytes)} in ${t.sentFrames} frames · ↓ ${formatBytes(t.receivedBytes)} in ${t.receivedFrames}`
      log.replaceChildren(
        ...summary.log
          .slice(-logLength)
          .reverse()
          .map((op) => {
            const d = describeOp(op, nameOf)
            return h('li', { class: `op-${op.kind}` }, h('span', { class: 'op-what' }, d.what), h('code', {}, d.ids), d.origin ? h('span', { class: 'op-origin' }, d.origin) : null)
          }),
      )
      if (summary.log.length === 0) log.append(h('li', { class: 'empty' }, 'None yet. Type in the editor above.'))
    },
  }
}
