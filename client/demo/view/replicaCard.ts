import { h } from '../../ui/h.ts'
import { createSwitch } from '../../ui/switch.ts'
import type { Link } from '../live/replica.ts'
import type { ReplicaSummary } from '../live/replicaSummary.ts'
import type { ReplicaName } from '../model/cast.ts'
import { describeOp } from '../model/describeOp.ts'
import { createInternals } from './internals.ts'
import './replicaCard.css'

/** A replica's column: header with the online switch, its editor, unseen edits and internals. */
export interface ReplicaCard {
  readonly element: HTMLElement
  /** Where the replica's editor goes. */
  readonly editorParent: HTMLElement
  update(summary: ReplicaSummary, nameOf: (client: number) => string): void
}

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
  const online = createSwitch({
    label: 'Online',
    checked: true,
    tone: 'good',
    size: 'large',
    ariaLabel: `${name} online`,
    title: 'Connected to the relay',
    testId: `online-${name}`,
    onChange: onOnline,
  })
  const linkLabel = h('span', { class: 'replica-link-label', 'data-testid': `link-${name}` })
  const editorParent = h('div', { class: 'replica-editor', 'data-testid': `editor-${name}` })
  const unseenCount = h('span', { class: 'unseen-count', 'data-testid': `unseen-count-${name}` }, '0')
  const unseenLabel = h('span', {}, 'edits not yet seen by the others')
  const unseenList = h('ul', { class: 'op-list unseen-list' })
  const internals = createInternals(name, showInternals)

  const element = h(
    'article',
    { class: 'replica', 'data-replica': name, 'data-who': name },
    h(
      'header',
      { class: 'replica-head' },
      h('span', { class: 'replica-avatar', 'aria-hidden': 'true' }, name[0]),
      h('div', { class: 'replica-title' }, h('h2', {}, name), linkLabel),
      online.element,
    ),
    editorParent,
    h('section', { class: 'unseen' }, h('h3', {}, unseenCount, ' ', unseenLabel), unseenList),
    internals.element,
  )

  return {
    element,
    editorParent,
    update(summary, nameOf) {
      element.dataset.link = summary.link
      online.input.checked = summary.online
      linkLabel.textContent = linkLabels[summary.link]
      unseenCount.textContent = String(summary.unseen.length)
      unseenLabel.textContent = summary.unseen.length === 1 ? 'edit not yet seen by the others' : 'edits not yet seen by the others'
      unseenList.replaceChildren(
        ...summary.unseen.map(({ op, missingAt }) =>
          h('li', {}, h('span', { class: 'op-what' }, describeOp(op, nameOf).what), h('span', { class: 'op-missing' }, `missing at ${missingAt.join(', ')}`)),
        ),
      )
      internals.update(summary, nameOf)
    },
  }
}
