import '../styles/access.css'
import { inAppLink } from '../routing/navigate.ts'
import { brandMark } from '../ui/brandMark.ts'
import { h } from '../ui/h.ts'

/**
 * The page for a document this device has no link to, on a relay that needs one: says so plainly
 * and how to get in, instead of showing an editor that can never sync. Returns its unmount.
 */
export function mountNeedLinkPage(root: HTMLElement, name: string): () => void {
  document.title = `You need a link · Mergepad`
  root.replaceChildren(
    h('div', { class: 'message-page need-link', 'data-testid': 'need-link' },
      brandMark(),
      h('h1', {}, 'You need a link to open this document'),
      h('p', { 'data-testid': 'message' }, `“${name}” is shared by link. Ask its owner for an edit or view link, then open that link on this device.`),
      inAppLink(h('a', { class: 'button button-primary', href: '/' }, 'Go to Mergepad')),
    ),
  )
  return () => {}
}
