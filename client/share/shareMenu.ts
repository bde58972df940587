import { accessMode } from '../access/accessApi.ts'
import type { PageAccess } from '../access/pageAccess.ts'
import { docPath } from '../routing/route.ts'
import { h } from '../ui/h.ts'
import { icon } from '../ui/icons.ts'
import { popover } from '../ui/popover.ts'
import { copyText } from './copyText.ts'
import { downloadText, type DownloadFormat } from './download.ts'
import { linkManager } from './linkManager.ts'

const roleSentence = { owner: 'You own this document.', edit: 'Your link lets you edit. Anyone you give it to can edit too.', view: 'Your link lets you read. Anyone you give it to can read too.' }

/**
 * The "Share" button and its menu. An owner sees the document's live edit and view links (copy,
 * revoke, make new ones with an expiry); someone who opened a link can copy that link; on an open
 * relay, the page's address is the link. Everyone can download the text as `.md` or `.txt`;
 * `currentText` is read at the moment of download.
 */
export function shareMenu(docName: string, currentText: () => string, access: PageAccess): HTMLElement {
  const button = h('button', { class: 'button share-button', type: 'button', 'data-testid': 'share', 'aria-label': 'Share', 'aria-haspopup': 'menu' }, icon('share'), h('span', { class: 'share-label' }, 'Share'))
  const copied = h('span', { class: 'menu-note', role: 'status' })
  const copyLink = (url: string) => async () => {
    const ok = await copyText(url)
    copied.textContent = ok ? 'Link copied' : 'Copy failed: select the address bar instead'
    setTimeout(() => (copied.textContent = ''), 2500)
  }
  const download = (format: DownloadFormat) => () => {
    downloadText(docName, currentText(), format)
    close()
  }
  const pageUrl = location.origin + docPath(docName)
  const owner = access.kind === 'link' && access.held.role === 'owner' ? linkManager(docName, access.held.token) : null
  const openNote = h('div', { class: 'share-open', hidden: access.kind === 'link' },
    h('p', { class: 'share-text' }, 'This server is open: anyone who can reach it can open and edit this document by its address.'),
    h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': 'copy-link', onclick: copyLink(pageUrl) }, 'Copy link'),
  )
  const ownerPart = owner && h('div', { class: 'share-owner' }, h('div', { class: 'menu-title' }, 'Share links'), owner.element)
  const sharing =
    access.kind === 'link' && !owner
      ? [
          h('p', { class: 'share-text' }, roleSentence[access.held.role]),
          h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': 'copy-link', onclick: copyLink(`${pageUrl}#${access.held.token}`) }, 'Copy your link'),
        ]
      : [ownerPart, openNote]
  const panel = h(
    'div',
    { class: `menu share-menu${owner ? ' share-menu-owner' : ''}`, role: 'menu', 'data-testid': 'share-menu' },
    ...sharing,
    copied,
    h('div', { class: 'menu-sep' }),
    h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': 'download-md', onclick: download('md') }, 'Download .md'),
    h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': 'download-txt', onclick: download('txt') }, 'Download .txt'),
  )
  const close = popover(button, panel)
  // On an open relay links mean nothing, so an owner is shown the page's address instead.
  button.addEventListener('click', async () => {
    if (panel.hidden || !owner || !ownerPart) return
    const open = (await accessMode()) === 'open'
    ownerPart.hidden = open
    openNote.hidden = !open
    panel.classList.toggle('share-menu-owner', !open)
    if (!open) await owner.refresh()
  })
  return h('div', { class: 'menu-anchor' }, button, panel)
}
