import { h } from '../ui/h.ts'
import { replicaColors, replicaTints, type ReplicaName } from './cast.ts'
import { describeOp } from './describeOp.ts'
import type { Link } from './replica.ts'
import type { ReplicaSummary } from './replicaSummary.ts'
import { formatBytes } from './traffic.ts'

/** A replica's column: header with the online switch, its editor, unseen edits and internals. */
export interface ReplicaCard {
  readonly element: HTMLElement
  /** Where the replica's editor goes. */
  readonly editorParent: HTMLElement
  update(summary: ReplicaSummary, nameOf: (client: number) => string): void
}

/** How many log entries a card lists, newest first. */
const logLength = 12

const linkLabels: Record<Link, string> = {
  offline: 'Offline: edits stay here',
  connecting: 'Connecting…',
  syncing: 'Merging…',
  synced: 'Online, in sync with the relay',
}

/**
 * Builds the card of replica `name`; flipping its switch calls `onOnline`. `showInternals` opens
 * the internals panel from the start.
 */
export function createReplicaCard(name: ReplicaName, onOnline: (online: boolean) => void, showInternals: boolean): ReplicaCard {
  const toggle = h('input', { type: 'checkbox', role: 'switch', class: 'demo-switch-input', checked: true, 'aria-label': `${name} online`, 'data-testid': `online-${name}` })
  toggle.addEventListener('change', () => onOnline(toggle.checked))
  const linkLabel = h('span', { class: 'replica-link-label', 'data-testid': `link-${name}` })
  const editorParent = h('div', { class: 'replica-editor', 'data-testid': `editor-${name}` })
  const unseenCount = h('span', { class: 'unseen-count', 'data-testid': `unseen-count-${name}` }, '0')
  const unseenLabel = h('span', {}, 'edits not yet seen by the others')
  const unseenList = h('ul', { class: 'unseen-list' })
  const vector = h('ul', { class: 'vector', 'data-testid': `vector-${name}` })
  const traffic = h('p', { class: 'traffic', 'data-testid': `traffic-${name}` })
  const log = h('ol', { class: 'oplog', 'data-testid': `log-${name}` })

  const element = h(
    'article',
    { class: 'replica', 'data-replica': name, style: `--who: ${replicaColors[name]}; --who-tint: ${replicaTints[name]}` },
    h(
      'header',
      { class: 'replica-head' },
      h('span', { class: 'replica-avatar', 'aria-hidden': 'true' }, name[0]),
      h('div', { class: 'replica-title' }, h('h2', {}, name), linkLabel),
      h('label', { class: 'demo-switch', title: 'Connected to the relay' }, toggle, h('span', { class: 'demo-switch-track' }), h('span', { class: 'demo-switch-text' }, 'Online')),
    ),
    editorParent,
    h(
      'section',
      { class: 'unseen' },
      h('h3', {}, unseenCount, ' ', unseenLabel),
      unseenList,
    ),
    h(
      'details',
      { class: 'internals', open: showInternals },
      h('summary', {}, 'Internals'),
      h('div', { class: 'internals-row' }, h('h4', {}, 'State vector ', h('small', {}, '· characters received from each writer')), vector),
      h('div', { class: 'internals-row' }, h('h4', {}, 'Traffic ', h('small', {}, '· WebSocket frames to and from the relay')), traffic),
      h('div', { class: 'internals-row internals-log' }, h('h4', {}, 'Local edits ', h('small', {}, '· newest first, with ids')), log),
    ),
  )

  return {
    element,
    editorParent,
    update(summary, nameOf) {
      element.dataset.link = summary.link
      toggle.checked = summary.online
      linkLabel.textContent = linkLabels[summary.link]
      unseenCount.textContent = String(summary.unseen.length)
      unseenLabel.textContent = summary.unseen.length === 1 ? 'edit not yet seen by the others' : 'edits not yet seen by the others'
      unseenList.replaceChildren(
        ...summary.unseen.map(({ op, missingAt }) =>
          h('li', {}, h('span', { class: 'op-what' }, describeOp(op, nameOf).what), h('span', { class: 'op-missing' }, `missing at ${missingAt.join(', ')}`)),
        ),
      )
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
