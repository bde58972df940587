import { inAppLink } from '../../routing/navigate.ts'
import { brandMark } from '../../ui/brandMark.ts'
import { h } from '../../ui/h.ts'
import './layout.css'
import { principleList } from './principles.ts'

/** The parts of the demo page that change, built elsewhere and placed by {@link demoLayout}. */
export interface DemoParts {
  readonly stage: HTMLElement
  readonly relay: HTMLElement
  readonly replicas: readonly HTMLElement[]
  readonly contrast: HTMLElement
}

/**
 * The demo page: header, introduction with the five ideas, then `parts` with a legend, all in the
 * page's one `main` landmark.
 */
export function demoLayout(parts: DemoParts): HTMLElement {
  return h(
    'main',
    { class: 'demo' },
    h(
      'header',
      { class: 'demo-header' },
      inAppLink(h('a', { href: '/', class: 'demo-home', 'aria-label': 'Mergepad home' }, brandMark())),
      h('span', { class: 'demo-kicker' }, 'How merging works'),
    ),
    h(
      'section',
      { class: 'demo-intro' },
      h('h1', {}, 'Three leaders, one text'),
      h(
        'p',
        { class: 'demo-lede' },
        'Alice, Bob and Carol each hold a full copy of the same document, a replica, connected through the real Mergepad relay. Cut them off, let them all edit, reconnect them, and watch the copies merge without losing a keystroke.',
      ),
      principleList(),
    ),
    parts.stage,
    parts.relay,
    h('div', { class: 'replicas' }, ...parts.replicas),
    h(
      'p',
      { class: 'demo-legend' },
      'Tinted text shows who wrote it; plain text is the starting text. Under “Internals”, every character has an id, its writer and a counter: an insert remembers the character it went after, a delete names the ids it removes. Everything here is real: three Yjs documents, three WebSocket connections, one relay.',
    ),
    parts.contrast,
  )
}
