import { inAppLink } from '../routing/navigate.ts'
import { brandMark } from './brandMark.ts'
import { h } from './h.ts'

/** A page with only a heading, a sentence and a way home: bad document names and unknown paths. */
export function mountMessagePage(root: HTMLElement, title: string, message: string): () => void {
  document.title = `${title} · Mergepad`
  root.replaceChildren(
    h('main', { class: 'message-page', 'data-testid': 'message-page' },
      brandMark(),
      h('h1', {}, title),
      h('p', { 'data-testid': 'message' }, message),
      inAppLink(h('a', { class: 'button button-primary', href: '/' }, 'Go to Mergepad')),
    ),
  )
  return () => {}
}
